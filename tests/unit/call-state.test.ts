import { describe, expect, it } from 'vitest';
import { selectCatchUp } from '../../lib/catch-up';
import {
  initialCallState,
  MAX_PENDING_FINALS,
  reduceCallEvent,
  selectInterims,
  selectAuditNewestFirst,
  selectFinalIndex,
  selectLastSeq,
  selectLineTargetStatus,
  selectNeedsCatchUp,
  selectOlderBefore,
  selectRecentFinals,
  selectRowAt,
  selectRowCount,
  selectRows,
  selectSentimentSeries,
  selectSummariesNewestFirst,
  type CallEvent,
  type CallViewState,
} from '../../lib/call-state';
import type { AuditEntry, CallDetail, CallHistory, CallSummaryRecord, FinalLine, FinalSegment, InterimSegment, Speaker } from '../../lib/protocol';

const CALL = 'call-1';
const CALLER: Speaker = { rawId: '4:+14255550147', kind: 'phoneNumber', label: '+14255550147' };
const AGENT: Speaker = { rawId: '8:acs:agent', kind: 'communicationUser', label: 'ACS user …agent' };

function detail(overrides: Partial<CallDetail> = {}): CallDetail {
  return {
    callId: CALL,
    state: 'connected',
    transcription: 'active',
    startedAt: 1_000,
    endedAt: null,
    participants: [CALLER, AGENT],
    locale: 'en-US',
    detectedLanguage: null,
    sentimentNow: null,
    sentimentTrend: [],
    lastLine: null,
    lastSeq: 0,
    piiLineCount: 0,
    health: { stream: 'connected', streamSince: 1_000, lastPacketAt: null, lastFinalAt: 1_000 },
    updatedAt: 1_000,
    metadata: { correlationId: 'corr', subscriptionId: 'sub', locales: ['en-US'], sentimentAnalysis: true, piiRedaction: { enabled: true, redactionType: 'MaskWithCharacter' }, speechModelEndpointId: null },
    ingest: { accepted: 1, rejected: {} },
    pending: [],
    lastError: null,
    ...overrides,
  };
}

function final(seq: number, overrides: Partial<FinalSegment> = {}): FinalSegment {
  return {
    callId: CALL,
    utteranceId: `u${seq}`,
    speaker: CALLER,
    text: `line ${seq}`,
    offsetMs: seq * 1_000,
    durationMs: 800,
    confidence: 0.9,
    words: [],
    sentiment: null,
    language: 'en-US',
    piiMasked: false,
    receivedAt: 10_000 + seq * 10,
    status: 'final',
    seq,
    ...overrides,
  };
}

function interim(utteranceId: string, text: string, overrides: Partial<InterimSegment> = {}): InterimSegment {
  return {
    callId: CALL,
    utteranceId,
    speaker: CALLER,
    text,
    offsetMs: 50_000,
    durationMs: 500,
    confidence: null,
    words: [],
    sentiment: null,
    language: 'en-US',
    piiMasked: false,
    receivedAt: 20_000,
    status: 'intermediate',
    ...overrides,
  };
}

function history(segments: FinalLine[], extra: Partial<CallHistory> = {}): CallHistory {
  return { call: detail(), segments, hasMore: false, hasOlder: false, interims: [], summaries: [], audit: [], ...extra };
}

function run(events: CallEvent[], start: CallViewState = initialCallState(CALL)): CallViewState {
  return events.reduce(reduceCallEvent, start);
}

const seqs = (state: CallViewState) => selectRows(state).map((row) => (row.status === 'final' ? row.seq : `~${row.text}`));

