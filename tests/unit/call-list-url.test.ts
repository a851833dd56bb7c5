import { describe, expect, it } from 'vitest';
import { parseCallHistoryQuery, rowMatchesFilter, NO_HISTORY_FILTER, type CallHistoryFilter } from '../../lib/call-history-filter';
import { initialCallListState, mergeRecentRows, reduceCallList } from '../../lib/call-list-state';
import { bulkExportPath, DEFAULT_CALL_LIST_VIEW, historyPageQuery, isFiltered, readCallListView, viewToFilter, writeCallListView, type CallListView } from '../../lib/call-list-url';
import type { CallListRow } from '../../lib/protocol';
import { decodeHistoryCursor, encodeHistoryCursor } from '../../server/history/history-cursor';
import { callListRow } from '../helpers/call-fixtures';

/** An ended call's row by default. */
const row = (callId: string, overrides: Partial<CallListRow> = {}) =>
  callListRow(callId, { state: 'disconnected', transcription: 'stopped', endedAt: 2_000, health: { stream: 'closed', streamSince: 1_000, lastPacketAt: null, lastFinalAt: null }, updatedAt: 2_000, ...overrides });

describe('the call list URL', () => {
  const full: CallListView = { state: 'ended', from: '2026-12-01', to: '2026-12-02', language: 'es', sentiment: 'negative', participant: 'Lucía', hasAlerts: true, text: 'garantía 100%' };

  it('round-trips every filter, and leaves defaults out', () => {
    const query = writeCallListView(full);
    expect(query).toBe('state=ended&from=2026-12-01&to=2026-12-02&language=es&sentiment=negative&participant=Luc%C3%ADa&hasAlerts=true&text=garant%C3%ADa+100%25');
    expect(readCallListView(new URLSearchParams(query))).toEqual(full);
    expect(writeCallListView(DEFAULT_CALL_LIST_VIEW)).toBe('');
    expect(readCallListView(new URLSearchParams(''))).toEqual(DEFAULT_CALL_LIST_VIEW);
    expect(writeCallListView({ ...DEFAULT_CALL_LIST_VIEW, hasAlerts: false })).toBe('hasAlerts=false');
  });

  it('ignores what it cannot read instead of breaking the page', () => {
    const view = readCallListView(new URLSearchParams('state=gone&from=2026-02-30&to=yesterday&language=es%25&sentiment=angry&hasAlerts=1&text=%01x&participant=' + 'x'.repeat(300)));
    expect(view).toEqual(DEFAULT_CALL_LIST_VIEW);
    // Dates the wrong way round are swapped.
    expect(readCallListView(new URLSearchParams('from=2026-12-05&to=2026-12-01'))).toMatchObject({ from: '2026-12-01', to: '2026-12-05' });
    expect(readCallListView(new URLSearchParams('language=ES-mx'))).toMatchObject({ language: 'es-mx' });
  });

  it('turns days into local start times, `to` including its whole day', () => {
    const filter = viewToFilter({ ...DEFAULT_CALL_LIST_VIEW, from: '2026-12-01', to: '2026-12-02' });
    expect(filter.from).toBe(new Date(2026, 11, 1).getTime());
    expect(filter.to).toBe(new Date(2026, 11, 3).getTime());
    expect(isFiltered(DEFAULT_CALL_LIST_VIEW)).toBe(false);
    expect(isFiltered({ ...DEFAULT_CALL_LIST_VIEW, state: 'ended' })).toBe(false);
    expect(isFiltered({ ...DEFAULT_CALL_LIST_VIEW, language: 'es' })).toBe(true);
  });

  it('asks the API for the same filter the URL names', () => {
    const query = new URLSearchParams(historyPageQuery(full, 'abc', 100));
    const parsed = parseCallHistoryQuery(query);
    expect(parsed).toEqual({ ok: true, query: { filter: viewToFilter(full), limit: 100, cursor: 'abc' } });
  });

  it('exports what the view shows: its state and filters, and the format', () => {
    for (const state of ['live', 'ended', 'all'] as const) {
      const path = bulkExportPath({ ...full, state }, 'vtt');
      expect(path.startsWith('/api/export?')).toBe(true);
      const params = new URLSearchParams(path.slice('/api/export?'.length));
      expect(params.get('format')).toBe('vtt');
      params.delete('format');
      expect(parseCallHistoryQuery(params)).toEqual({ ok: true, query: { filter: viewToFilter({ ...full, state }), limit: expect.any(Number), cursor: null } });
    }
  });
});

