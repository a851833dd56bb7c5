/**
 * Pipeline health: a call's transcript stream state and packet times, over a real CallService and SQLite store on a
 * clock the test drives. A stream that closes while a callback-driven call goes on is `reconnecting`, then `lost`
 * once the grace has passed with no stream back; one that comes back is `connected`; ACS ending the call or its
 * transcription means nothing more is expected (`closed`); a stream-only call whose stream never came back is ended
 * with its stream `lost`. The call list row carries it all, and ACS's failure code when transcription failed.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_ATTENTION_SIGNALS } from '../../lib/attention';
import type { CallListRow } from '../../lib/protocol';
import type { Broadcaster } from '../../server/calls/broadcaster';
import { CallService } from '../../server/calls/call-service';
import { OrphanSweep } from '../../server/calls/reconcile-calls';
import type { NormalizedLine } from '../../server/domain/transcript-line';
import { speakerFromRawId } from '../../server/domain/speaker';
import { createLogger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';

const GRACE_MS = 30_000;
let now = 1_700_000_000_000;
let store: CallStore;
let calls: CallService;
let sweep: OrphanSweep;
let rows: CallListRow[];

const noop = () => undefined;

beforeEach(async () => {
  now = 1_700_000_000_000;
  rows = [];
  const broadcaster: Broadcaster = { segment: noop, interim: noop, callUpdated: noop, summary: noop, audit: noop, ringing: noop, callsChanged: (changed) => rows.push(...changed) };
  store = await openSqliteCallStore(':memory:');
  const log = createLogger('silent');
  calls = new CallService({ store, broadcaster, log, listIntervalMs: 3_600_000, streamLeaseMs: GRACE_MS, now: () => now });
  sweep = new OrphanSweep({ store, calls, acs: null, log, now: () => now }, 3_600_000, GRACE_MS);
});

afterEach(async () => {
  sweep.close();
  await calls.close();
  await store.close();
});

function line(text: string, isFinal: boolean, offsetMs = 0): NormalizedLine {
  return { speaker: speakerFromRawId('4:+14255550100'), text, offsetMs, durationMs: 500, confidence: 0.9, words: [], sentiment: null, language: null, piiMasked: false, isFinal };
}

/** A call that callbacks drive (answered through ACS), with transcription running. */
async function managedCall() {
  const callId = randomUUID();
  await calls.updateCall(callId, (record) => {
    record.lifecycleManaged = true;
    record.state = 'connected';
    record.transcription = 'active';
  }, { createIfMissing: true });
  return callId;
}

const health = async (callId: string) => (await calls.getCall(callId))?.health;

describe('pipeline health', () => {
  it('a stream that drops mid-call is reconnecting, lost after the grace, and connected again when it returns', async () => {
    const callId = await managedCall();
    const lost: string[] = [];
    calls.observe({ finalStored: () => undefined, transcriptionLost: (id, cause) => lost.push(`${id}:${cause}`) });
    expect(await health(callId)).toMatchObject({ stream: 'none', lastPacketAt: null, lastFinalAt: null });

    const call = await calls.attachStream(callId, null);
    expect(await health(callId)).toMatchObject({ stream: 'connected', streamSince: now });
    now += 1_234;
    calls.ingestLine(call, line('Hello', false));
    calls.ingestLine(call, line('Hello there.', true));
    await calls.flushNow();
    expect(await health(callId)).toMatchObject({ lastPacketAt: now - (now % 1_000), lastFinalAt: now });

    now += 5_000;
    await calls.detachStream(call);
    const droppedAt = now;
    expect(await health(callId)).toMatchObject({ stream: 'reconnecting', streamSince: droppedAt });

    now += GRACE_MS - 1;
    await sweep.sweep();
    expect((await health(callId))?.stream).toBe('reconnecting');
    now += 1;
    await sweep.sweep();
    expect(await health(callId)).toMatchObject({ stream: 'lost', streamSince: now });
    expect(await calls.getCall(callId)).toMatchObject({ state: 'connected' });
    // The "transcription failed or stream lost" rules hear it, once.
    expect(lost).toEqual([`${callId}:stream_lost`]);
    await sweep.sweep();
    expect(lost).toHaveLength(1);

    now += 10_000;
    await calls.attachStream(callId, null);
    expect(await health(callId)).toMatchObject({ stream: 'connected', streamSince: now });
    await calls.flushNow();
    const row = rows.findLast((item) => item.callId === callId);
    expect(row?.health).toMatchObject({ stream: 'connected', streamSince: now });
  });

  it('a stream that closes because a stop was asked for, or after ACS ended the call, is closed', async () => {
    const stopped = await managedCall();
    const stream = await calls.attachStream(stopped, null);
    await calls.updateCall(stopped, (record) => {
      record.transcription = 'stopping';
    });
    await calls.detachStream(stream);
    expect((await health(stopped))?.stream).toBe('closed');

    const ended = await managedCall();
    const other = await calls.attachStream(ended, null);
    await calls.updateCall(ended, (record) => {
      record.state = 'disconnected';
    });
    await calls.detachStream(other);
    expect((await health(ended))?.stream).toBe('closed');
    now += GRACE_MS * 2;
    await sweep.sweep();
    expect((await health(stopped))?.stream).toBe('closed');
    expect((await health(ended))?.stream).toBe('closed');
  });

  it('a stream-only call ends with its stream when it closes, and one whose holder died is ended as lost', async () => {
    const callId = randomUUID();
    const stream = await calls.attachStream(callId, null);
    await calls.detachStream(stream);
    expect(await calls.getCall(callId)).toMatchObject({ state: 'disconnected', health: { stream: 'closed' } });

    // Another process held this one and died: its lease ran out with the stream still marked connected.
    const orphan = randomUUID();
    await store.ensureCall({ ...(await calls.getCall(callId))!, callId: orphan, state: 'connected', transcription: 'active', endedAt: null, serverCallId: null, lifecycleManaged: false, attentionSignals: NO_ATTENTION_SIGNALS, health: { stream: 'connected', streamSince: now, lastPacketAt: now, lastFinalAt: null } });
    await store.claimStream(orphan, 'dead-instance', now + GRACE_MS);
    now += GRACE_MS + 1;
    await sweep.sweep();
    expect(await calls.getCall(orphan)).toMatchObject({ state: 'disconnected', health: { stream: 'lost' } });
  });

  it('interim results move the packet time, to the second, at most once a second', async () => {
    const callId = await managedCall();
    const call = await calls.attachStream(callId, null);
    now = 1_700_000_010_100;
    calls.ingestLine(call, line('Hel', false));
    now += 800;
    calls.ingestLine(call, line('Hello', false));
    expect(call.record.health.lastPacketAt).toBe(1_700_000_010_000);
    now += 200;
    calls.ingestLine(call, line('Hello th', false));
    expect(call.record.health.lastPacketAt).toBe(1_700_000_011_000);
    await calls.flushNow();
    expect((await store.getCall(callId))?.health.lastPacketAt).toBe(1_700_000_011_000);
  });

  it('the list row names ACS’s failure code when transcription failed', async () => {
    const callId = await managedCall();
    await calls.updateCall(callId, (record) => {
      record.transcription = 'failed';
      record.lastError = { action: 'transcription', code: '8581', message: 'Speech service refused the request.', at: now };
    });
    await calls.flushNow();
    const { rows: listed } = await calls.callListRows();
    expect(listed.find((row) => row.callId === callId)?.transcriptionFailure).toEqual({ code: '8581', message: 'Speech service refused the request.' });
  });
});
