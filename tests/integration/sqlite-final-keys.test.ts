/**
 * SQLite finds repeated finals without a unique index (migration 019, sqlite-final-keys.ts): its one writing process
 * keeps each call's keys. A repeat is refused however old the line it repeats, after a restart, and after the call's
 * keys were dropped from memory; a failed batch leaves no key behind that would refuse its own retry; a deleted call
 * takes its keys with it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newCallRecord } from '../../server/domain/call-record';
import { openSqliteCallStore, type SqliteCallStore, type SqliteStoreOptions } from '../../server/store/sqlite-call-store';
import { stagingTable, stagingTableOf } from '../../server/store/sqlite-line-staging';
import { tempDatabasePath } from '../helpers/earshot-harness';
import { newFinal } from '../helpers/store-contract';

const opened: SqliteCallStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

async function open(path = tempDatabasePath(), options: SqliteStoreOptions = {}) {
  const store = await openSqliteCallStore(path, options);
  opened.push(store);
  return store;
}

const texts = (segments: { callId: string; seq: number; text: string }[]) => segments.map((segment) => `${segment.callId}:${segment.seq}:${segment.text}`);

describe('SQLite final keys', () => {
  it('has no unique index on (call_id, dedup_key) any more', async () => {
    const store = await open();
    const indexes = store.sqlite.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'segments'").pluck().all();
    expect(indexes).not.toContain('segments_dedup');
  });

  it('refuses a repeat of a line 500 lines back, and of lines whose keys memory dropped', async () => {
    const store = await open(tempDatabasePath(), { maxRememberedFinalKeys: 10 });
    for (const callId of ['long', 'other']) await store.ensureCall(newCallRecord(callId, 0, null));
    const lines = Array.from({ length: 500 }, (_, index) => newFinal('long', `line ${index}`, index * 1_000));
    expect(await store.appendFinals(lines)).toHaveLength(500);
    // 'other' writes last: past the bound of 10, the keys of 'long' leave memory.
    expect(texts(await store.appendFinals([newFinal('other', 'hello')]))).toEqual(['other:1:hello']);
    expect(texts(await store.appendFinals([newFinal('long', 'line 0', 0), newFinal('long', 'line 499', 499_000), newFinal('long', 'new', 600_000)]))).toEqual(['long:501:new']);
    expect(texts(await store.appendFinals([newFinal('other', 'hello'), newFinal('long', 'line 250', 250_000)]))).toEqual([]);
  });

  it('stores every line of a batch that failed halfway once it is retried', async () => {
    const store = await open();
    await store.ensureCall(newCallRecord('f', 0, null));
    // New lines go into their call's staging table first (sqlite-line-staging.ts).
    store.sqlite.exec(`CREATE TEMP TRIGGER fail_boom BEFORE INSERT ON main.${stagingTable(stagingTableOf('f'))} WHEN new.text = 'boom' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    const batch = [newFinal('f', 'first'), newFinal('f', 'boom', 1_000)];
    await expect(store.appendFinals(batch)).rejects.toThrow('injected fault');
    store.sqlite.exec('DROP TRIGGER fail_boom');
    expect(texts(await store.appendFinals(batch))).toEqual(['f:1:first', 'f:2:boom']);
  });

  it('stores a line again once its call was deleted, numbering from 1', async () => {
    const path = tempDatabasePath();
    const store = await open(path);
    await store.ensureCall({ ...newCallRecord('gone', 0, null), state: 'disconnected', endedAt: 10 });
    expect(texts(await store.appendFinals([newFinal('gone', 'said once')]))).toEqual(['gone:1:said once']);
    expect(await store.deleteEndedCalls(['gone'])).toEqual(['gone']);
    await store.ensureCall(newCallRecord('gone', 20, null));
    expect(texts(await store.appendFinals([newFinal('gone', 'said once')]))).toEqual(['gone:1:said once']);
  });
});