describe('the history query', () => {
  it('reads ISO-8601 and epoch milliseconds, and names the parameter it refuses', () => {
    const parsed = parseCallHistoryQuery(new URLSearchParams('from=2026-12-01T10:00:00Z&to=1796126400000'));
    expect(parsed.ok && [parsed.query.filter.from, parsed.query.filter.to]).toEqual([Date.parse('2026-12-01T10:00:00Z'), 1796126400000]);
    for (const [query, name] of [
      ['limit=500', 'limit'],
      ['from=12/01/2026', 'from'],
      ['state=ended&state=all', 'state'],
      ['language=e', 'language'],
      ['nope=1&state=ended', 'nope'],
    ] as const) {
      const refused = parseCallHistoryQuery(new URLSearchParams(query));
      expect(refused.ok ? 'accepted' : refused.message).toContain(name);
    }
  });

  it('gives cursors that only the same order reads back; anything else is refused', () => {
    const cursor = encodeHistoryCursor('ended', { at: 5, id: 'call-é' });
    expect(decodeHistoryCursor('ended', cursor)).toEqual({ at: 5, id: 'call-é' });
    expect(decodeHistoryCursor('live', cursor)).toBeNull();
    expect(decodeHistoryCursor('all', encodeHistoryCursor('live', { at: 5, id: 'x' }))).toEqual({ at: 5, id: 'x' });
    for (const bad of ['', '!!!', 'e30', Buffer.from('{"v":2,"o":"ended_at","at":1,"id":"x"}').toString('base64url'), cursor.slice(0, -3)]) expect(decodeHistoryCursor('ended', bad)).toBeNull();
  });
});

describe('filtering rows in the browser', () => {
  const match = (filter: Partial<CallHistoryFilter>, value: CallListRow) => rowMatchesFilter(value, { ...NO_HISTORY_FILTER, ...filter });

  it('applies each filter to a row', () => {
    const spanish = row('a', { locale: 'es-ES', sentimentNow: -0.3, participants: [{ rawId: '4:+3491', label: 'Lucía' }], startedAt: 500 });
    expect(match({ state: 'ended', language: 'es' }, spanish)).toBe(true);
    expect(match({ state: 'live' }, spanish)).toBe(false);
    expect(match({ language: 'en' }, spanish)).toBe(false);
    expect(match({ language: 'es-es' }, spanish)).toBe(true);
    expect(match({ language: 'es-mx' }, spanish)).toBe(false);
    expect(match({ sentiment: 'negative' }, spanish)).toBe(true);
    expect(match({ sentiment: 'neutral' }, spanish)).toBe(false);
    expect(match({ participant: 'LUCÍA' }, spanish)).toBe(true);
    expect(match({ participant: 'bob' }, spanish)).toBe(false);
    expect(match({ from: 500, to: 501 }, spanish)).toBe(true);
    expect(match({ to: 500 }, spanish)).toBe(false);
    expect(match({ hasAlerts: false }, spanish)).toBe(true);
    expect(match({ hasAlerts: true }, row('b', { state: 'connected', attention: { score: 80, reasons: [{ kind: 'alert', text: 'x', points: 80 }] } }))).toBe(true);
    expect(match({ text: '+3491' }, spanish)).toBe(true);
  });
});

describe('ended calls from the feed and the history pages', () => {
  it('merges both, newest copy of each, most recently ended first, without live calls', () => {
    const feed = [row('f2', { endedAt: 900 }), row('f1', { endedAt: 800 })];
    expect(mergeRecentRows(feed, [])).toBe(feed);
    const merged = mergeRecentRows(feed, [row('p1', { endedAt: 850 }), row('f1', { endedAt: 800, updatedAt: 1 }), row('f2', { endedAt: 950, updatedAt: 9_000 }), row('l', { state: 'connected' })]);
    expect(merged.map((value) => value.callId)).toEqual(['f2', 'p1', 'f1']);
    expect(merged[0]?.endedAt).toBe(950);
  });

  it('drops an erased call from the list state', () => {
    const state = reduceCallList(initialCallListState(), { type: 'snapshot-received', calls: [row('gone'), row('kept'), row('live', { state: 'connected', endedAt: null })], ringing: [], asOf: 0 });
    const after = reduceCallList(state, { type: 'call-erased', callId: 'gone' });
    expect([...after.rows.keys()].sort()).toEqual(['kept', 'live']);
    expect(after.recent.map((value) => value.callId)).toEqual(['kept']);
    expect(reduceCallList(after, { type: 'call-erased', callId: 'unknown' })).toBe(after);
    expect(reduceCallList(after, { type: 'call-erased', callId: 'live' }).live).toEqual([]);
  });
});
