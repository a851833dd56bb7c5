/**
 * Stream leases: the releases asked for in one turn of the event loop reach the store as one call, and each caller
 * learns whether this instance still held its call.
 */
import { afterEach, expect, it } from 'vitest';
import { StreamLeases } from '../../server/calls/stream-leases';
import { createLogger } from '../../server/log';

const leases: StreamLeases[] = [];
afterEach(() => {
  for (const lease of leases.splice(0)) lease.close();
});

function leasesWith(releaseStreams: (callIds: readonly string[], instanceId: string) => Promise<string[]>) {
  const lease = new StreamLeases({
    store: { claimStream: async () => undefined, renewStreamLeases: async () => undefined, releaseStreams },
    instanceId: 'instance-a',
    leaseMs: 60_000,
    heldCallIds: () => [],
    log: createLogger('silent'),
    now: () => 0,
  });
  leases.push(lease);
  return lease;
}

it('gives up the leases released in one turn with one store call, and tells each caller whether it still held its call', async () => {
  const calls: string[][] = [];
  const lease = leasesWith(async (callIds) => {
    calls.push([...callIds]);
    return callIds.filter((callId) => callId !== 'moved');
  });
  const results = await Promise.all(['c1', 'moved', 'c2', 'c1'].map((callId) => lease.release(callId)));
  expect(calls).toEqual([['c1', 'moved', 'c2']]);
  expect(results).toEqual([true, false, true, true]);
  // The next turn's releases make a statement of their own.
  expect(await lease.release('c3')).toBe(true);
  expect(calls).toEqual([['c1', 'moved', 'c2'], ['c3']]);
});

it('acts as the owner of every call in a batch the store failed to release', async () => {
  const lease = leasesWith(async () => {
    throw new Error('database unavailable');
  });
  expect(await Promise.all([lease.release('c1'), lease.release('c2')])).toEqual([true, true]);
});
