import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareByAttention,
  compareRecent,
  filterCalls,
  initialCallListState,
  isLiveCall,
  MAX_RECENT_CALLS,
  normalizeFilter,
  reduceCallList,
  selectOrderedCalls,
  updateSorted,
  type CallListEvent,
  type CallListState,
} from '../../lib/call-list-state';
import type { CallListRow } from '../../lib/protocol';
import { callListRow } from '../helpers/call-fixtures';

const item = callListRow;

const snapshot = (calls: CallListRow[], asOf = 0): CallListEvent => ({ type: 'snapshot-received', calls, ringing: [], asOf });
const run = (events: CallListEvent[], start: CallListState = initialCallListState()) => events.reduce(reduceCallList, start);
const ids = (calls: readonly CallListRow[]) => calls.map((call) => call.callId);
const idsOf = (state: CallListState) => [...state.rows.keys()].sort();

/** The order the sections must have, computed from scratch. */
function reference(state: CallListState) {
  const rows = [...state.rows.values()];
  return { live: ids(rows.filter(isLiveCall).sort(compareByAttention)), recent: ids(rows.filter((row) => !isLiveCall(row)).sort(compareRecent)) };
}

describe('call-list reducer', () => {
  it('replaces the list with a snapshot and upserts changed batches by callId', () => {
    const state = run([snapshot([item('a'), item('b')]), { type: 'calls-changed', calls: [item('b', { lastSeq: 7, updatedAt: 2_000 }), item('c')] }]);
    expect(state.loaded).toBe(true);
    expect(idsOf(state)).toEqual(['a', 'b', 'c']);
    expect(state.rows.get('b')?.lastSeq).toBe(7);
    expect(ids(state.live)).toEqual(['a', 'b', 'c']);
  });

  it('drops calls missing from a new snapshot (after a reconnect)', () => {
    const state = run([snapshot([item('a'), item('b')]), snapshot([item('b')], 5_000)]);
    expect(idsOf(state)).toEqual(['b']);
    expect(ids(state.live)).toEqual(['b']);
  });

  it('keeps a row that changed after the snapshot was read, though the snapshot does not have it', () => {
    // The server joins the list room, then reads: a call that starts meanwhile reaches the browser in a batch first.
    const state = run([
      snapshot([item('a')], 1_000),
      { type: 'calls-changed', calls: [item('started-meanwhile', { updatedAt: 5_001 }), item('gone', { updatedAt: 4_000 })] },
      snapshot([item('a')], 5_000),
    ]);
    expect(idsOf(state)).toEqual(['a', 'started-meanwhile']);
    expect(ids(state.live)).toEqual(['a', 'started-meanwhile']);
  });

  it('never rolls a row back to an older copy', () => {
    const state = run([
      { type: 'calls-changed', calls: [item('a', { lastSeq: 9, updatedAt: 5_000 })] },
      snapshot([item('a', { lastSeq: 4, updatedAt: 4_000 })]),
      { type: 'calls-changed', calls: [item('a', { lastSeq: 3, updatedAt: 3_000 })] },
    ]);
    expect(state.rows.get('a')?.lastSeq).toBe(9);
    expect(state.live).toHaveLength(1);
  });

  it('keeps every live call, however many, and bounds the ended ones, dropping the longest-ended first', () => {
    const live = Array.from({ length: 3_000 }, (_, index) => item(`l${index}`, { sentimentNow: ((index * 37) % 200) / 100 - 1 }));
    const ended = Array.from({ length: MAX_RECENT_CALLS + 5 }, (_, index) => item(`e${index}`, { state: 'disconnected', endedAt: index, updatedAt: index }));
    const state = run([snapshot([...live, ...ended])]);
    expect(state.live).toHaveLength(3_000);
    expect(state.recent).toHaveLength(MAX_RECENT_CALLS);
    expect(state.rows.size).toBe(3_000 + MAX_RECENT_CALLS);
    expect(state.rows.get('e0')).toBeUndefined();
    expect(state.rows.get(`e${MAX_RECENT_CALLS + 4}`)).toBeDefined();
    // Calls that end later push the oldest ended ones out too.
    const later = run([{ type: 'calls-changed', calls: [item('l0', { state: 'disconnected', endedAt: 10_000, updatedAt: 10_000 })] }], state);
    expect(later.live).toHaveLength(2_999);
    expect(later.recent[0]?.callId).toBe('l0');
    expect(later.recent).toHaveLength(MAX_RECENT_CALLS);
    expect(later.rows.get('e5')).toBeUndefined();
  });

  it('moves a call from live to recent when it ends', () => {
    const state = run([snapshot([item('a'), item('b')]), { type: 'calls-changed', calls: [item('a', { state: 'disconnected', endedAt: 3_000, updatedAt: 3_000 })] }]);
    expect(ids(state.live)).toEqual(['b']);
    expect(ids(state.recent)).toEqual(['a']);
  });

  it('returns the same state for a batch that changes nothing', () => {
    const state = run([snapshot([item('a', { updatedAt: 5_000 })])]);
    expect(reduceCallList(state, { type: 'calls-changed', calls: [item('a', { updatedAt: 4_000 })] })).toBe(state);
    expect(reduceCallList(state, { type: 'calls-changed', calls: [] })).toBe(state);
  });

  it('records a failed watch without losing rows', () => {
    const state = run([snapshot([item('a')]), { type: 'watch-failed', error: { code: 'internal', message: 'boom' } }]);
    expect(state.error?.code).toBe('internal');
    expect(idsOf(state)).toEqual(['a']);
  });
});

