/**
 * SQLite stages new lines in index-free tables and moves them into `segments` a table at a time (migration 020,
 * sqlite-line-staging.ts). Whatever the moment: every read finds every stored line, numbering and repeat refusal
 * count the staged lines, the timer moves each table within the interval, a stopped process's staged lines are moved
 * when the file is opened again, a failed move loses and repeats nothing, and a deleted call takes its staged lines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newCallRecord } from '../../server/domain/call-record';
import { openSqliteCallStore, type SqliteCallStore, type SqliteStoreOptions } from '../../server/store/sqlite-call-store';
import { STAGING_TABLES, stagingTable, stagingTableOf } from '../../server/store/sqlite-line-staging';
import { tempDatabasePath } from '../helpers/earshot-harness';
import { newFinal } from '../helpers/store-contract';
import { waitFor } from '../helpers/wait-for';

/** Long enough that the timer moves nothing while a test looks. */
const NEVER_MS = 3_600_000;

const opened: SqliteCallStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

async function open(path = tempDatabasePath(), options: SqliteStoreOptions = { settleIntervalMs: NEVER_MS }) {
  const store = await openSqliteCallStore(path, options);
  opened.push(store);
  return store;
}

/** Lines of the call (or all) where they are now: [in segments, in staging tables]. */
function where(store: SqliteCallStore, callId?: string): [number, number] {
  const count = (table: string) =>
    callId === undefined
      ? (store.sqlite.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get() ?? 0)
      : (store.sqlite.prepare<[string], number>(`SELECT count(*) FROM ${table} WHERE call_id = ?`).pluck().get(callId) ?? 0);
  let staged = 0;
  for (let index = 0; index < STAGING_TABLES; index += 1) staged += count(stagingTable(index));
  return [count('segments'), staged];
}

const texts = (segments: { seq: number; text: string }[]) => segments.map((segment) => `${segment.seq}:${segment.text}`);

/** Ids that land in `count` different staging tables. */
function idsInDistinctTables(count: number, prefix: string): string[] {
  const byTable = new Map<number, string>();
  for (let index = 0; byTable.size < count; index += 1) {
    const id = `${prefix}-${index}`;
    if (!byTable.has(stagingTableOf(id))) byTable.set(stagingTableOf(id), id);
  }
  return [...byTable.values()];
}

