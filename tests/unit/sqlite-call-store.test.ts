import { afterEach, describe, expect, it } from 'vitest';
import type { FinalSegment } from '../../lib/protocol';
import { newCallRecord } from '../../server/calls/live-call';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { tempDatabasePath } from '../helpers/earshot-harness';

let store: CallStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function segment(callId: string, seq: number): FinalSegment {
  return {
    status: 'final',
    seq,
    callId,
    utteranceId: `u${seq}`,
    speaker: { rawId: '4:+14255550100', kind: 'phoneNumber', label: '+14255550100' },
    text: `line ${seq}`,
    offsetMs: seq * 1000,
    durationMs: 900,
    confidence: 0.9,
    words: [{ text: 'line', offsetMs: seq * 1000, durationMs: 400 }],
    sentiment: 'neutral',
    language: 'en-US',
    piiMasked: false,
    receivedAt: 1,
  };
}

describe('SQLite call store', () => {
  it('round-trips a call with every field, and upserts many calls in one transaction', async () => {
    const path = tempDatabasePath();
    store = await openSqliteCallStore(path);
    const call = { ...newCallRecord('a', 10, 'corr'), locale: 'es-ES', pending: [{ action: 'summarize' as const, operationContext: 'ctx', requestedAt: 5, requestedBy: 'sam', locale: null }], lastError: { action: 'transcription' as const, code: '8581', message: 'x', at: 6 } };
    call.metadata = { ...call.metadata, locales: ['es-ES', 'en-US'], sentimentAnalysis: true, piiRedaction: { enabled: true, redactionType: 'MaskWithCharacter' } };
    await store.ensureCall(call);
    const others = Array.from({ length: 95 }, (_, index) => newCallRecord(`c${index}`, index, null));
    for (const other of others) await store.ensureCall(other);
    await store.commitSegments([segment('a', 1), segment('a', 2)], [{ ...call, lastSeq: 2 }, ...others.map((other) => ({ ...other, state: 'disconnected' as const }))]);
    expect(await store.getCall('a')).toEqual({ ...call, lastSeq: 2 });
    expect((await store.getCall('c94'))?.state).toBe('disconnected');
    expect((await store.segmentsAfter('a', 1, 10)).map((row) => row.text)).toEqual(['line 2']);
    await store.close();
    store = await openSqliteCallStore(path);
    expect((await store.segmentsAfter('a', 0, 10))[0]).toEqual(segment('a', 1));
  });

  it('takes the sequence number from the segments when the call row lags behind them (a crash between writes)', async () => {
    store = await openSqliteCallStore(tempDatabasePath());
    const call = newCallRecord('lagging', 0, null);
    await store.ensureCall(call);
    await store.commitSegments([segment('lagging', 1), segment('lagging', 2), segment('lagging', 3)], [{ ...call, lastSeq: 1 }]);
    expect((await store.getCall('lagging'))?.lastSeq).toBe(3);
  });

  it('ignores a duplicate segment instead of failing the batch', async () => {
    store = await openSqliteCallStore(tempDatabasePath());
    const call = newCallRecord('dup', 0, null);
    await store.ensureCall(call);
    await store.commitSegments([segment('dup', 1)], [call]);
    await store.commitSegments([segment('dup', 1), segment('dup', 2)], [call]);
    expect((await store.segmentsAfter('dup', 0, 10)).map((row) => row.seq)).toEqual([1, 2]);
  });
});
