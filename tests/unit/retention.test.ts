import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { RetentionSweep } from '../../server/history/retention-sweep';
import { createLogger } from '../../server/log';
import { capturingLogger } from '../helpers/earshot-harness';

describe('RETENTION_DAYS', () => {
  it('is off unless set, and a whole number of days otherwise', () => {
    expect(loadConfig({}).retentionDays).toBeNull();
    expect(loadConfig({ RETENTION_DAYS: '' }).retentionDays).toBeNull();
    expect(loadConfig({ RETENTION_DAYS: '30' }).retentionDays).toBe(30);
    for (const value of ['0', '-1', '1.5', 'thirty', '9999999']) {
      let caught: unknown;
      try {
        loadConfig({ RETENTION_DAYS: value });
      } catch (error) {
        caught = error;
      }
      expect(caught, value).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).problems.join('\n')).toContain('RETENTION_DAYS');
    }
  });
});

describe('the retention sweep', () => {
  const DAY_MS = 86_400_000;

  /** A store of ended calls (id → ended at) that records how it was asked. */
  function fakeStore(calls: Map<string, number>) {
    const batches: string[][] = [];
    return {
      batches,
      // Calls in team t-<n % 3>, the multiples of 3 in none (Unassigned); only while the call is still stored.
      async listCallTeams(callIds: readonly string[]) {
        return new Map(callIds.filter((id) => calls.has(id) && Number(id.split('-')[1]) % 3 !== 0).map((id) => [id, [`t-${Number(id.split('-')[1]) % 3}`]]));
      },
      async listCallsEndedBefore(endedBefore: number, limit: number) {
        return [...calls]
          .filter(([, endedAt]) => endedAt < endedBefore)
          .sort((a, b) => a[1] - b[1])
          .slice(0, limit)
          .map(([id]) => ({ callId: id, lines: id === 'old-7' ? 50_000 : 100 }));
      },
      async deleteEndedCalls(callIds: readonly string[]) {
        batches.push([...callIds]);
        const gone = callIds.filter((id) => calls.delete(id));
        return gone;
      },
    };
  }

  it('deletes calls past the cutoff in batches, tells who listens, counts them, and logs counts only', async () => {
    const now = 1_000 * DAY_MS;
    const calls = new Map<string, number>();
    for (let index = 0; index < 250; index += 1) calls.set(`old-${index}`, now - 31 * DAY_MS - index);
    calls.set('recent', now - 29 * DAY_MS);
    const store = fakeStore(calls);
    const told: string[] = [];
    const toldTeams = new Map<string, readonly string[]>();
    let counted = 0;
    const { log, lines } = capturingLogger('info');
    const onDeleted = (ids: readonly string[], teams: ReadonlyMap<string, readonly string[]>) => {
      told.push(...ids);
      for (const [id, teamIds] of teams) toldTeams.set(id, teamIds);
    };
    const sweep = new RetentionSweep({ store, days: 30, now: () => now, log, onDeleted, countDeleted: (count) => (counted += count), batchCalls: 100, intervalMs: 3_600_000 });
    // The sweep at start is the one running now.
    expect(await sweep.sweep()).toBe(250);
    await sweep.close();
    // 100 calls a listing; at most 20,000 lines a transaction, and the 50,000-line call alone.
    expect(store.batches.map((batch) => batch.length)).toEqual([100, 100, 42, 1, 7]);
    expect(store.batches[3]).toEqual(['old-7']);
    expect(told).toHaveLength(250);
    // The teams were read before the deletion took them: every call in a team is told with it.
    expect(toldTeams.size).toBe(166);
    expect(toldTeams.get('old-1')).toEqual(['t-1']);
    expect(toldTeams.get('old-248')).toEqual(['t-2']);
    expect(toldTeams.has('old-3')).toBe(false);
    expect(counted).toBe(250);
    expect([...calls.keys()]).toEqual(['recent']);
    const logged = lines().filter((line) => line.msg === 'deleted ended calls past retention');
    expect(logged).toEqual([expect.objectContaining({ deleted: 250, retentionDays: 30 })]);
    expect(JSON.stringify(logged)).not.toContain('old-');
  });

  it('stops when another instance deleted the batch first, and survives a failing store', async () => {
    const store = {
      listCallsEndedBefore: async () => [
        { callId: 'a', lines: 1 },
        { callId: 'b', lines: 1 },
      ],
      deleteEndedCalls: async () => [],
      listCallTeams: async () => new Map<string, string[]>(),
    };
    const sweep = new RetentionSweep({ store, days: 1, now: () => 10 * DAY_MS, log: createLogger('silent'), onDeleted: () => undefined, batchCalls: 2 });
    expect(await sweep.sweep()).toBe(0);
    await sweep.close();
    const failing = new RetentionSweep({
      store: { listCallsEndedBefore: () => Promise.reject(new Error('SQLITE_BUSY')), deleteEndedCalls: async () => [], listCallTeams: async () => new Map<string, string[]>() },
      days: 1,
      now: () => 10 * DAY_MS,
      log: createLogger('silent'),
      onDeleted: () => undefined,
    });
    expect(await failing.sweep()).toBe(0);
    await failing.close();
  });
});