describe('SQLite line staging', () => {
  it('spreads calls over every staging table, the same way each time', () => {
    const counts = new Array<number>(STAGING_TABLES).fill(0);
    for (let index = 0; index < 8_000; index += 1) {
      const table = stagingTableOf(`call-${index}-0d6f2a`);
      counts[table] = (counts[table] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(500);
    expect(stagingTableOf('a8c2e5b0-1c6e-4a2b-9d11-3f0c1e7a9b42')).toBe(stagingTableOf('a8c2e5b0-1c6e-4a2b-9d11-3f0c1e7a9b42'));
  });

  it('stages a stored line, and a read of its call moves that call’s lines first (not the others’)', async () => {
    const store = await open();
    const [a, b] = idsInDistinctTables(2, 'read');
    for (const id of [a, b]) {
      await store.ensureCall(newCallRecord(id as string, 1, null));
      await store.appendFinals([newFinal(id as string, 'one'), newFinal(id as string, 'two', 1_000)]);
    }
    expect(where(store)).toEqual([0, 4]);
    // Numbering knows the staged lines (getCall reads the highest sequence number).
    expect((await store.getCall(b as string))?.lastSeq).toBe(2);

    expect(texts(await store.linesAfter(a as string, 0, 10))).toEqual(['1:one', '2:two']);
    expect(where(store, a)).toEqual([2, 0]);
    expect(where(store, b)).toEqual([0, 2]);
    expect(texts(await store.linesBefore(b as string, null, 1))).toEqual(['2:two']);
    expect(where(store, b)).toEqual([2, 0]);

    await store.appendFinals([newFinal(a as string, 'three', 2_000)]);
    expect(texts(await store.segmentsAfter(a as string, 1, 10))).toEqual(['2:two', '3:three']);
    expect(where(store)).toEqual([5, 0]);
  });

  it('numbers after staged lines and refuses their repeats, also once the call’s keys left memory', async () => {
    const store = await open(tempDatabasePath(), { settleIntervalMs: NEVER_MS, maxRememberedFinalKeys: 1 });
    for (const id of ['x', 'y']) await store.ensureCall(newCallRecord(id, 1, null));
    expect(texts(await store.appendFinals([newFinal('x', 'first'), newFinal('x', 'second', 1_000)]))).toEqual(['1:first', '2:second']);
    // y's line pushes x's keys out of memory: they are read back from the staging table.
    expect(texts(await store.appendFinals([newFinal('y', 'other')]))).toEqual(['1:other']);
    expect(texts(await store.appendFinals([newFinal('x', 'first'), newFinal('x', 'third', 2_000)]))).toEqual(['3:third']);
    expect(await store.recentFinalKeys('x', 10)).toHaveLength(3);
    expect(where(store, 'x')).toEqual([3, 0]);
    // Half settled (above), half staged: still one numbering, still no repeats.
    expect(texts(await store.appendFinals([newFinal('y', 'other'), newFinal('x', 'second', 1_000), newFinal('x', 'fourth', 3_000)]))).toEqual(['4:fourth']);
    expect(texts(await store.linesAfter('x', 0, 10))).toEqual(['1:first', '2:second', '3:third', '4:fourth']);
  });

  it('moves every staging table on its own within the interval, each call’s lines in order', async () => {
    const store = await open(tempDatabasePath(), { settleIntervalMs: 160 });
    const ids = idsInDistinctTables(STAGING_TABLES, 'timer');
    for (const id of ids) await store.ensureCall(newCallRecord(id, 1, null));
    for (let line = 0; line < 5; line += 1) await store.appendFinals(ids.map((id) => newFinal(id, `line ${line}`, line * 1_000)));
    await waitFor(() => where(store)[1] === 0, 5_000, 'the timer to move every staged line');
    expect(where(store)).toEqual([ids.length * 5, 0]);
    const rows = store.sqlite.prepare<[], { call_id: string; seq: number; text: string }>('SELECT call_id, seq, text FROM segments ORDER BY call_id, seq').all();
    for (const id of ids) {
      expect(rows.filter((row) => row.call_id === id).map((row) => `${row.seq}:${row.text}`)).toEqual(['1:line 0', '2:line 1', '3:line 2', '4:line 3', '5:line 4']);
    }
  });

  it('moves what a stopped process left staged when the file is opened again, and numbering goes on', async () => {
    const path = tempDatabasePath();
    const first = await open(path);
    await first.ensureCall(newCallRecord('left', 1, null));
    await first.appendFinals([newFinal('left', 'before the stop'), newFinal('left', 'also before', 1_000)]);
    expect(where(first)).toEqual([0, 2]);
    // Opened while `first` never moved its lines: as after a crash (a clean close moves them).
    const second = await open(path);
    expect(where(second)).toEqual([2, 0]);
    expect(texts(await second.appendFinals([newFinal('left', 'also before', 1_000), newFinal('left', 'after', 2_000)]))).toEqual(['3:after']);
    expect(texts(await second.linesAfter('left', 0, 10))).toEqual(['1:before the stop', '2:also before', '3:after']);
  });

  it('a move that fails loses and repeats nothing: the lines stay staged, and move once the fault is gone', async () => {
    const store = await open();
    await store.ensureCall(newCallRecord('f', 1, null));
    await store.appendFinals([newFinal('f', 'one'), newFinal('f', 'two', 1_000)]);
    store.sqlite.exec("CREATE TEMP TRIGGER fail_move BEFORE INSERT ON main.segments WHEN new.text = 'two' BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
    await expect(store.settleStagedLines()).rejects.toThrow('injected fault');
    await expect(store.linesAfter('f', 0, 10)).rejects.toThrow('injected fault');
    expect(where(store, 'f')).toEqual([0, 2]);
    // Still numbered after the staged lines.
    expect(texts(await store.appendFinals([newFinal('f', 'three', 2_000)]))).toEqual(['3:three']);
    store.sqlite.exec('DROP TRIGGER fail_move');
    expect(texts(await store.linesAfter('f', 0, 10))).toEqual(['1:one', '2:two', '3:three']);
    expect(await store.settleStagedLines()).toBe(0);
    expect(where(store, 'f')).toEqual([3, 0]);
  });

  it('an erased call takes its staged lines; one back under the same id numbers from 1', async () => {
    const store = await open();
    await store.ensureCall({ ...newCallRecord('erased', 1, null), state: 'disconnected', endedAt: 10 });
    await store.appendFinals([newFinal('erased', 'private'), newFinal('erased', 'more', 1_000)]);
    expect(await store.eraseCall({ id: 'e1', callId: 'erased', actor: 'sam', at: 20, reason: null })).toBe('erased');
    expect(where(store, 'erased')).toEqual([0, 0]);
    await store.ensureCall(newCallRecord('erased', 30, null));
    expect(texts(await store.appendFinals([newFinal('erased', 'private')]))).toEqual(['1:private']);
    expect(await store.settleStagedLines()).toBe(1);
    expect(texts(await store.linesAfter('erased', 0, 10))).toEqual(['1:private']);
  });
});
