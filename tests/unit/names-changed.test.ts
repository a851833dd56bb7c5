import { describe, expect, it } from 'vitest';
import { initialCallListState, reduceCallList } from '../../lib/call-list-state';
import { initialCallState, reduceCallEvent, selectSentimentSeries } from '../../lib/call-state';
import { logToArray } from '../../lib/append-log';
import type { CallDetail, CallHistory, FinalLine, Speaker } from '../../lib/protocol';
import { callDetail, callListRow } from '../helpers/call-fixtures';

const AGENT: Speaker = { rawId: '8:acs:derek', kind: 'communicationUser', label: 'ACS user …derek' };
const CALLER: Speaker = { rawId: '4:+14255550117', kind: 'phoneNumber', label: 'Caller +1 425 555 0117' };
const labels = [{ rawId: AGENT.rawId, label: 'Derek (agent)' }];

describe('directory:changed in the browser', () => {
  it('renames the list’s rows in place, keeping their order and the rows it does not touch', () => {
    const named = callListRow('a', { participants: [CALLER, AGENT].map(({ rawId, label }) => ({ rawId, label })), lastLine: { speakerLabel: AGENT.label, speakerRawId: AGENT.rawId, text: 'Hi', piiMasked: false, seq: 1 }, updatedAt: 2 });
    const other = callListRow('b', { participants: [{ rawId: CALLER.rawId, label: CALLER.label }], updatedAt: 1 });
    const state = reduceCallList(initialCallListState(), { type: 'snapshot-received', calls: [named, other], ringing: [], asOf: 5 });
    const next = reduceCallList(state, { type: 'names-changed', labels });
    expect(next.live.map((row) => row.callId)).toEqual(state.live.map((row) => row.callId));
    const renamed = next.rows.get('a');
    expect(renamed?.participants.map((participant) => participant.label)).toEqual([CALLER.label, 'Derek (agent)']);
    expect(renamed?.lastLine?.speakerLabel).toBe('Derek (agent)');
    expect(next.rows.get('b')).toBe(other);
    expect(next.live).toContain(renamed);
    // Nothing to rename: the same state.
    expect(reduceCallList(next, { type: 'names-changed', labels })).toBe(next);
  });

  it('renames a call page’s participants, lines and sentiment series', () => {
    const line = (seq: number, speaker: Speaker): FinalLine => ({ status: 'final', seq, callId: 'c', utteranceId: `u${seq}`, speaker, text: `line ${seq}`, offsetMs: seq * 1000, durationMs: 500, confidence: 0.9, sentiment: 'neutral', language: 'en-US', piiMasked: false, receivedAt: seq });
    const call: CallDetail = callDetail({ callId: 'c', participants: [CALLER, AGENT], lastSeq: 2 });
    const history: CallHistory = { call, segments: [line(1, CALLER), line(2, AGENT)], hasMore: false, hasOlder: false, interims: [], summaries: [], audit: [] };
    const state = reduceCallEvent(initialCallState('c'), { type: 'history-received', afterSeq: 0, history });
    const next = reduceCallEvent(state, { type: 'names-changed', labels });
    expect(logToArray(next.finals).map((item) => item.speaker.label)).toEqual([CALLER.label, 'Derek (agent)']);
    expect(next.call?.participants.map((participant) => participant.label)).toEqual([CALLER.label, 'Derek (agent)']);
    expect(selectSentimentSeries(next).map((series) => series.label)).toContain('Derek (agent)');
    expect(logToArray(next.finals)[0]).toBe(logToArray(state.finals)[0]);
  });
});
