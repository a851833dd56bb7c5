/**
 * npm run bench:pipeline — Earshot's own cost per packet, without the network: frames are parsed, validated,
 * normalised and ingested into a real CallService over a real SQLite file (or no store with PIPELINE_STORE=none),
 * broadcasts are JSON-encoded as socket.io would but not sent. Next to it, a relay's work on the same frames
 * (JSON.parse, then encode). CPU is the whole process's (process.cpuUsage: GC and worker threads included).
 * PIPELINE_CALLS (2000), PIPELINE_RATE (packets a second, 6000), PIPELINE_SECONDS (15).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseTranscriptionPacket } from '../../lib/acs/transcription-packets';
import type { FinalSegment } from '../../lib/protocol';
import { CallService } from '../../server/calls/call-service';
import type { NewFinal } from '../../server/domain/call-record';
import { normalizeTranscriptionData } from '../../server/ingress/normalize-segment';
import { createLogger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';

const CALLS = Number(process.env.PIPELINE_CALLS ?? 2000);
const RATE = Number(process.env.PIPELINE_RATE ?? 6000);
const SECONDS = Number(process.env.PIPELINE_SECONDS ?? 15);
const TICK_MS = 20;

const frame = (line: number, final: boolean) =>
  `{"kind":"TranscriptionData","transcriptionData":{"text":"Benchmark line ${line} sent=${Date.now()} with a few more words","offset":${line * 30_000_000},"duration":9000000,"confidence":0.9,"words":[],"participantRawID":"4:+14255550100","resultStatus":"${final ? 'Final' : 'Intermediate'}","sentimentAnalysisResult":{"sentiment":"neutral"}}}`;

/** Feeds `handle` at RATE packets a second for `seconds`; returns CPU microseconds per packet. */
async function drive(seconds: number, handle: (text: string, call: number) => void, state: { packets: number }): Promise<number> {
  const before = process.cpuUsage();
  const first = state.packets;
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    const tick = Date.now();
    for (let index = 0; index < (RATE * TICK_MS) / 1000; index += 1) {
      const call = state.packets % CALLS;
      const step = Math.floor(state.packets / CALLS) + 1;
      handle(frame(Math.ceil(step / 3), step % 3 === 0), call);
      state.packets += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, TICK_MS - (Date.now() - tick))));
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / (state.packets - first);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-pipeline-'));
  const settles: number[] = [];
  const sqlite = await openSqliteCallStore(path.join(dir, 'pipeline.db'), { onSettle: ({ ms }) => settles.push(ms) });
  // PIPELINE_SEARCH_INDEX=off: without the full-text index's queue trigger (migrations 010, 015), to see what indexing costs.
  if (process.env.PIPELINE_SEARCH_INDEX === 'off') sqlite.sqlite.exec('DROP TRIGGER segments_search_enqueue');
  const numbered = new Map<string, number>();
  // PIPELINE_STORE=none: the pipeline without its database, to see what storing costs.
  const store: CallStore =
    process.env.PIPELINE_STORE === 'none'
      ? Object.assign(Object.create(sqlite) as CallStore, {
          appendFinals: async (finals: readonly NewFinal[]) =>
            finals.map(({ dedupKey: _key, ...fields }): FinalSegment => {
              const seq = (numbered.get(fields.callId) ?? 0) + 1;
              numbered.set(fields.callId, seq);
              return { ...fields, seq };
            }),
          updateCalls: async () => undefined,
        })
      : sqlite;
  let bytes = 0;
  const encode = (payload: unknown) => {
    bytes += JSON.stringify(payload).length;
  };
  const broadcaster = { segment: encode, interim: encode, callUpdated: encode, summary: encode, callsChanged: encode, audit: encode, ringing: encode };
  const calls = new CallService({ store, broadcaster, log: createLogger('silent'), listIntervalMs: 1000 });
  const live: Awaited<ReturnType<CallService['attachStream']>>[] = [];
  for (let index = 0; index < CALLS; index += 1) live.push(await calls.attachStream(`pipeline-${index}-${Date.now()}`, null));

  const relayState = { packets: 0 };
  await drive(3, (text) => encode(JSON.parse(text)), relayState);
  const relay = await drive(SECONDS, (text) => encode(JSON.parse(text)), relayState);

  const earshotState = { packets: 0 };
  const ingest = (text: string, index: number) => {
    const call = live[index];
    const result = parseTranscriptionPacket(text);
    if (call && result.ok && result.packet.kind === 'TranscriptionData') calls.ingestLine(call, normalizeTranscriptionData(result.packet.transcriptionData, call.lineContext()));
  };
  await drive(5, ingest, earshotState);
  const earshot = await drive(SECONDS, ingest, earshotState);
  await calls.flushNow();
  process.stdout.write(
    `${CALLS} calls, ${RATE} packets/s, store: ${process.env.PIPELINE_STORE === 'none' ? 'none' : 'SQLite'}, search index ${process.env.PIPELINE_SEARCH_INDEX === 'off' ? 'off' : 'on'}\n` +
      `  relay's work (parse + encode): ${relay.toFixed(1)} µs CPU per packet\n` +
      `  Earshot's pipeline:            ${earshot.toFixed(1)} µs CPU per packet (${(earshot / relay).toFixed(2)}×; ${Math.round(bytes / 1e6)} MB encoded)\n` +
      `  staged lines moved into segments ${settles.length} times, longest ${Math.max(0, ...settles).toFixed(0)} ms\n`,
  );
  await calls.close();
  await sqlite.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`pipeline bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
