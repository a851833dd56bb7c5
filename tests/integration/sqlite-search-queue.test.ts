/**
 * SQLite's full-text index fills from a queue outside the ingest transaction (migration 015,
 * sqlite-search-indexer.ts): the indexer reaches a stored line within the promised 2 s on its own, a search never
 * misses a queued line, a deletion takes a line from whichever of queue and index holds it (the index stays whole,
 * also when SQLite reuses a deleted line's rowid), and a restart indexes what a stopped process left queued.
 */
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../lib/search-query';
import { newCallRecord } from '../../server/domain/call-record';
import { openSqliteCallStore, type SqliteCallStore } from '../../server/store/sqlite-call-store';
import { tempDatabasePath } from '../helpers/earshot-harness';
import { newFinal } from '../helpers/store-contract';
import { waitFor } from '../helpers/wait-for';

/** Long enough that nothing is indexed by the timer while a test looks. */
const NEVER_MS = 3_600_000;

const opened: SqliteCallStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

async function open(path: string, searchIndexIntervalMs?: number, settleIntervalMs?: number) {
  const store = await openSqliteCallStore(path, { searchIndexIntervalMs, settleIntervalMs });
  opened.push(store);
  return store;
}

/** Rowids FTS5 itself holds for the words, past the store (whose search would index the queue first). */
function indexed(store: SqliteCallStore, match: string): number[] {
  return store.sqlite
    .prepare<[string], { rowid: number }>('SELECT rowid FROM segments_fts WHERE segments_fts MATCH ? ORDER BY rowid')
    .all(match)
    .map((row) => row.rowid);
}

/** FTS5's own check of the index against the segments table; throws when they differ. */
function checkIndex(store: SqliteCallStore) {
  store.sqlite.prepare("INSERT INTO segments_fts (segments_fts, rank) VALUES ('integrity-check', 1)").run();
}

async function search(store: SqliteCallStore, q: string) {
  const parsed = parseSearchQuery(q);
  if (!parsed.ok) throw new Error(parsed.message);
  return (await store.searchLines({ query: parsed.query, state: 'all', limit: 50 })).hits.map((hit) => `${hit.callId}:${hit.seq}`);
}

async function endedCall(store: SqliteCallStore, callId: string, lines: string[]) {
  await store.ensureCall({ ...newCallRecord(callId, 1, null), state: 'disconnected', endedAt: 10 });
  await store.appendFinals(lines.map((text, index) => newFinal(callId, text, index * 1_000)));
}

describe('SQLite search queue', () => {
  it('stores a line without indexing it in the same transaction, and the indexer reaches it within 2 s', async () => {
    // Staged lines move into segments (and so into the queue) every 5 s by default: here well inside the 2 s.
    const store = await open(tempDatabasePath(), undefined, 200);
    await store.ensureCall(newCallRecord('live', 1, null));
    const storedAt = Date.now();
    await store.appendFinals([newFinal('live', 'the warranty expired yesterday'), newFinal('live', 'cancel the subscription', 1_000)]);
    expect(store.searchQueueLength()).toBe(2);
    await waitFor(() => store.searchQueueLength() === 0, 2_000, 'the indexer to drain the queue');
    expect(Date.now() - storedAt).toBeLessThan(2_000);
    expect(indexed(store, 'warranty')).toHaveLength(1);
    expect(indexed(store, '"cancel the subscription"')).toHaveLength(1);
    checkIndex(store);
  });

  it('finds a queued line at once: a search indexes the queue first', async () => {
    const store = await open(tempDatabasePath(), NEVER_MS);
    await endedCall(store, 'c1', ['necesito la garantía']);
    expect(store.searchQueueLength()).toBe(1);
    expect(await search(store, 'garantia')).toEqual(['c1:1']);
    expect(store.searchQueueLength()).toBe(0);
  });

  it('erasure and retention take lines out of the queue or the index, whichever holds them, and a reused rowid is a new line', async () => {
    const store = await open(tempDatabasePath(), NEVER_MS);
    // `indexed-call`'s lines reach FTS5 (a search indexes the queue); `queued-call`'s stay queued.
    await endedCall(store, 'indexed-call', ['refund for order one', 'refund again']);
    expect(await search(store, 'refund')).toEqual(['indexed-call:2', 'indexed-call:1']);
    await endedCall(store, 'queued-call', ['secret refund two', 'secret three']);
    // Out of the staging table (sqlite-line-staging.ts) into segments: queued, not indexed.
    await store.settleStagedLines();
    expect(store.searchQueueLength()).toBe(2);

    const erasure = { id: 'e1', callId: 'queued-call', actor: 'sam', at: 5, reason: null };
    expect(await store.eraseCall(erasure)).toBe('erased');
    expect(store.searchQueueLength()).toBe(0);
    expect(await search(store, 'secret')).toEqual([]);
    checkIndex(store);

    // The erased lines had the highest rowids: the next lines get them again, with other words.
    const rowidsBefore = store.sqlite.prepare<[], { rowid: number }>('SELECT max(rowid) AS rowid FROM segments').get()?.rowid;
    await endedCall(store, 'reuse', ['brand new words']);
    await store.settleStagedLines();
    const reused = store.sqlite.prepare<[], { rowid: number }>("SELECT rowid FROM segments WHERE call_id = 'reuse'").get()?.rowid;
    expect(reused).toBe((rowidsBefore ?? 0) + 1);
    expect(await search(store, 'secret')).toEqual([]);
    expect(await search(store, '"brand new"')).toEqual(['reuse:1']);

    // Retention: one call indexed, one still staged (not even queued yet), deleted together.
    await endedCall(store, 'late', ['refund pending']);
    expect(store.searchQueueLength()).toBe(1);
    expect((await store.deleteEndedCalls(['indexed-call', 'late'])).sort()).toEqual(['indexed-call', 'late']);
    expect(store.searchQueueLength()).toBe(0);
    expect(indexed(store, 'refund')).toEqual([]);
    expect(await search(store, 'refund')).toEqual([]);
    checkIndex(store);
  });

  it('indexes on start what a stopped process left queued', async () => {
    const path = tempDatabasePath();
    const first = await open(path, NEVER_MS);
    await endedCall(first, 'c1', ['left in the queue']);
    await first.close();
    opened.splice(opened.indexOf(first), 1);
    const raw = new SqliteDatabase(path, { readonly: true });
    try {
      expect(raw.prepare<[], { n: number }>('SELECT count(*) AS n FROM search_queue').get()?.n).toBe(1);
    } finally {
      raw.close();
    }
    const second = await open(path, NEVER_MS);
    expect(second.searchQueueLength()).toBe(0);
    expect(indexed(second, 'queue')).toHaveLength(1);
    checkIndex(second);
  });
});