describe('call-state reducer: history and live finals', () => {
  it('loads history, then appends live finals in order', () => {
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([final(1), final(2), final(3)]) },
      { type: 'final-received', segment: final(4) },
      { type: 'final-received', segment: final(5) },
    ]);
    expect(state.phase).toBe('ready');
    expect(seqs(state)).toEqual([1, 2, 3, 4, 5]);
    expect(selectLastSeq(state)).toBe(5);
    expect(selectNeedsCatchUp(state)).toBe(false);
  });

  it('live packets move the call’s packet and speech times, so its health does not wait for call:updated', () => {
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([final(1)]) },
      { type: 'interim-received', segment: interim('u2', 'hel', { receivedAt: 12_345 }) },
    ]);
    expect(state.call?.health).toMatchObject({ lastPacketAt: 12_000, lastFinalAt: 1_000 });
    const after = reduceCallEvent(state, { type: 'final-received', segment: final(2, { receivedAt: 13_456 }) });
    expect(after.call?.health).toMatchObject({ lastPacketAt: 13_000, lastFinalAt: 13_456 });
    // An older packet (a history page trailing the stream) never moves them back.
    expect(reduceCallEvent(after, { type: 'interim-received', segment: interim('u3', 'x', { receivedAt: 11_000 }) }).call?.health).toMatchObject({ lastPacketAt: 13_000 });
  });

  it('buffers live finals that arrive before the history ack, then merges without duplicates', () => {
    // The server joins the room, then reads history: seq 3 and 4 are broadcast while the read runs.
    const before = run([
      { type: 'final-received', segment: final(3) },
      { type: 'final-received', segment: final(4) },
    ]);
    expect(before.phase).toBe('opening');
    expect(before.finals.length).toBe(0);
    expect(selectNeedsCatchUp(before)).toBe(false);
    const merged = run([{ type: 'history-received', afterSeq: 0, history: history([final(1), final(2), final(3)]) }], before);
    expect(seqs(merged)).toEqual([1, 2, 3, 4]);
    expect(merged.pending).toEqual([]);
    expect(selectNeedsCatchUp(merged)).toBe(false);
  });

  it('appends a live seq 1 that arrives before the ack and drops its copy in the history', () => {
    const state = run([
      { type: 'final-received', segment: final(1) },
      { type: 'history-received', afterSeq: 0, history: history([final(1), final(2)]) },
    ]);
    expect(seqs(state)).toEqual([1, 2]);
  });

  it('drops a duplicate final', () => {
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([final(1), final(2)]) },
      { type: 'final-received', segment: final(2, { text: 'again' }) },
      { type: 'final-received', segment: final(1) },
    ]);
    expect(seqs(state)).toEqual([1, 2]);
    expect(selectRowAt(state, [], 1)?.text).toBe('line 2');
  });

  it('detects a gap, holds the final, and fills the gap from catch-up history', () => {
    const gapped = run([
      { type: 'history-received', afterSeq: 0, history: history([final(1), final(2), final(3)]) },
      { type: 'final-received', segment: final(6) },
      { type: 'final-received', segment: final(5) },
      { type: 'final-received', segment: final(6) },
    ]);
    expect(selectNeedsCatchUp(gapped)).toBe(true);
    expect(selectLastSeq(gapped)).toBe(3);
    expect(gapped.pending.map((segment) => segment.seq)).toEqual([5, 6]);
    expect(seqs(gapped)).toEqual([1, 2, 3]);

    const caughtUp = run([{ type: 'history-received', afterSeq: 3, history: history([final(4), final(5), final(6)]) }], gapped);
    expect(seqs(caughtUp)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(caughtUp.pending).toEqual([]);
    expect(selectNeedsCatchUp(caughtUp)).toBe(false);
  });

  it('asks for more while history pages say hasMore', () => {
    const first = run([{ type: 'history-received', afterSeq: 0, history: history([final(1), final(2)], { hasMore: true }) }]);
    expect(selectNeedsCatchUp(first)).toBe(true);
    expect(selectLastSeq(first)).toBe(2);
    const second = run([{ type: 'history-received', afterSeq: 2, history: history([final(3)]) }], first);
    expect(selectNeedsCatchUp(second)).toBe(false);
    expect(seqs(second)).toEqual([1, 2, 3]);
  });

  it('steps over seqs a complete history page does not have', () => {
    const state = run([{ type: 'history-received', afterSeq: 0, history: history([final(4), final(5)]) }]);
    expect(seqs(state)).toEqual([4, 5]);
    expect(selectNeedsCatchUp(state)).toBe(false);
  });

  it('keeps every final of a long call and shares storage between states', () => {
    let state = run([{ type: 'history-received', afterSeq: 0, history: history([]) }]);
    for (let seq = 1; seq <= 3_000; seq += 1) state = reduceCallEvent(state, { type: 'final-received', segment: final(seq) });
    expect(selectRowCount(state)).toBe(3_000);
    expect(selectRowAt(state, [], 2_999)?.text).toBe('line 3000');
  });

  it('is safe to apply the same event twice to the same state (StrictMode double reducer calls)', () => {
    const ready = run([{ type: 'history-received', afterSeq: 0, history: history([final(1)]) }]);
    const event: CallEvent = { type: 'final-received', segment: final(2) };
    const once = reduceCallEvent(ready, event);
    const twice = reduceCallEvent(ready, event);
    expect(seqs(once)).toEqual([1, 2]);
    expect(seqs(twice)).toEqual([1, 2]);
    const other = reduceCallEvent(ready, { type: 'final-received', segment: final(2, { text: 'other' }) });
    expect(selectRowAt(other, [], 1)?.text).toBe('other');
    expect(selectRowAt(once, [], 1)?.text).toBe('line 2');
    expect(seqs(ready)).toEqual([1]);
  });

  it('caps the finals held beyond a gap', () => {
    let state = run([{ type: 'history-received', afterSeq: 0, history: history([]) }]);
    for (let seq = 2; seq <= MAX_PENDING_FINALS + 10; seq += 1) state = reduceCallEvent(state, { type: 'final-received', segment: final(seq) });
    expect(state.pending).toHaveLength(MAX_PENDING_FINALS);
    expect(selectNeedsCatchUp(state)).toBe(true);
  });

  it('ignores events for another call', () => {
    const state = run([{ type: 'final-received', segment: final(1, { callId: 'other' }) }]);
    expect(state.finals.length).toBe(0);
  });
});

