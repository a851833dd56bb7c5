/**
 * The directory part of the store contract (directory-store.ts), on SQLite and PostgreSQL: upserts with teams in one
 * transaction, all or nothing; search and paging by raw id; deletes; the team look-up team scoping uses; and the
 * in-memory Directory on top (labels, teams, the labels it reports changed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryEntry, ParticipantLabel } from '../../lib/directory';
import { localClusterBus } from '../../server/cluster/cluster-bus';
import { Directory } from '../../server/directory/directory';
import { createLogger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';
import { openPostgresCallStore } from '../../server/store/postgres-call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { tempDatabasePath } from '../helpers/earshot-harness';
import { createTestDatabase, postgresReachable } from '../helpers/services';

const postgres = await postgresReachable();
const entry = (rawId: string, displayName: string, teamIds: string[] = [], kind: DirectoryEntry['kind'] = 'agent', updatedAt = 1): DirectoryEntry => ({ rawId, displayName, kind, teamIds, updatedAt });

interface Opened {
  store: CallStore;
  dispose(): Promise<void>;
}

const stores: [string, boolean, () => Promise<Opened>][] = [
  [
    'SQLite',
    true,
    async () => {
      const store = await openSqliteCallStore(tempDatabasePath());
      return { store, dispose: () => store.close() };
    },
  ],
  [
    'PostgreSQL',
    postgres,
    async () => {
      const database = await createTestDatabase();
      const store = await openPostgresCallStore(database.url);
      return {
        store,
        async dispose() {
          await store.close();
          await database.drop();
        },
      };
    },
  ],
];

describe.each(stores)('%s directory store', (_name, available, open) => {
  let opened: Opened | undefined;
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });

  it.skipIf(!available)('upserts entries with their teams in one transaction, all or none', async () => {
    opened = await open();
    const s = opened.store;
    await s.createTeam({ id: 't1', name: 'Seattle', match: [], createdAt: 1 });
    await s.createTeam({ id: 't2', name: 'Madrid', match: [], createdAt: 1 });
    expect(await s.listDirectory()).toEqual([]);
    expect(await s.putDirectoryEntries([entry('8:acs:derek', 'Derek', ['t2', 't1']), entry('4:+14255550117', 'Jane', [], 'customer')])).toEqual({ ok: true, created: 2, updated: 0 });
    expect(await s.getDirectoryEntry('8:acs:derek')).toEqual(entry('8:acs:derek', 'Derek', ['t1', 't2']));
    // Replaces name, kind and teams; a raw id given twice counts once (the last wins).
    expect(await s.putDirectoryEntries([entry('8:acs:derek', 'Derek R.', ['t2'], 'bot', 2), entry('8:acs:new', 'N'), entry('8:acs:new', 'N2')])).toEqual({ ok: true, created: 1, updated: 1 });
    expect(await s.getDirectoryEntry('8:acs:derek')).toEqual(entry('8:acs:derek', 'Derek R.', ['t2'], 'bot', 2));
    expect((await s.getDirectoryEntry('8:acs:new'))?.displayName).toBe('N2');
    // An unknown team refuses the whole batch: nothing of it is written.
    expect(await s.putDirectoryEntries([entry('8:acs:other', 'O'), entry('8:acs:derek', 'Changed', ['nope'])])).toEqual({ ok: false, reason: 'unknown_team' });
    expect(await s.getDirectoryEntry('8:acs:other')).toBeNull();
    expect((await s.getDirectoryEntry('8:acs:derek'))?.displayName).toBe('Derek R.');
    expect((await s.listDirectory()).map((item) => item.rawId)).toEqual(['4:+14255550117', '8:acs:derek', '8:acs:new']);
  });

  it.skipIf(!available)('searches by raw id or name in any case, pages by raw id, and deletes', async () => {
    opened = await open();
    const s = opened.store;
    const many = Array.from({ length: 25 }, (_, index) => entry(`8:acs:user-${String(index).padStart(2, '0')}`, index % 2 === 0 ? `Ünïcödé ${index}` : `Agent ${index}`));
    expect(await s.putDirectoryEntries([...many, entry('8:acs:percent', '100% _sure_')])).toMatchObject({ ok: true, created: 26 });
    const first = await s.searchDirectory({ limit: 10 });
    expect(first.map((item) => item.rawId)[0]).toBe('8:acs:percent');
    const second = await s.searchDirectory({ limit: 10, after: first.at(-1)?.rawId });
    expect(second[0]?.rawId).toBe('8:acs:user-09');
    expect((await s.searchDirectory({ q: 'ÜNÏ', limit: 100 })).length).toBe(13);
    expect((await s.searchDirectory({ q: 'USER-1', limit: 100 })).map((item) => item.rawId)).toEqual(Array.from({ length: 10 }, (_, index) => `8:acs:user-1${index}`));
    // LIKE wildcards the user types are taken literally.
    expect((await s.searchDirectory({ q: '%', limit: 100 })).map((item) => item.rawId)).toEqual(['8:acs:percent']);
    expect((await s.searchDirectory({ q: '_s', limit: 100 })).map((item) => item.rawId)).toEqual(['8:acs:percent']);
    expect(await s.deleteDirectoryEntry('8:acs:percent')).toBe(true);
    expect(await s.deleteDirectoryEntry('8:acs:percent')).toBe(false);
    expect(await s.getDirectoryEntry('8:acs:percent')).toBeNull();
  });

  it.skipIf(!available)('answers which teams raw ids belong to, and forgets a deleted team or entry', async () => {
    opened = await open();
    const s = opened.store;
    for (const id of ['t1', 't2', 't3']) await s.createTeam({ id, name: id, match: [], createdAt: 1 });
    await s.putDirectoryEntries([entry('8:acs:a', 'A', ['t2', 't1']), entry('8:acs:b', 'B', ['t2']), entry('8:acs:c', 'C', ['t3'])]);
    expect(await s.directoryTeamIds(['8:acs:a', '8:acs:b', '8:acs:unknown'])).toEqual(['t1', 't2']);
    expect(await s.directoryTeamIds([])).toEqual([]);
    expect(await s.deleteTeam('t2')).toBe(true);
    expect(await s.getDirectoryEntry('8:acs:a')).toMatchObject({ teamIds: ['t1'] });
    expect(await s.directoryTeamIds(['8:acs:b'])).toEqual([]);
    await s.deleteDirectoryEntry('8:acs:c');
    expect(await s.directoryTeamIds(['8:acs:c'])).toEqual([]);
  });

  it.skipIf(!available)('caches the directory: labels, teams, and which labels a change altered', async () => {
    opened = await open();
    const s = opened.store;
    await s.createTeam({ id: 't1', name: 'Seattle', match: [], createdAt: 1 });
    await s.putDirectoryEntries([entry('8:acs:derek', 'Derek', ['t1'])]);
    const directory = new Directory({ store: s, bus: localClusterBus('test'), log: createLogger('silent') });
    await directory.start();
    const heard: ParticipantLabel[][] = [];
    directory.onChange((labels) => heard.push(labels));
    expect(directory.labelOf('8:acs:derek')).toBe('Derek (agent)');
    expect(directory.labelOf('4:+14255550117')).toBe('Caller +1 425 555 0117');
    expect(directory.teamIdsOf(['8:acs:derek', '4:+14255550117'])).toEqual(['t1']);

    await s.putDirectoryEntries([entry('4:+14255550117', 'Jane', [], 'customer'), entry('8:acs:derek', 'Derek', [])]);
    await directory.changed(['4:+14255550117', '8:acs:derek']);
    // Derek's label did not change (only his teams did): only Jane's is news.
    expect(heard).toEqual([[{ rawId: '4:+14255550117', label: 'Jane (customer)' }]]);
    expect(directory.teamIdsOf(['8:acs:derek'])).toEqual([]);
    await s.deleteDirectoryEntry('4:+14255550117');
    await directory.changed(null);
    expect(heard[1]).toEqual([{ rawId: '4:+14255550117', label: 'Caller +1 425 555 0117' }]);
    directory.close();
  });
});
