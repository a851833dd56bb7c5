/**
 * npm run bench:index — what SQLite's full-text indexing costs the ingest flush, in one process (less exposed to
 * other work on the machine than `npm run bench`'s five). Writes finals to a real SQLite store the way the call
 * service does (a batch every 15 ms, INDEX_BENCH_RATE finals a second over 2,000 calls, words from a 5,000-word
 * vocabulary) and reports each flush's time (appendFinals: waiting for the connection included, so an indexer step
 * in the way counts), the indexer's steps, and the event loop's delay, per mode, the modes interleaved round by round:
 * - `queue`: as shipped (migration 015: the flush queues, the indexer indexes every 250 ms);
 * - `direct`: each line indexed inside the flush, as migration 010 did;
 * - `queue-no-automerge`: the queue, with FTS5's automatic merging off (it then merges 16 segments at once);
 * - `off`: no full-text indexing at all.
 * INDEX_BENCH_MODES (queue,direct,off), INDEX_BENCH_ROUNDS (2), INDEX_BENCH_SECONDS (20), INDEX_BENCH_RATE (1500).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { finalKey } from '../../server/domain/final-key';
import { newCallRecord, type NewFinal } from '../../server/domain/call-record';
import { openSqliteCallStore, type SqliteCallStore } from '../../server/store/sqlite-call-store';

const MODES = (process.env.INDEX_BENCH_MODES ?? 'queue,direct,off').split(',').map((mode) => mode.trim());
const ROUNDS = Number(process.env.INDEX_BENCH_ROUNDS ?? 2);
const SECONDS = Number(process.env.INDEX_BENCH_SECONDS ?? 20);
const RATE = Number(process.env.INDEX_BENCH_RATE ?? 1500);
const CALLS = 2000;
const FLUSH_MS = 15;

/** A deterministic vocabulary: pseudo-words of 3–9 letters, so the index has a realistic spread of terms. */
const VOCABULARY = Array.from({ length: 5_000 }, (_, index) => {
  let word = '';
  let seed = index * 7919 + 13;
  const length = 3 + (index % 7);
  for (let letter = 0; letter < length; letter += 1) {
    seed = (seed * 48271) % 2147483647;
    word += String.fromCharCode(97 + (seed % 26));
  }
  return word;
});

function sentence(seed: number): string {
  const words: string[] = [];
  let state = seed;
  for (let index = 0; index < 12; index += 1) {
    state = (state * 48271) % 2147483647;
    // Zipf-like: most words from the first few hundred.
    const rank = Math.floor(VOCABULARY.length * Math.pow((state % 10_000) / 10_000, 3));
    words.push(VOCABULARY[rank] ?? 'word');
  }
  return words.join(' ');
}

function final(callId: string, line: number): NewFinal {
  const text = sentence(line * 31 + callId.length);
  const speaker = '4:+14255550100';
  return {
    status: 'final',
    callId,
    utteranceId: `u-${line}`,
    speaker: { rawId: speaker, kind: 'phoneNumber', label: 'caller' },
    text,
    offsetMs: line * 3_000,
    durationMs: 2_500,
    confidence: 0.9,
    words: [],
    sentiment: 'neutral',
    language: 'en-US',
    piiMasked: false,
    receivedAt: Date.now(),
    dedupKey: finalKey({ speakerRawId: speaker, offsetMs: line * 3_000, durationMs: 2_500, text }),
  };
}

function applyMode(store: SqliteCallStore, mode: string) {
  switch (mode) {
    case 'queue':
      return;
    case 'queue-no-automerge':
      store.sqlite.exec(`INSERT INTO segments_fts (segments_fts, rank) VALUES ('automerge', 0)`);
      return;
    case 'direct':
      store.sqlite.exec('DROP TRIGGER segments_search_enqueue');
      store.sqlite.exec('CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN INSERT INTO segments_fts (rowid, text) VALUES (new.rowid, new.text); END');
      return;
    case 'off':
      store.sqlite.exec('DROP TRIGGER segments_search_enqueue');
      return;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
const round = (value: number) => Math.round(value * 10) / 10;

async function run(mode: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-index-bench-'));
  const steps: number[] = [];
  let indexedLines = 0;
  const store = await openSqliteCallStore(path.join(dir, 'bench.db'), {
    onSearchIndexStep: ({ lines, ms }) => {
      steps.push(ms);
      indexedLines += lines;
    },
  });
  applyMode(store, mode);
  const callIds = Array.from({ length: CALLS }, (_, index) => `bench-${index}`);
  for (const callId of callIds) await store.ensureCall(newCallRecord(callId, Date.now(), null));
  const flushes: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  let lines = 0;
  let owed = 0;
  while (Date.now() - started < SECONDS * 1_000) {
    const tick = performance.now();
    owed += (RATE * FLUSH_MS) / 1_000;
    const batch: NewFinal[] = [];
    for (; owed >= 1; owed -= 1) {
      batch.push(final(callIds[lines % CALLS] ?? 'bench-0', Math.floor(lines / CALLS)));
      lines += 1;
    }
    const flushStarted = performance.now();
    await store.appendFinals(batch);
    flushes.push(performance.now() - flushStarted);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, FLUSH_MS - (performance.now() - tick))));
  }
  loop.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const queued = store.searchQueueLength();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  flushes.sort((a, b) => a - b);
  steps.sort((a, b) => a - b);
  return {
    mode,
    lines,
    flushMs: { p50: round(percentile(flushes, 50)), p99: round(percentile(flushes, 99)), max: round(flushes.at(-1) ?? 0) },
    indexerStepMs: steps.length === 0 ? null : { steps: steps.length, linesPerStep: Math.round(indexedLines / steps.length), p50: round(percentile(steps, 50)), p99: round(percentile(steps, 99)), max: round(steps.at(-1) ?? 0) },
    eventLoopDelayMs: { p99: round(loop.percentile(99) / 1e6), max: round(loop.max / 1e6) },
    cpuMicrosecondsPerLine: round((cpu.user + cpu.system) / lines),
    queuedAtEnd: queued,
  };
}

// The store's close() waits on unref'd handles only (its checkpoint worker): this keeps Node from exiting meanwhile.
const keepAlive = setInterval(() => undefined, 60_000);
console.log(`load ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}, ${RATE} lines/s for ${SECONDS} s per run`);
for (let index = 0; index < ROUNDS; index += 1) {
  for (const mode of MODES) process.stdout.write(`${JSON.stringify(await run(mode))}\n`);
}
clearInterval(keepAlive);