describe('call-state reducer: a long call opened from its end', () => {
  const range = (from: number, to: number, overrides: (seq: number) => Partial<FinalSegment> = () => ({})) =>
    Array.from({ length: to - from + 1 }, (_, index) => final(from + index, overrides(from + index)));
  /** A page of lines without their words, as `call:open` (fromEnd) and `call:history` send them. */
  const lines = (segments: FinalSegment[]) => segments.map(({ words: _words, ...line }) => line);
  const openAtEnd = (segments: FinalSegment[], hasOlder: boolean) =>
    ({ type: 'history-received', afterSeq: 0, fromEnd: true, history: history(lines(segments), { hasOlder, call: detail({ lastSeq: segments.at(-1)?.seq ?? 0 }) }) }) as CallEvent;
  const older = (beforeSeq: number, segments: FinalSegment[], hasOlder: boolean): CallEvent => ({ type: 'older-received', beforeSeq, page: { segments: lines(segments), hasOlder } });

  it('shows the newest page at once, without treating the older lines as a gap', () => {
    const state = run([openAtEnd(range(9_501, 10_000), true)]);
    expect(state.phase).toBe('ready');
    expect(selectRowCount(state)).toBe(500);
    expect(selectRowAt(state, [], 499)?.text).toBe('line 10000');
    expect(selectLastSeq(state)).toBe(10_000);
    expect(selectNeedsCatchUp(state)).toBe(false);
    expect(selectOlderBefore(state)).toBe(9_501);
  });

  it('puts older pages in front, in order, until the beginning, with live lines appended meanwhile', () => {
    let state = run([openAtEnd(range(4_001, 5_000), true)]);
    state = run([{ type: 'final-received', segment: final(5_001) }, older(4_001, range(2_001, 4_000), true)], state);
    expect(selectOlderBefore(state)).toBe(2_001);
    state = run([{ type: 'final-received', segment: final(5_002) }, older(2_001, range(1, 2_000), false)], state);
    expect(selectOlderBefore(state)).toBeNull();
    expect(seqs(state)).toEqual(Array.from({ length: 5_002 }, (_, index) => index + 1));
    expect(selectLastSeq(state)).toBe(5_002);
  });

  it('ignores a stale or repeated older page, and lines it should not hold', () => {
    const start = run([openAtEnd(range(3_001, 4_000), true), older(3_001, range(1_001, 3_000), true)]);
    // Asked before the first page went in front: its lines are in already.
    expect(run([older(3_001, range(1_001, 3_000), true)], start)).toBe(start);
    const filled = run([older(1_001, [...range(1, 1_000), final(1_001, { text: 'again' }), final(5, { callId: 'other' })], false)], start);
    expect(seqs(filled)).toEqual(Array.from({ length: 4_000 }, (_, index) => index + 1));
    expect(selectRowAt(filled, [], 1_000)?.text).toBe('line 1001');
  });

  it('holds live lines that arrive before the first page, then appends them after it without a duplicate', () => {
    const state = run([{ type: 'final-received', segment: final(10_001) }, { type: 'final-received', segment: final(10_000) }, openAtEnd(range(9_501, 10_000), true)]);
    expect(selectRowCount(state)).toBe(501);
    expect(seqs(state).at(-1)).toBe(10_001);
    expect(state.pending).toEqual([]);
    expect(selectNeedsCatchUp(state)).toBe(false);
  });

  it('catches up forward after a reconnect and a gap as before', () => {
    const opened = run([openAtEnd(range(9_501, 10_000), true), { type: 'final-received', segment: final(10_003) }]);
    expect(selectNeedsCatchUp(opened)).toBe(true);
    const caughtUp = run([{ type: 'history-received', afterSeq: 10_000, history: history(lines(range(10_001, 10_003))) }], opened);
    expect(selectLastSeq(caughtUp)).toBe(10_003);
    expect(caughtUp.pending).toEqual([]);
    expect(selectRowCount(caughtUp)).toBe(503);
  });

  it('rolls each speaker’s sentiment again over the whole call once older lines are in', () => {
    const sentiment = (seq: number): Partial<FinalSegment> => ({ sentiment: seq <= 3 ? 'negative' : 'positive', offsetMs: seq * 1_000 });
    const whole = run([{ type: 'history-received', afterSeq: 0, history: history(range(1, 6, sentiment)) }]);
    const fromEnd = run([openAtEnd(range(4, 6, sentiment), true)]);
    expect(selectSentimentSeries(fromEnd)[0]?.points).toHaveLength(3);
    const filled = run([older(4, range(1, 3, sentiment), false)], fromEnd);
    expect(selectSentimentSeries(filled)).toEqual(selectSentimentSeries(whole));
    expect(filled.sentiment[CALLER.rawId]?.rolling).toBe(whole.sentiment[CALLER.rawId]?.rolling);
    // Live lines go on rolling from the whole call's score.
    const next = final(7, { sentiment: 'negative', offsetMs: 7_000 });
    expect(run([{ type: 'final-received', segment: next }], filled).sentiment[CALLER.rawId]?.rolling).toBe(run([{ type: 'final-received', segment: next }], whole).sentiment[CALLER.rawId]?.rolling);
  });

  it('opens a short call, or one with no lines, from its end like any other', () => {
    expect(seqs(run([openAtEnd(range(1, 3), false)]))).toEqual([1, 2, 3]);
    const empty = run([openAtEnd([], false)]);
    expect(empty.phase).toBe('ready');
    expect(selectOlderBefore(empty)).toBeNull();
    expect(seqs(run([{ type: 'final-received', segment: final(1) }], empty))).toEqual([1]);
  });
});

