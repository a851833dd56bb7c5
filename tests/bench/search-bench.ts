/**
 * npm run bench:search — search latency at scale: seeds a throwaway SQLite file and a throwaway PostgreSQL database
 * with BENCH_SEARCH_CALLS calls (2,000) and BENCH_SEARCH_LINES lines (1,000,000) (server/tools/seed-search.ts), then
 * runs a fixed mix of searches through the store's `searchLines` (what `GET /api/search` runs) many times, queries
 * interleaved so noise spreads evenly, and prints p50 / p95 / max per query and store. A plain indexed lookup (the
 * newest 20 lines of one call, by primary key) runs in the same loop as a baseline, so a figure from a busy machine
 * can be read against what the same machine does for a trivial query. Target: search p95 under 200 ms.
 *
 *   npm run bench:search                                     # both stores, fresh databases, dropped afterwards
 *   BENCH_SEARCH_STORES=sqlite npm run bench:search           # one store
 *   BENCH_SEARCH_SQLITE=/tmp/search.db npm run bench:search   # reuse (seed once if empty); also BENCH_SEARCH_POSTGRES=<url>
 *   BENCH_SEARCH_ROUNDS=40                                    # runs of each query (default 30)
 *   BENCH_SEARCH_INDEX=direct                                 # SQLite: index each line as it is inserted (before migration 015)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { NO_HISTORY_FILTER } from '../../lib/call-history-filter';
import { parseSearchQuery } from '../../lib/search-query';
import { seedSearchData } from '../../server/tools/seed-search';
import { openPostgresCallStore, type PostgresCallStore } from '../../server/store/postgres-call-store';
import { openSqliteCallStore, type SqliteCallStore } from '../../server/store/sqlite-call-store';
import type { LineSearch } from '../../server/store/search-store';

const CALLS = Number(process.env.BENCH_SEARCH_CALLS ?? 2_000);
const LINES = Number(process.env.BENCH_SEARCH_LINES ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 30);
const STORES = (process.env.BENCH_SEARCH_STORES ?? 'sqlite,postgres').split(',').map((name) => name.trim());
const ADMIN_URL = process.env.EARSHOT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DAY_MS = 86_400_000;

type Store = SqliteCallStore | PostgresCallStore;

interface Case {
  name: string;
  run: (store: Store) => Promise<number>;
}

function query(text: string): LineSearch['query'] {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) throw new Error(`bad bench query ${text}: ${parsed.message}`);
  return parsed.query;
}

function searchCase(name: string, q: string, extra: Partial<Omit<LineSearch, 'query'>> = {}): Case {
  return { name, run: async (store) => (await store.searchLines({ query: query(q), state: 'all', limit: 20, ...extra })).hits.length };
}

/** The call list's text filter (GET /api/calls?text=…): a page of 50 calls, which the full-text index serves too. */
function callListCase(name: string, text: string): Case {
  return { name, run: async (store) => (await store.listCallPage({ filter: { ...NO_HISTORY_FILTER, text }, after: null, limit: 50 })).calls.length };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function openStore(kind: string): Promise<{ store: Store; dispose: () => Promise<void>; reused: boolean }> {
  if (kind === 'sqlite') {
    const reuse = process.env.BENCH_SEARCH_SQLITE;
    const file = reuse ?? path.join(os.tmpdir(), `earshot-search-bench-${randomBytes(4).toString('hex')}.db`);
    const store = await openSqliteCallStore(file);
    return {
      store,
      reused: reuse !== undefined,
      dispose: async () => {
        await store.close();
        if (reuse === undefined) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  const reuse = process.env.BENCH_SEARCH_POSTGRES;
  if (reuse !== undefined) {
    const store = await openPostgresCallStore(reuse);
    return { store, reused: true, dispose: () => store.close() };
  }
  const name = `earshot_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await openPostgresCallStore(url.toString());
  return {
    store,
    reused: false,
    dispose: async () => {
      await store.close();
      const drop = new pg.Client({ connectionString: ADMIN_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}

async function benchStore(kind: string) {
  const { store, dispose, reused } = await openStore(kind);
  try {
    // BENCH_SEARCH_INDEX=direct (SQLite): seed with each line indexed in its insert transaction, as before the
    // search queue (migration 015), to compare the two indexes' search times back to back.
    if (kind === 'sqlite' && process.env.BENCH_SEARCH_INDEX === 'direct') {
      const sqlite = (store as SqliteCallStore).sqlite;
      sqlite.exec('DROP TRIGGER IF EXISTS segments_search_enqueue');
      sqlite.exec('CREATE TRIGGER IF NOT EXISTS segments_fts_insert AFTER INSERT ON segments BEGIN INSERT INTO segments_fts (rowid, text) VALUES (new.rowid, new.text); END');
    }
    const existing = await store.listCalls(1);
    const now = Date.now();
    let callIds: string[];
    if (reused && existing.length > 0) {
      callIds = (await store.listCalls(CALLS)).map((call) => call.callId);
      console.log(`${kind}: reusing ${callIds.length} calls`);
    } else {
      const started = Date.now();
      let printed = 0;
      callIds = await seedSearchData(store, {
        calls: CALLS,
        lines: LINES,
        now,
        onProgress: (written, total) => {
          if (written - printed < 100_000 && written !== total) return;
          printed = written;
          process.stdout.write(`\r${kind}: seeded ${written.toLocaleString('en')} / ${total.toLocaleString('en')} lines`);
        },
      });
      const seconds = (Date.now() - started) / 1000;
      console.log(`\n${kind}: seeded in ${seconds.toFixed(0)} s (${Math.round(LINES / seconds).toLocaleString('en')} lines/s, search index included)`);
    }
    if (kind === 'postgres') await (store as PostgresCallStore).pool.query('ANALYZE');
    else (store as SqliteCallStore).sqlite.exec('ANALYZE');

    // The cursor of page 10 of a common word, found once: the deep page is then one request like any other.
    let after: LineSearch['after'];
    for (let page = 1; page < 10; page += 1) after = (await store.searchLines({ query: query('the'), state: 'all', limit: 20, after })).next ?? undefined;
    const cases: Case[] = [
      { name: 'baseline: newest 20 lines of a call (primary key)', run: async (target) => (await target.linesBefore(callIds[Math.floor(Math.random() * callIds.length)] ?? '', null, 20)).length },
      searchCase('common word: the', 'the'),
      searchCase('medium word: refund', 'refund'),
      searchCase('rare word: kaleidoscope', 'kaleidoscope'),
      searchCase('phrase: "cancel my subscription"', '"cancel my subscription"'),
      searchCase('prefix: subscr*', 'subscr*'),
      searchCase('Spanish, unaccented: garantia', 'garantia'),
      searchCase('Hindi: खाता', 'खाता'),
      searchCase('two words, exclusion: card -charged', 'card -charged'),
      searchCase('filters: pedido, es, ended, negative, last 7 days, no alerts', 'pedido', { language: 'es', state: 'ended', sentiment: 'negative', from: now - 7 * DAY_MS, hasAlerts: false }),
      searchCase('filters: live calls only, the', 'the', { state: 'live' }),
      searchCase('deep page: the, page 10 by cursor', 'the', { after }),
      callListCase('call list text filter: the', 'the'),
      callListCase('call list text filter: kaleidoscope', 'kaleidoscope'),
      callListCase('call list text filter: "cancel my subscription"', '"cancel my subscription"'),
    ];
    for (const item of cases) await item.run(store); // warm-up
    const times = new Map<string, number[]>(cases.map((item) => [item.name, []]));
    const hits = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const item of cases) {
        const started = performance.now();
        hits.set(item.name, await item.run(store));
        times.get(item.name)?.push(performance.now() - started);
      }
    }
    console.log(`\n${kind} (${CALLS.toLocaleString('en')} calls, ${LINES.toLocaleString('en')} lines, ${ROUNDS} runs each)`);
    console.log(`${'query'.padEnd(64)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'hits'.padStart(5)}`);
    const searchTimes: number[] = [];
    for (const item of cases) {
      const sorted = [...(times.get(item.name) ?? [])].sort((left, right) => left - right);
      if (!item.name.startsWith('baseline') && !item.name.startsWith('call list')) searchTimes.push(...sorted);
      console.log(`${item.name.padEnd(64)} ${percentile(sorted, 50).toFixed(1).padStart(8)} ${percentile(sorted, 95).toFixed(1).padStart(8)} ${(sorted.at(-1) ?? 0).toFixed(1).padStart(8)} ${String(hits.get(item.name) ?? 0).padStart(5)}`);
    }
    searchTimes.sort((left, right) => left - right);
    const p95 = percentile(searchTimes, 95);
    console.log(`${kind}: all searches p50 ${percentile(searchTimes, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${(searchTimes.at(-1) ?? 0).toFixed(1)} ms — ${p95 < 200 ? 'within' : 'OVER'} the 200 ms p95 target`);
  } finally {
    await dispose();
  }
}

async function main() {
  // The SQLite store's close() waits for its checkpoint worker with only unref'd handles (sqlite-checkpointer.ts): a
  // worker busy with a large WAL would let Node exit mid-run with status 0. This keeps the process alive until done.
  const keepAlive = setInterval(() => undefined, 60_000);
  console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}, Node ${process.version}`);
  for (const kind of STORES) {
    if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`unknown store ${kind} (sqlite, postgres)`);
    await benchStore(kind);
  }
  clearInterval(keepAlive);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