describe('call-list ordering', () => {
  it('puts live calls first, lowest sentiment first, then recent calls, most recently ended first', () => {
    const state = run([
      snapshot([
        item('ended-early', { state: 'disconnected', endedAt: 100 }),
        item('happy', { sentimentNow: 0.8 }),
        item('angry', { sentimentNow: -0.7 }),
        item('ended-late', { state: 'disconnected', endedAt: 900 }),
        item('unscored', { sentimentNow: null }),
        item('connecting', { state: 'connecting', sentimentNow: -0.1 }),
      ]),
    ]);
    const { live, recent } = selectOrderedCalls(state);
    expect(ids(live)).toEqual(['angry', 'connecting', 'unscored', 'happy']);
    expect(ids(recent)).toEqual(['ended-late', 'ended-early']);
  });

  it('breaks sentiment ties by the longest-running call, then by id', () => {
    const calls = [item('b', { startedAt: 5 }), item('c', { startedAt: 1 }), item('a', { startedAt: 5 })];
    expect(ids([...calls].sort(compareByAttention))).toEqual(['c', 'a', 'b']);
  });

  it('re-orders a live call whose sentiment changes, in small and large batches alike', () => {
    const many = Array.from({ length: 100 }, (_, index) => item(`c${String(index).padStart(3, '0')}`, { sentimentNow: 0.5 }));
    const start = run([snapshot(many)]);
    const small = run([{ type: 'calls-changed', calls: [item('c050', { sentimentNow: -0.9, updatedAt: 2_000 })] }], start);
    expect(small.live[0]?.callId).toBe('c050');
    const large = run([{ type: 'calls-changed', calls: many.map((row, index) => ({ ...row, sentimentNow: index % 2 ? 0.9 : -0.9, updatedAt: 2_000 })) }], start);
    expect(ids(large.live)).toEqual(reference(large).live);
    expect(large.live[0]?.callId).toBe('c000');
  });

  it('keeps both sections in exactly the order a full sort gives, whatever the batches', () => {
    const callIds = Array.from({ length: 60 }, (_, index) => `call-${index}`);
    const rowArb = fc.record({
      index: fc.integer({ min: 0, max: callIds.length - 1 }),
      sentiment: fc.option(fc.integer({ min: -10, max: 10 }).map((value) => value / 10)),
      startedAt: fc.integer({ min: 0, max: 5 }),
      ended: fc.boolean(),
      endedAt: fc.integer({ min: 0, max: 20 }),
      age: fc.integer({ min: -3, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), fc.array(fc.array(rowArb, { maxLength: 70 }), { maxLength: 12 }), (first, batches) => {
        let clock = 100;
        const toRow = (row: (typeof first)[number]) =>
          item(callIds[row.index] as string, {
            sentimentNow: row.sentiment,
            startedAt: row.startedAt,
            state: row.ended ? 'disconnected' : 'connected',
            endedAt: row.ended ? row.endedAt : null,
            // Sometimes older than what the browser has: such a copy must be ignored.
            updatedAt: clock + row.age,
          });
        let state = run([snapshot(first.map(toRow))]);
        for (const batch of batches) {
          clock += 5;
          state = reduceCallList(state, { type: 'calls-changed', calls: batch.map(toRow) });
          const expected = reference(state);
          expect(ids(state.live)).toEqual(expected.live);
          expect(ids(state.recent)).toEqual(expected.recent);
          expect(state.live.length + state.recent.length).toBe(state.rows.size);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('updates a sorted array by binary search for a few changes and by merging for many', () => {
    const numbers = (values: number[]) => values;
    const compare = (a: number, b: number) => a - b;
    expect(updateSorted(numbers([1, 3, 5, 7]), [3], [6], compare)).toEqual([1, 5, 6, 7]);
    const big = Array.from({ length: 100 }, (_, index) => index * 2);
    const removed = big.filter((value) => value % 4 === 0);
    const added = Array.from({ length: 60 }, (_, index) => index * 3 + 1);
    expect(updateSorted(big, removed, added, compare)).toEqual([...big.filter((value) => value % 4 !== 0), ...added].sort(compare));
  });
});

describe('call-list filter', () => {
  const rows = [
    item('3f2a-alpha', { participants: [{ rawId: '4:+14255550147', label: '+1 425 555 0147' }], lastLine: { speakerLabel: 'Agent', text: 'Your refund is on its way.', piiMasked: false, seq: 3 } }),
    item('77b1-beta', { participants: [{ rawId: '8:acs:resource_maria', label: 'Maria Lopez' }], lastLine: { speakerLabel: 'Maria Lopez', text: 'I want to CANCEL.', piiMasked: false, seq: 9 } }),
    item('gamma-0147'),
  ];

  it('matches the call id, a participant label or raw id, and the last line, ignoring case and surrounding spaces', () => {
    expect(ids(filterCalls(rows, normalizeFilter('  cancel ')))).toEqual(['77b1-beta']);
    expect(ids(filterCalls(rows, normalizeFilter('maria')))).toEqual(['77b1-beta']);
    expect(ids(filterCalls(rows, normalizeFilter('8:acs:resource')))).toEqual(['77b1-beta']);
    expect(ids(filterCalls(rows, normalizeFilter('0147')))).toEqual(['3f2a-alpha', 'gamma-0147']);
    expect(ids(filterCalls(rows, normalizeFilter('BETA')))).toEqual(['77b1-beta']);
    expect(filterCalls(rows, normalizeFilter('no such thing'))).toEqual([]);
  });

  it('returns the rows themselves when there is no filter', () => {
    expect(filterCalls(rows, normalizeFilter('   '))).toBe(rows);
  });

  it('matches a changed row by its new text', () => {
    const changed = { ...rows[2], lastLine: { speakerLabel: 'Caller', text: 'Escalate this please', piiMasked: false, seq: 1 } } as CallListRow;
    expect(ids(filterCalls([rows[2] as CallListRow], 'escalate'))).toEqual([]);
    expect(ids(filterCalls([changed], 'escalate'))).toEqual(['gamma-0147']);
  });
});

describe('ringing calls', () => {
  const ringing = (id: string) => ({ id, from: null, to: null, callerDisplayName: null, receivedAt: 1, expiresAt: 30_001 });

  it('takes the ringing list from the snapshot and replaces it with each update', () => {
    const state = run([
      { type: 'snapshot-received', calls: [], ringing: [ringing('r1')], asOf: 0 },
      { type: 'ringing-changed', ringing: [ringing('r1'), ringing('r2')] },
      { type: 'ringing-changed', ringing: [ringing('r2')] },
    ]);
    expect(state.ringing.map((call) => call.id)).toEqual(['r2']);
  });
});