describe('call-state reducer: intermediate lines', () => {
  it('shows an interim after the finals and replaces it by the final with the same utteranceId', () => {
    const ready = run([{ type: 'history-received', afterSeq: 0, history: history([final(1)]) }]);
    const speaking = run(
      [
        { type: 'interim-received', segment: interim('u2', 'i would', { receivedAt: 20_000 }) },
        { type: 'interim-received', segment: interim('u2', 'i would like to', { receivedAt: 20_100 }) },
      ],
      ready,
    );
    expect(seqs(speaking)).toEqual([1, '~i would like to']);
    const done = run([{ type: 'final-received', segment: final(2, { utteranceId: 'u2', text: 'I would like to pay.', receivedAt: 20_200 }) }], speaking);
    expect(seqs(done)).toEqual([1, 2]);
    expect(selectInterims(done)).toEqual([]);
  });

  it('keeps the interim of another speaker when one speaker’s final arrives', () => {
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([]) },
      { type: 'interim-received', segment: interim('u-caller', 'hello', { offsetMs: 1_000 }) },
      { type: 'interim-received', segment: interim('u-agent', 'good morning', { speaker: AGENT, offsetMs: 1_200 }) },
      { type: 'final-received', segment: final(1, { utteranceId: 'u-caller', text: 'Hello.', receivedAt: 20_500 }) },
    ]);
    expect(seqs(state)).toEqual([1, '~good morning']);
  });

  it('keeps the next utterance’s interim when the previous final arrives after it', () => {
    // Interims are broadcast at once; finals only after they are persisted, so they can overtake.
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([]) },
      { type: 'interim-received', segment: interim('u1', 'first', { receivedAt: 100 }) },
      { type: 'interim-received', segment: interim('u2', 'second', { receivedAt: 300 }) },
      { type: 'final-received', segment: final(1, { utteranceId: 'u1', receivedAt: 200 }) },
    ]);
    expect(seqs(state)).toEqual([1, '~second']);
  });

  it('drops a stale interim from a history snapshot whose final already arrived', () => {
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([final(1)]) },
      { type: 'final-received', segment: final(2, { utteranceId: 'u2', receivedAt: 500 }) },
      { type: 'history-received', afterSeq: 1, history: history([final(2, { utteranceId: 'u2', receivedAt: 500 })], { interims: [interim('u2', 'stale', { receivedAt: 400 })] }) },
    ]);
    expect(seqs(state)).toEqual([1, 2]);
  });

  it('keeps a newer live interim over an older one in the history snapshot', () => {
    const state = run([
      { type: 'interim-received', segment: interim('u1', 'newer words', { receivedAt: 900 }) },
      { type: 'history-received', afterSeq: 0, history: history([], { interims: [interim('u1', 'older', { receivedAt: 800 })] }) },
    ]);
    expect(seqs(state)).toEqual(['~newer words']);
  });

  it('clears intermediate lines when the call ends', () => {
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([]) },
      { type: 'interim-received', segment: interim('u1', 'cut off') },
      { type: 'call-updated', call: detail({ state: 'disconnected', endedAt: 9_000, updatedAt: 9_000 }) },
    ]);
    expect(selectRows(state)).toEqual([]);
    expect(state.call?.state).toBe('disconnected');
  });
});

