/**
 * Calls that start together come due for their aggregate write together (every AGGREGATE_WRITE_MS). The writes are
 * spread over several flushes, a bounded number of calls each, instead of one transaction holding the ingress up. So
 * are the writes of thousands of calls that change at once (their streams dropping together).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { Broadcaster } from '../../server/calls/broadcaster';
import { CallService } from '../../server/calls/call-service';
import { speakerFromRawId } from '../../server/domain/speaker';
import { createLogger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { waitFor } from '../helpers/wait-for';

const CALLS = 650;
const noop = () => undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type CallUpdates = Parameters<CallStore['updateCalls']>[0];

/** A call service on an in-memory SQLite store that shows `watch` every `updateCalls` batch before it is written. */
async function serviceWatchingWrites(now: () => number, watch: (updates: CallUpdates) => void) {
  const sqlite = await openSqliteCallStore(':memory:');
  cleanups.push(() => sqlite.close());
  const store = new Proxy(sqlite, {
    get(target, property) {
      if (property === 'updateCalls') {
        return (updates: CallUpdates) => {
          watch(updates);
          return target.updateCalls(updates);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as CallStore;
  const broadcaster: Broadcaster = { segment: noop, interim: noop, callUpdated: noop, summary: noop, audit: noop, ringing: noop, callsChanged: noop };
  const calls = new CallService({ store, broadcaster, log: createLogger('silent'), listIntervalMs: 3_600_000, now });
  cleanups.push(() => calls.close());
  return { calls, sqlite };
}

it('writes the aggregates of many calls that come due together a bounded batch at a time, and every one of them', async () => {
  let now = 1_700_000_000_000;
  const batches: number[] = [];
  const written = new Set<string>();
  const { calls } = await serviceWatchingWrites(() => now, (updates) => {
    batches.push(updates.length);
    for (const update of updates) if (update.patch.health) written.add(update.callId);
  });

  const live = await Promise.all(Array.from({ length: CALLS }, () => calls.attachStream(randomUUID(), null)));
  const packet = () => {
    for (const call of live) {
      calls.ingestLine(call, { speaker: speakerFromRawId('4:+14255550100'), text: 'Hello', offsetMs: 0, durationMs: 500, confidence: 0.9, words: [], sentiment: null, language: null, piiMasked: false, isFinal: false });
    }
  };
  // A call's first packet changes its row at once (transcription is on); written straight away.
  packet();
  await calls.flushNow();
  written.clear();
  // The next one, a second later, changes only the packet time: every call's aggregates wait, due at the same moment.
  now += 1_000;
  packet();
  // The flush after the packets finds them able to wait: nothing is written yet.
  batches.length = 0;
  await waitFor(() => batches.length > 0, 5_000, 'the flush after the packets');
  expect(written.size).toBe(0);
  batches.length = 0;
  written.clear();
  now += 6_000;
  // The service's once-a-second timer releases what is due.
  await waitFor(() => written.size === CALLS, 10_000, 'every call written');
  expect(Math.max(...batches)).toBeLessThanOrEqual(100);
  expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(CALLS / 100));
});

it('writes thousands of calls that change at once (streams dropping together) a bounded batch at a time, a call someone waits on first', async () => {
  const batches: number[] = [];
  const ended = new Set<string>();
  const { calls, sqlite } = await serviceWatchingWrites(Date.now, (updates) => {
    batches.push(updates.length);
    for (const update of updates) if (update.patch.state === 'disconnected') ended.add(update.callId);
  });

  const live = await Promise.all(Array.from({ length: CALLS }, () => calls.attachStream(randomUUID(), null)));
  await calls.flushNow();
  batches.length = 0;
  // Every stream drops in the same turn: each call (known only from its stream) ends.
  await Promise.all(live.map((call) => calls.detachStream(call)));
  // The last call to change is one a callback updates, and its caller waits for the row to be stored.
  const awaited = live.at(-1)?.callId ?? '';
  await calls.updateCall(awaited, (record) => {
    record.metadata.correlationId = 'awaited-correlation';
  });
  expect((await sqlite.getCall(awaited))?.metadata.correlationId).toBe('awaited-correlation');
  await waitFor(() => ended.size === CALLS, 10_000, 'every ended call written');
  // A hundred a flush, and the awaited call on top of them once.
  expect(Math.max(...batches)).toBeLessThanOrEqual(100 + 1);
  expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(CALLS / 100));
  for (const call of live) expect((await sqlite.getCall(call.callId))?.state).toBe('disconnected');
});
