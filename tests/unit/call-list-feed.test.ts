import { waitFor } from '../helpers/wait-for';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_ATTENTION_SIGNALS, type AttentionSignals } from '../../lib/attention';
import { LIST_BATCH_ROWS, LIST_ROW_LINE_CHARS, LIST_ROW_PARTICIPANTS, type CallDetail, type CallListItem, type CallListRow } from '../../lib/protocol';
import type { Broadcaster } from '../../server/calls/broadcaster';
import { CallListFeed, sameListRow, toListRow } from '../../server/calls/call-list-feed';

function item(callId: string, overrides: Partial<CallListItem> = {}): CallListItem & Pick<CallDetail, 'lastError'> & { attentionSignals: AttentionSignals } {
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
    health: { stream: 'connected', streamSince: 1_000, lastPacketAt: null, lastFinalAt: null },
    lastError: null,
    attentionSignals: NO_ATTENTION_SIGNALS,
    updatedAt: 1_000,
    ...overrides,
  };
}

const noop = () => undefined;

function feedOver(calls: Map<string, ReturnType<typeof item>>) {
  const events: CallListRow[][] = [];
  const broadcaster: Broadcaster = { segment: noop, interim: noop, callUpdated: noop, summary: noop, audit: noop, ringing: noop, callsChanged: (rows) => events.push(rows) };
  // A long interval: the test flushes by hand.
  const feed = new CallListFeed(broadcaster, (callId) => {
    const call = calls.get(callId);
    return call ? toListRow(call) : null;
  }, 3_600_000);
  return { feed, events };
}

let open: CallListFeed[] = [];
afterEach(() => {
  for (const feed of open) feed.close();
  open = [];
});

describe('call-list feed', () => {
  it('sends each changed row once per flush, in events of at most LIST_BATCH_ROWS rows, one per turn of the event loop', async () => {
    const calls = new Map(Array.from({ length: 600 }, (_, index) => [`c${index}`, item(`c${index}`)] as const));
    const { feed, events } = feedOver(calls);
    open.push(feed);
    for (const callId of calls.keys()) {
      feed.markDirty(callId);
      feed.markDirty(callId);
    }
    feed.flush();
    // The first event at once; the others after the streams' frames waiting meanwhile have been read.
    expect(events).toHaveLength(1);
    await waitFor(() => events.length === 3);
    expect(events.map((rows) => rows.length)).toEqual([LIST_BATCH_ROWS, LIST_BATCH_ROWS, 600 - 2 * LIST_BATCH_ROWS]);
    expect(new Set(events.flat().map((row) => row.callId)).size).toBe(600);
  });

  it('finishes what an earlier flush still had to send before a new one, with each call’s newest row, once', () => {
    const calls = new Map(Array.from({ length: 600 }, (_, index) => [`c${index}`, item(`c${index}`)] as const));
    const { feed, events } = feedOver(calls);
    open.push(feed);
    for (const callId of calls.keys()) feed.markDirty(callId);
    feed.flush();
    expect(events).toHaveLength(1);
    calls.set('c599', item('c599', { lastSeq: 7, updatedAt: 9_000 }));
    feed.markDirty('c599');
    feed.flush();
    // c599 was still waiting: its row is built when it goes out, so the newest one goes, and the new flush has
    // nothing left to send for it.
    expect(events.map((rows) => rows.length)).toEqual([LIST_BATCH_ROWS, LIST_BATCH_ROWS, 600 - 2 * LIST_BATCH_ROWS]);
    expect(events.flat().filter((row) => row.callId === 'c599').map((row) => row.lastSeq)).toEqual([7]);
    calls.set('c0', item('c0', { lastSeq: 3, updatedAt: 9_000 }));
    feed.markDirty('c0');
    feed.flush();
    expect(events.flat().filter((row) => row.callId === 'c0').map((row) => row.lastSeq)).toEqual([0, 3]);
  });

  it('sends nothing for a call whose row reads the same as the one sent last, and the row when it changes', () => {
    const calls = new Map([['a', item('a')], ['b', item('b')]]);
    const { feed, events } = feedOver(calls);
    open.push(feed);
    feed.markDirty('a');
    feed.markDirty('b');
    feed.flush();
    expect(events).toHaveLength(1);
    // Touched but unchanged (a second stream for the call, say): nothing to send.
    feed.markDirty('a');
    feed.markDirty('b');
    feed.flush();
    expect(events).toHaveLength(1);
    calls.set('b', item('b', { lastSeq: 1, updatedAt: 2_000 }));
    feed.markDirty('a');
    feed.markDirty('b');
    feed.flush();
    expect(events.at(-1)?.map((row) => row.callId)).toEqual(['b']);
  });

  it('forgets an ended call once its row is sent, and calls it no longer holds', () => {
    const calls = new Map([['a', item('a')]]);
    const { feed, events } = feedOver(calls);
    open.push(feed);
    calls.set('a', item('a', { state: 'disconnected', endedAt: 5_000, updatedAt: 5_000 }));
    feed.markDirty('a');
    feed.flush();
    expect(events.flat().map((row) => row.state)).toEqual(['disconnected']);
    // Marked again (a late callback): sent again, as nothing of it is kept.
    feed.markDirty('a');
    feed.flush();
    expect(events).toHaveLength(2);
    calls.delete('a');
    feed.markDirty('a');
    feed.flush();
    expect(events).toHaveLength(2);
  });
});