describe('call-state reducer: call, summaries, failures, reset', () => {
  it('keeps a live call update that overtook the history snapshot', () => {
    const state = run([
      { type: 'call-updated', call: detail({ transcription: 'stopped', updatedAt: 5_000 }) },
      { type: 'history-received', afterSeq: 0, history: history([], { call: detail({ updatedAt: 4_000 }) }) },
    ]);
    expect(state.call?.transcription).toBe('stopped');
    expect(state.phase).toBe('ready');
  });

  it('keeps a live call update over a history snapshot of the same updatedAt, and takes a live update that ties', () => {
    const state = run([
      { type: 'call-updated', call: detail({ transcription: 'stopping', updatedAt: 5_000 }) },
      { type: 'history-received', afterSeq: 0, history: history([], { call: detail({ transcription: 'active', updatedAt: 5_000 }) }) },
    ]);
    expect(state.call?.transcription).toBe('stopping');
    expect(state.phase).toBe('ready');
    // Live updates arrive in the order the server made them: one that ties is the later one.
    const next = run([{ type: 'call-updated', call: detail({ transcription: 'stopped', updatedAt: 5_000 }) }], state);
    expect(next.call?.transcription).toBe('stopped');
  });

  it('merges summaries by id and lists them newest first', () => {
    const summary = (id: string, createdAt: number): CallSummaryRecord => ({ id, callId: CALL, kind: 'mid-call', text: id, locale: 'en-US', operationContext: null, createdAt });
    const state = run([
      { type: 'summary-received', summary: summary('b', 2) },
      { type: 'history-received', afterSeq: 0, history: history([], { summaries: [summary('a', 1), summary('b', 2)] }) },
      { type: 'summary-received', summary: summary('c', 3) },
      { type: 'summary-received', summary: summary('c', 3) },
    ]);
    expect(selectSummariesNewestFirst(state).map((item) => item.id)).toEqual(['c', 'b', 'a']);
  });

  it('records not_found and other failures', () => {
    expect(run([{ type: 'open-failed', error: { code: 'not_found', message: 'No call' } }]).phase).toBe('not_found');
    expect(run([{ type: 'open-failed', error: { code: 'internal', message: 'boom' } }]).phase).toBe('failed');
  });

  it('resets to an empty state for a call', () => {
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([final(1)]) },
      { type: 'reset', callId: 'call-2' },
    ]);
    expect(state).toEqual(initialCallState('call-2'));
  });
});

