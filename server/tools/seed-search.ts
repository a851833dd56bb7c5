/**
 * npm run seed:search — fills a database with calls and final lines for measuring search: by default 2,000 calls and
 * 1,000,000 lines of varied contact-centre text (English, Spanish, some Hindi; some PII-masked), into DATABASE_URL
 * (PostgreSQL) when set, else the SQLite file DATABASE_PATH (default ./data/earshot.db). Lines are written in large
 * transactions straight into `segments` (the search index follows through its triggers / generated column, as in
 * production). Deterministic: the same SEED_CALLS / SEED_LINES / SEED_RANDOM write the same text.
 *
 *   SEED_CALLS=2000 SEED_LINES=1000000 DATABASE_PATH=/tmp/search.db npm run seed:search
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newCallRecord } from '../domain/call-record';
import type { CallStore } from '../store/call-store';
import { openPostgresCallStore, type PostgresCallStore } from '../store/postgres-call-store';
import { openSqliteCallStore, type SqliteCallStore } from '../store/sqlite-call-store';
import { callLanguage, seededRandom, seedLine } from './seed-search-text';

export interface SeedOptions {
  calls: number;
  lines: number;
  /** PRNG seed. */
  random?: number;
  /** Epoch ms the newest line is close to (default now). */
  now?: number;
  onProgress?: (written: number, total: number) => void;
}

interface SegmentRow {
  call_id: string;
  seq: number;
  utterance_id: string;
  speaker_raw_id: string;
  speaker_kind: string;
  speaker_label: string;
  text: string;
  offset_ms: number;
  duration_ms: number;
  confidence: number;
  words_json: string;
  sentiment: string;
  language: string;
  pii_masked: number;
  received_at: number;
  dedup_key: string;
}

const COLUMNS = ['call_id', 'seq', 'utterance_id', 'speaker_raw_id', 'speaker_kind', 'speaker_label', 'text', 'offset_ms', 'duration_ms', 'confidence', 'words_json', 'sentiment', 'language', 'pii_masked', 'received_at', 'dedup_key'] as const;
const PG_TYPES = ['text', 'int', 'text', 'text', 'text', 'text', 'text', 'float8', 'float8', 'real', 'text', 'text', 'text', 'int', 'int8', 'text'] as const;
const BATCH = 5_000;
const DAY_MS = 86_400_000;
const LIVE_SHARE = 0.1;

