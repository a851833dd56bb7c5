/**
 * The directory across two instances (in process, on one PostgreSQL database and one Redis prefix): an entry written
 * on A reaches B's cache over the cluster bus, and a browser connected to B hears `directory:changed` from B; an
 * import-sized change (no raw ids: reload all) does too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryChanged } from '../../lib/directory';
import type { EarshotServer } from '../../server/create-app';
import { connectSupervisor, startEarshot, startTestAcs, tempDatabasePath, type TestAcs } from '../helpers/earshot-harness';
import { createTestDatabase, postgresReachable, REDIS_URL, redisReachable, testRedisPrefix, type TestDatabase } from '../helpers/services';
import { waitFor } from '../helpers/wait-for';

const available = (await postgresReachable()) && (await redisReachable());

describe.skipIf(!available)('the directory on two instances', () => {
  let acs: TestAcs;
  let database: TestDatabase;
  let redis: Awaited<ReturnType<typeof testRedisPrefix>>;
  let a: EarshotServer;
  let b: EarshotServer;

  beforeAll(async () => {
    acs = await startTestAcs();
    database = await createTestDatabase();
    redis = await testRedisPrefix();
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: redis.prefix };
    a = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, env });
    b = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, env });
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await acs?.close();
    await database?.drop();
    await redis?.cleanup();
  });

  it('tells B’s cache and B’s browsers of an entry written on A', async () => {
    const socket = await connectSupervisor(b);
    const changes: DirectoryChanged[] = [];
    socket.on('directory:changed', (event) => changes.push(event));
    await a.store.createTeam({ id: 't1', name: 'Seattle', match: [], createdAt: 1 });

    await a.store.putDirectoryEntries([{ rawId: '8:acs:derek', displayName: 'Derek', kind: 'agent', teamIds: ['t1'], updatedAt: 1 }]);
    await a.directory.changed(['8:acs:derek']);
    await waitFor(() => changes.length > 0, 10_000, 'directory:changed on B');
    expect(changes).toEqual([{ labels: [{ rawId: '8:acs:derek', label: 'Derek (agent)' }] }]);
    expect(b.directory.labelOf('8:acs:derek')).toBe('Derek (agent)');
    expect(b.directory.teamIdsOf(['8:acs:derek'])).toEqual(['t1']);

    await a.store.putDirectoryEntries([{ rawId: '4:+14255550117', displayName: 'Jane', kind: 'customer', teamIds: [], updatedAt: 2 }]);
    await a.store.deleteDirectoryEntry('8:acs:derek');
    await a.directory.changed(null);
    await waitFor(() => changes.length > 1, 10_000, 'the second directory:changed on B');
    expect(changes[1]?.labels).toEqual(
      expect.arrayContaining([
        { rawId: '8:acs:derek', label: 'ACS user …:derek' },
        { rawId: '4:+14255550117', label: 'Jane (customer)' },
      ]),
    );
    expect(b.directory.labelOf('4:+14255550117')).toBe('Jane (customer)');
    socket.disconnect();
  });
});