describe('call-state selectors: sentiment series', () => {
  it('builds one rolling series per speaker in call time', () => {
    const state = run([
      {
        type: 'history-received',
        afterSeq: 0,
        history: history([
          final(1, { sentiment: 'positive', offsetMs: 1_000 }),
          final(2, { sentiment: 'negative', speaker: AGENT, offsetMs: 2_000 }),
          final(3, { sentiment: null, offsetMs: 3_000 }),
          final(4, { sentiment: 'negative', offsetMs: 4_000 }),
        ]),
      },
    ]);
    const series = selectSentimentSeries(state);
    expect(series.map((item) => item.label)).toEqual(['+14255550147', 'ACS user …agent']);
    expect(series[0]?.points).toEqual([
      { t: 1_000, v: 1 },
      { t: 4_000, v: 0.2 },
    ]);
    expect(series[1]?.points).toEqual([{ t: 2_000, v: -1 }]);
  });

  it('places implausibly large offsets relative to the first segment', () => {
    const base = 251_699_878_248_123.44; // 2516998782481234400 ticks, from the ACS sample packet
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([final(1, { sentiment: 'neutral', offsetMs: base }), final(2, { sentiment: 'neutral', offsetMs: base + 65_000 })]) },
    ]);
    expect(selectSentimentSeries(state)[0]?.points.map((point) => point.t)).toEqual([0, 65_000]);
  });

  it('thins long series but keeps the last point', () => {
    const segments = Array.from({ length: 1_000 }, (_, index) => final(index + 1, { sentiment: 'neutral' }));
    const points = selectSentimentSeries(run([{ type: 'history-received', afterSeq: 0, history: history(segments) }]), 100)[0]?.points ?? [];
    expect(points.length).toBeLessThanOrEqual(101);
    expect(points.at(-1)?.t).toBe(1_000_000);
  });
});

function auditEntry(id: string, at: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { id, callId: CALL, at, actor: 'alice', action: 'stop-transcription', operationContext: `ctx-${id}`, outcome: 'requested', detail: null, ...overrides };
}