/** Writes `calls` calls and `lines` final lines; returns the call ids. */
export async function seedSearchData(store: SqliteCallStore | PostgresCallStore, options: SeedOptions): Promise<string[]> {
  const random = seededRandom(options.random ?? 20261202);
  const now = options.now ?? Date.now();
  const perCall = Math.floor(options.lines / options.calls);
  const liveFrom = Math.floor(options.calls * (1 - LIVE_SHARE));
  const callIds: string[] = [];
  const write = 'sqlite' in store ? sqliteWriter(store) : postgresWriter(store);
  let batch: SegmentRow[] = [];
  let written = 0;
  for (let index = 0; index < options.calls; index += 1) {
    const callId = `seed-${String(index).padStart(5, '0')}`;
    callIds.push(callId);
    // Pairs of calls trade lines, so lengths vary and the total stays exact; the last call takes the remainder.
    const swing = Math.floor(random() * perCall * 0.8);
    const count = index === options.calls - 1 ? options.lines - written - batch.length : Math.max(1, perCall + (index % 2 === 0 ? swing : -swing));
    const live = index >= liveFrom;
    const spacingMs = 3_000 + Math.floor(random() * 3_000);
    // Ended calls spread over the last 30 days; live calls end about now.
    const startedAt = live ? now - count * spacingMs - Math.floor(random() * 60_000) : now - 30 * DAY_MS + Math.floor((index / liveFrom) * 29 * DAY_MS);
    const caller = `4:+1425555${String(1000 + (index % 9000)).padStart(4, '0')}`;
    const agent = `8:acs:seed_agent${index % 40}`;
    const language = callLanguage(random);
    const record = newCallRecord(callId, startedAt, null);
    record.participants = [
      { rawId: caller, kind: 'phoneNumber', label: `+1 425 555 ${caller.slice(-4)}` },
      { rawId: agent, kind: 'communicationUser', label: `Agent ${index % 40}` },
    ];
    record.locale = language;
    record.lastSeq = count;
    if (!live) {
      record.state = 'disconnected';
      record.transcription = 'stopped';
      record.endedAt = startedAt + count * spacingMs + 5_000;
    }
    await store.ensureCall(record);
    for (let seq = 1; seq <= count; seq += 1) {
      const line = seedLine(random, language);
      const fromCaller = seq % 2 === 0;
      const offset = seq * spacingMs;
      batch.push({
        call_id: callId,
        seq,
        utterance_id: `${callId}-u${seq}`,
        speaker_raw_id: fromCaller ? caller : agent,
        speaker_kind: fromCaller ? 'phoneNumber' : 'communicationUser',
        speaker_label: fromCaller ? `+1 425 555 ${caller.slice(-4)}` : `Agent ${index % 40}`,
        text: line.text,
        offset_ms: offset,
        duration_ms: 2_500,
        confidence: 0.9,
        words_json: '[]',
        sentiment: line.sentiment,
        language: line.language,
        pii_masked: line.piiMasked ? 1 : 0,
        received_at: startedAt + offset,
        dedup_key: `${callId}-${seq}`,
      });
      if (batch.length >= BATCH) {
        await write(batch);
        written += batch.length;
        batch = [];
        options.onProgress?.(written, options.lines);
      }
    }
  }
  if (batch.length > 0) {
    await write(batch);
    written += batch.length;
    options.onProgress?.(written, options.lines);
  }
  return callIds;
}

function sqliteWriter(store: SqliteCallStore) {
  const insert = store.sqlite.prepare(`INSERT INTO segments (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((column) => `@${column}`).join(', ')})`);
  const insertAll = store.sqlite.transaction((rows: SegmentRow[]) => {
    for (const row of rows) insert.run(row);
  });
  return async (rows: SegmentRow[]) => insertAll(rows);
}

function postgresWriter(store: PostgresCallStore) {
  // One statement per batch: a column of values each, unnested into rows.
  const statement = `INSERT INTO segments (${COLUMNS.join(', ')}) SELECT * FROM unnest(${PG_TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(', ')})`;
  return async (rows: SegmentRow[]) => {
    await store.pool.query(
      statement,
      COLUMNS.map((column) => rows.map((row) => row[column])),
    );
  };
}

async function main() {
  const calls = Number(process.env.SEED_CALLS ?? 2_000);
  const lines = Number(process.env.SEED_LINES ?? 1_000_000);
  if (!Number.isInteger(calls) || calls < 1 || !Number.isInteger(lines) || lines < calls) throw new Error('SEED_CALLS ≥ 1 and SEED_LINES ≥ SEED_CALLS, whole numbers');
  const url = process.env.DATABASE_URL;
  const store: CallStore & (SqliteCallStore | PostgresCallStore) = url ? await openPostgresCallStore(url) : await openSqliteCallStore(path.resolve(process.env.DATABASE_PATH ?? './data/earshot.db'));
  console.log(`Seeding ${calls.toLocaleString('en')} calls and ${lines.toLocaleString('en')} lines into ${url ? 'PostgreSQL (DATABASE_URL)' : (process.env.DATABASE_PATH ?? './data/earshot.db')}…`);
  const started = Date.now();
  let lastPrint = 0;
  try {
    await seedSearchData(store, {
      calls,
      lines,
      random: Number(process.env.SEED_RANDOM ?? 20261202),
      onProgress: (written, total) => {
        if (written - lastPrint < 50_000 && written !== total) return;
        lastPrint = written;
        const seconds = (Date.now() - started) / 1000;
        console.log(`  ${written.toLocaleString('en')} / ${total.toLocaleString('en')} lines, ${seconds.toFixed(0)} s (${Math.round(written / seconds).toLocaleString('en')} lines/s)`);
      },
    });
  } finally {
    await store.close();
  }
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