describe('list rows', () => {
  it('carry what the table shows: the first participants, a cut last line, a rounded trend', () => {
    const participants = ['4:+14255550100', '8:acs:a', '8:acs:b'].map((rawId) => ({ rawId, kind: 'communicationUser' as const, label: `label ${rawId}` }));
    const row = toListRow(
      item('a', {
        participants,
        sentimentTrend: [0.123456, -0.98765],
        lastLine: { speakerLabel: 'Caller', text: 'x'.repeat(LIST_ROW_LINE_CHARS + 50), sentiment: 'negative', seq: 9, piiMasked: true },
      }),
    );
    expect(row.participants).toEqual(participants.slice(0, LIST_ROW_PARTICIPANTS).map(({ rawId, label }) => ({ rawId, label })));
    expect(row.participantCount).toBe(3);
    expect(row.sentimentTrend).toEqual([0.12, -0.99]);
    expect(row.lastLine).toEqual({ speakerLabel: 'Caller', text: `${'x'.repeat(LIST_ROW_LINE_CHARS - 1)}…`, piiMasked: true, seq: 9 });
    expect(row).not.toHaveProperty('metadata');
  });

  it('never cut a line inside a character', () => {
    const text = `${'a'.repeat(LIST_ROW_LINE_CHARS - 2)}📞📞📞`;
    const cut = toListRow(item('a', { lastLine: { speakerLabel: 'x', text, sentiment: null, seq: 1, piiMasked: false } })).lastLine?.text ?? '';
    expect(cut.length).toBeLessThanOrEqual(LIST_ROW_LINE_CHARS);
    expect(cut).toBe(`${'a'.repeat(LIST_ROW_LINE_CHARS - 2)}…`);
    expect(toListRow(item('a', { lastLine: { speakerLabel: 'x', text: 'short', sentiment: null, seq: 1, piiMasked: false } })).lastLine?.text).toBe('short');
  });

  it('compare equal only when every shown field is equal', () => {
    const base = toListRow(item('a', { participants: [{ rawId: 'r', kind: 'unknown', label: 'l' }], sentimentTrend: [0.5] }));
    expect(sameListRow(base, toListRow(item('a', { participants: [{ rawId: 'r', kind: 'unknown', label: 'l' }], sentimentTrend: [0.5] })))).toBe(true);
    for (const change of [{ sentimentTrend: [0.4] }, { participants: [{ rawId: 'r', kind: 'unknown' as const, label: 'm' }] }, { transcription: 'stopped' as const }, { updatedAt: 2 }]) {
      expect(sameListRow(base, toListRow(item('a', { participants: [{ rawId: 'r', kind: 'unknown', label: 'l' }], sentimentTrend: [0.5], ...change })))).toBe(false);
    }
  });
});
