import { describe, expect, it } from 'vitest';
import { compareByAttention, initialCallListState, MAX_LIST_CALLS, reduceCallList, selectOrderedCalls, type CallListEvent } from '../../lib/call-list-state';
import type { CallListItem } from '../../lib/protocol';

function item(callId: string, overrides: Partial<CallListItem> = {}): CallListItem {
  return {
    callId,
    state: 'connected',
    transcription: 'active',
    startedAt: 1_000,
    endedAt: null,
    participants: [],
    locale: 'en-US',
    detectedLanguage: null,
    sentimentNow: null,
    sentimentTrend: [],
    lastLine: null,
    lastSeq: 0,
    piiLineCount: 0,
    updatedAt: 1_000,
    ...overrides,
  };
}

const run = (events: CallListEvent[]) => events.reduce(reduceCallList, initialCallListState());
const ids = (calls: CallListItem[]) => calls.map((call) => call.callId);

describe('call-list reducer', () => {
  it('replaces the list with a snapshot and upserts changed batches by callId', () => {
    const state = run([
      { type: 'snapshot-received', calls: [item('a'), item('b')], ringing: [] },
      { type: 'calls-changed', calls: [item('b', { lastSeq: 7, updatedAt: 2_000 }), item('c')] },
    ]);
    expect(state.loaded).toBe(true);
    expect(Object.keys(state.calls).sort()).toEqual(['a', 'b', 'c']);
    expect(state.calls.b?.lastSeq).toBe(7);
  });

  it('drops calls missing from a new snapshot (after a reconnect)', () => {
    const state = run([
      { type: 'snapshot-received', calls: [item('a'), item('b')], ringing: [] },
      { type: 'snapshot-received', calls: [item('b')], ringing: [] },
    ]);
    expect(Object.keys(state.calls)).toEqual(['b']);
  });

  it('never rolls a row back to an older copy', () => {
    const state = run([
      { type: 'calls-changed', calls: [item('a', { lastSeq: 9, updatedAt: 5_000 })] },
      { type: 'snapshot-received', calls: [item('a', { lastSeq: 4, updatedAt: 4_000 })], ringing: [] },
      { type: 'calls-changed', calls: [item('a', { lastSeq: 3, updatedAt: 3_000 })] },
    ]);
    expect(state.calls.a?.lastSeq).toBe(9);
  });

  it('keeps the list bounded, dropping the longest-ended calls first', () => {
    const ended = Array.from({ length: MAX_LIST_CALLS + 5 }, (_, index) => item(`e${index}`, { state: 'disconnected', endedAt: index, updatedAt: index }));
    const state = run([{ type: 'snapshot-received', calls: [item('live'), ...ended], ringing: [] }]);
    expect(Object.keys(state.calls)).toHaveLength(MAX_LIST_CALLS);
    expect(state.calls.live).toBeDefined();
    expect(state.calls.e0).toBeUndefined();
    expect(state.calls[`e${MAX_LIST_CALLS + 4}`]).toBeDefined();
  });

  it('records a failed watch without losing rows', () => {
    const state = run([
      { type: 'snapshot-received', calls: [item('a')], ringing: [] },
      { type: 'watch-failed', error: { code: 'internal', message: 'boom' } },
    ]);
    expect(state.error?.code).toBe('internal');
    expect(Object.keys(state.calls)).toEqual(['a']);
  });
});

describe('call-list ordering', () => {
  it('puts live calls first, lowest sentiment first, then recent calls, most recently ended first', () => {
    const state = run([
      {
        type: 'snapshot-received',
        calls: [
          item('ended-early', { state: 'disconnected', endedAt: 100 }),
          item('happy', { sentimentNow: 0.8 }),
          item('angry', { sentimentNow: -0.7 }),
          item('ended-late', { state: 'disconnected', endedAt: 900 }),
          item('unscored', { sentimentNow: null }),
          item('connecting', { state: 'connecting', sentimentNow: -0.1 }),
        ],
        ringing: [],
      },
    ]);
    const { live, recent } = selectOrderedCalls(state);
    expect(ids(live)).toEqual(['angry', 'connecting', 'unscored', 'happy']);
    expect(ids(recent)).toEqual(['ended-late', 'ended-early']);
  });

  it('breaks sentiment ties by the longest-running call, then by id', () => {
    const calls = [item('b', { startedAt: 5 }), item('c', { startedAt: 1 }), item('a', { startedAt: 5 })];
    expect(ids([...calls].sort(compareByAttention))).toEqual(['c', 'a', 'b']);
  });
});

describe('ringing calls', () => {
  const ringing = (id: string) => ({ id, from: null, to: null, callerDisplayName: null, receivedAt: 1, expiresAt: 30_001 });

  it('takes the ringing list from the snapshot and replaces it with each update', () => {
    const state = run([
      { type: 'snapshot-received', calls: [], ringing: [ringing('r1')] },
      { type: 'ringing-changed', ringing: [ringing('r1'), ringing('r2')] },
      { type: 'ringing-changed', ringing: [ringing('r2')] },
    ]);
    expect(state.ringing.map((call) => call.id)).toEqual(['r2']);
  });
});