describe('call-state reducer: audit trail', () => {
  it('loads the audit from history and adds live entries, newest first, once each', () => {
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([], { audit: [auditEntry('a', 100), auditEntry('b', 200, { actor: 'acs', outcome: 'confirmed' })] }) },
      { type: 'audit-received', entry: auditEntry('c', 300, { action: 'summarize' }) },
      { type: 'audit-received', entry: auditEntry('c', 300, { action: 'summarize' }) },
    ]);
    expect(selectAuditNewestFirst(state).map((entry) => entry.id)).toEqual(['c', 'b', 'a']);
  });

  it('keeps a live entry that arrived before the history ack, without duplicating it', () => {
    const state = run([
      { type: 'audit-received', entry: auditEntry('b', 200) },
      { type: 'history-received', afterSeq: 0, history: history([], { audit: [auditEntry('a', 100), auditEntry('b', 200)] }) },
    ]);
    expect(state.audit.map((entry) => entry.id)).toEqual(['a', 'b']);
  });

  it('ignores audit entries of another call', () => {
    const state = run([{ type: 'audit-received', entry: auditEntry('x', 1, { callId: 'other' }) }]);
    expect(state.audit).toEqual([]);
  });
});

describe('call-state reducer: control-driven call updates', () => {
  it('shows pending operations and the last error as the server sends them', () => {
    const pending = [{ action: 'stop-transcription' as const, operationContext: 'ctx', requestedAt: 1, requestedBy: 'alice', locale: null }];
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([]) },
      { type: 'call-updated', call: detail({ transcription: 'stopping', pending, updatedAt: 2_000 }) },
    ]);
    expect(state.call?.pending).toEqual(pending);
    const failed = run([{ type: 'call-updated', call: detail({ transcription: 'active', pending: [], lastError: { action: 'stop-transcription', code: 'InternalError', message: 'Injected outage', at: 3 }, updatedAt: 3_000 }) }], state);
    expect(failed.call?.transcription).toBe('active');
    expect(failed.call?.lastError?.code).toBe('InternalError');
  });

  it('drops intermediate lines, and ignores late ones, once transcription stops', () => {
    const live = run([
      { type: 'history-received', afterSeq: 0, history: history([final(1)]) },
      { type: 'interim-received', segment: interim('u2', 'half a') },
    ]);
    expect(selectRows(live)).toHaveLength(2);
    const stopped = run([{ type: 'call-updated', call: detail({ transcription: 'stopped', updatedAt: 2_000 }) }], live);
    expect(selectRows(stopped)).toHaveLength(1);
    const late = run([{ type: 'interim-received', segment: interim('u3', 'late', { receivedAt: 30_000 }) }], stopped);
    expect(selectRows(late)).toHaveLength(1);
    const restarted = run([
      { type: 'call-updated', call: detail({ transcription: 'active', updatedAt: 3_000 }) },
      { type: 'interim-received', segment: interim('u4', 'again', { receivedAt: 40_000 }) },
    ], late);
    expect(selectRows(restarted)).toHaveLength(2);
  });

  it('remembers the last seq when the transcription locale changes, for the language suggestion', () => {
    const state = run([
      { type: 'history-received', afterSeq: 0, history: history([final(1), final(2), final(3)]) },
      { type: 'call-updated', call: detail({ locale: 'en-US', updatedAt: 2_000 }) },
    ]);
    expect(state.localeSetAtSeq).toBe(0);
    const switched = run([
      { type: 'call-updated', call: detail({ locale: 'es-ES', updatedAt: 3_000 }) },
      { type: 'final-received', segment: final(4) },
    ], state);
    expect(switched.localeSetAtSeq).toBe(3);
    expect(selectRecentFinals(switched, 3, switched.localeSetAtSeq).map((segment) => segment.seq)).toEqual([4]);
    expect(selectRecentFinals(switched, 2).map((segment) => segment.seq)).toEqual([3, 4]);
  });
});

