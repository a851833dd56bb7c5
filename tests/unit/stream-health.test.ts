/** The stream-state moves of server/domain/stream-health.ts, one by one. */
import { describe, expect, it } from 'vitest';
import { newCallRecord, type CallRecord } from '../../server/domain/call-record';
import { streamClosed, streamConnected, streamLost, streamNoLongerExpected, streamOverdue } from '../../server/domain/stream-health';

function managed(overrides: Partial<CallRecord> = {}): CallRecord {
  return { ...newCallRecord('call', 0, null), lifecycleManaged: true, ...overrides };
}

describe('stream health', () => {
  it('closing is expected unless a callback-driven call is still transcribing with no stop asked for', () => {
    const cases: [Partial<CallRecord>, string][] = [
      [{}, 'reconnecting'],
      [{ transcription: 'starting' }, 'reconnecting'],
      [{ transcription: 'stopping' }, 'closed'],
      [{ transcription: 'failed' }, 'closed'],
      [{ state: 'disconnected' }, 'closed'],
      [{ lifecycleManaged: false }, 'closed'],
      [{ pending: [{ action: 'stop-transcription', operationContext: 'x', requestedAt: 0, requestedBy: 'sam', locale: null }] }, 'closed'],
    ];
    for (const [overrides, expected] of cases) {
      const record = managed(overrides);
      streamConnected(record, 10);
      streamClosed(record, 20);
      expect(record.health, JSON.stringify(overrides)).toMatchObject({ stream: expected, streamSince: 20 });
    }
  });

  it('ACS ending the call or its transcription settles a reconnecting stream as closed, and leaves others alone', () => {
    const reconnecting = managed();
    streamConnected(reconnecting, 10);
    streamClosed(reconnecting, 20);
    streamNoLongerExpected(reconnecting, 30);
    expect(reconnecting.health).toMatchObject({ stream: 'closed', streamSince: 30 });

    const lost = managed();
    streamLost(lost, 5);
    streamNoLongerExpected(lost, 30);
    expect(lost.health).toMatchObject({ stream: 'lost', streamSince: 5 });
  });

  it('a stream is overdue once open or reconnecting for the grace with nobody holding it', () => {
    const record = managed();
    expect(streamOverdue(record, 1_000_000, 30_000)).toBe(false);
    streamConnected(record, 0);
    expect(streamOverdue(record, 29_999, 30_000)).toBe(false);
    expect(streamOverdue(record, 30_000, 30_000)).toBe(true);
    streamConnected(record, 40_000);
    expect(record.health.streamSince).toBe(0);
  });
});
