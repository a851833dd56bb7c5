/**
 * Shutting down right after streams closed: their calls' ends are stored. A stream's end is recorded a turn later
 * (its lease is given up with the others released in the same turn, stream-leases.ts), so close() waits for it.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Broadcaster } from '../../server/calls/broadcaster';
import { CallService } from '../../server/calls/call-service';
import { createLogger } from '../../server/log';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';

const noop = () => undefined;

it('stores the end of calls whose streams closed just before the service closed', async () => {
  const store = await openSqliteCallStore(':memory:');
  try {
    const broadcaster: Broadcaster = { segment: noop, interim: noop, callUpdated: noop, summary: noop, audit: noop, ringing: noop, callsChanged: noop };
    const calls = new CallService({ store, broadcaster, log: createLogger('silent'), listIntervalMs: 3_600_000 });
    const live = await Promise.all(Array.from({ length: 3 }, () => calls.attachStream(randomUUID(), null)));
    await calls.flushNow();
    // The sockets close, and the process shuts down in the same turn.
    for (const call of live) void calls.detachStream(call);
    await calls.close();
    for (const call of live) expect(await store.getCall(call.callId)).toMatchObject({ state: 'disconnected', transcription: 'stopped' });
  } finally {
    await store.close();
  }
});