describe('call-state: a linked line', () => {
  it('finds a line by seq, also across a gap, and says -1 while it is not there', () => {
    const state = run([{ type: 'history-received', afterSeq: 0, history: history([final(1), final(2), final(5), final(6)]) }]);
    expect([1, 2, 5, 6].map((seq) => selectFinalIndex(state, seq))).toEqual([0, 1, 2, 3]);
    expect([0, 3, 4, 7].map((seq) => selectFinalIndex(state, seq))).toEqual([-1, -1, -1, -1]);
    expect(selectFinalIndex(initialCallState(CALL), 1)).toBe(-1);
  });

  it('is loading while the call opens or older pages are to come, missing when the transcript has no such line', () => {
    expect(selectLineTargetStatus(initialCallState(CALL), 3)).toBe('loading');
    // Opened from its end: lines 501–1000 are here, older ones come page by page.
    const fromEnd = run([{ type: 'history-received', afterSeq: 0, fromEnd: true, history: history(Array.from({ length: 500 }, (_, index) => final(501 + index)), { hasOlder: true }) }]);
    expect(selectLineTargetStatus(fromEnd, 10)).toBe('loading');
    expect(selectLineTargetStatus(fromEnd, 700)).toBe('found');
    expect(selectLineTargetStatus(fromEnd, 1001)).toBe('missing');
    const complete = run([{ type: 'older-received', beforeSeq: 501, page: { segments: Array.from({ length: 500 }, (_, index) => final(1 + index)), hasOlder: false } }], fromEnd);
    expect(selectLineTargetStatus(complete, 10)).toBe('found');
    expect(selectFinalIndex(complete, 10)).toBe(9);
    expect(selectLineTargetStatus(run([{ type: 'open-failed', error: { code: 'not_found', message: 'x' } }]), 1)).toBe('missing');
  });
});

describe('catching up on a call (since you last looked)', () => {
  const look = { lookedAt: 5_000, lastSeq: 2, newAlerts: [] };
  const summary = (id: string, createdAt: number): CallSummaryRecord => ({ id, callId: CALL, kind: 'mid-call', text: `summary ${id}`, locale: 'en-US', operationContext: null, createdAt });

  it('says nothing on a first look, or before the call opened', () => {
    expect(selectCatchUp(initialCallState(CALL))).toBeNull();
    expect(selectCatchUp(run([{ type: 'history-received', afterSeq: 0, fromEnd: true, history: history([final(1)], { call: detail({ lastSeq: 1 }), sinceLastLook: null }) }]))).toBeNull();
  });

  it('counts the lines after the look up to the open, points at the first, and takes the newest summary written since', () => {
    const state = run([
      {
        type: 'history-received',
        afterSeq: 0,
        fromEnd: true,
        history: history([final(1), final(2), final(3), final(4), final(5)], { call: detail({ lastSeq: 5 }), sinceLastLook: look, summaries: [summary('old', 4_000), summary('new', 6_000), summary('newer', 7_000)] }),
      },
      // Lines arriving live after the open are not part of the catch-up.
      { type: 'final-received', segment: final(6) },
    ]);
    expect(selectCatchUp(state)).toEqual({ lookedAt: 5_000, newLines: 3, firstNewSeq: 3, newAlerts: [], latestSummary: summary('newer', 7_000) });
  });

  it('keeps the first open\'s look when the page opens again after a reconnect', () => {
    const state = run([
      { type: 'history-received', afterSeq: 0, fromEnd: true, history: history([final(1), final(2), final(3)], { call: detail({ lastSeq: 3 }), sinceLastLook: look }) },
      { type: 'history-received', afterSeq: 0, fromEnd: true, history: history([final(1), final(2), final(3)], { call: detail({ lastSeq: 3 }), sinceLastLook: { lookedAt: 9_000, lastSeq: 3, newAlerts: [] } }) },
    ]);
    expect(selectCatchUp(state)).toMatchObject({ lookedAt: 5_000, newLines: 1, firstNewSeq: 3 });
  });

  it('has nothing to say when nothing changed since the look', () => {
    const state = run([{ type: 'history-received', afterSeq: 0, fromEnd: true, history: history([final(1), final(2)], { call: detail({ lastSeq: 2 }), sinceLastLook: look, summaries: [summary('old', 4_000)] }) }]);
    expect(selectCatchUp(state)).toBeNull();
  });
});
