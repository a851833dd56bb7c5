'use client';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useCallList } from '@/components/realtime/use-call-list';
import { rowMatchesFilter } from '@/lib/call-history-filter';
import { filterCalls, mergeRecentRows, needsAttention, normalizeFilter } from '@/lib/call-list-state';
import { isFiltered, viewToFilter } from '@/lib/call-list-url';
import type { CallListRow } from '@/lib/protocol';
import { KeyboardHelp, type ShortcutDescription } from '@/components/common/keyboard-help';
import { useAcknowledgeKey } from '@/components/alerts/use-acknowledge-key';
import { useShortcutKeys } from '@/components/common/use-shortcut-keys';
import { CallListActions } from './call-list-actions';
import { CallListEmpty } from './call-list-empty';
import { CallListFilter } from './call-list-filter';
import { CallListFilters } from './call-list-filters';
import { CallListTable } from './call-list-table';
import { RingingCalls } from './ringing-calls';
import { useCallListView } from './use-call-list-view';
import { useHistoryPages } from './use-history-pages';
import { useLiveTextMatches } from './use-live-text-matches';

const LIST_SHORTCUTS: readonly ShortcutDescription[] = [
  { keys: ['j', '↓'], does: 'Next call' },
  { keys: ['k', '↑'], does: 'Previous call' },
  { keys: ['Home', 'End'], does: 'First / last call' },
  { keys: ['Enter'], does: 'Open the call (Ctrl / ⌘: in a new tab)' },
  { keys: ['a'], does: 'Acknowledge the current call’s newest open alert' },
  { keys: ['/'], does: 'Search transcripts' },
  { keys: ['?'], does: 'Show these keys' },
];

/** Typing reaches the URL (and the server's history) after a pause, not per key. */
const TYPING_TO_URL_MS = 300;
const NO_ROWS: readonly CallListRow[] = [];

/**
 * The `/` page: live calls first, the ones that need a supervisor on top, then ended calls. Every live call is in the
 * table (virtualized), from the socket feed; the filters (from the URL) run here, in the browser, over the rows it
 * already has: a linear scan of a few thousand short strings per update. Ended calls come from the feed (the most
 * recent ones) and from the history API, page by page, so every ended call is reachable.
 */
export function CallListView() {
  const state = useCallList();
  const { live, recent } = state;
  const { view, setView } = useCallListView();
  const [query, setQuery] = useState(view.text ?? '');
  const [participant, setParticipant] = useState(view.participant ?? '');
  const [attentionOnly, setAttentionOnly] = useState(false);

  // The URL changed from outside (back / forward, a link): the fields follow. What this page wrote is skipped.
  const written = useRef({ text: view.text, participant: view.participant });
  useEffect(() => {
    if (view.text !== written.current.text) setQuery(view.text ?? '');
    if (view.participant !== written.current.participant) setParticipant(view.participant ?? '');
    written.current = { text: view.text, participant: view.participant };
  }, [view.text, view.participant]);
  useEffect(() => {
    const text = query.trim() === '' ? null : query.trim();
    const person = participant.trim() === '' ? null : participant.trim();
    if (text === view.text && person === view.participant) return;
    const timer = setTimeout(() => {
      written.current = { text, participant: person };
      setView((current) => ({ ...current, text, participant: person }), { replace: true });
    }, TYPING_TO_URL_MS);
    return () => clearTimeout(timer);
  }, [query, participant, view, setView]);

  // Typing stays responsive while a filter over thousands of rows renders in the background.
  const textFilter = normalizeFilter(useDeferredValue(query));
  const typedParticipant = useDeferredValue(participant).trim();
  const rowFilter = useMemo(() => ({ ...viewToFilter(view), text: null, participant: typedParticipant === '' ? null : typedParticipant }), [view, typedParticipant]);
  const filtersRows = isFiltered({ ...view, text: null, participant: rowFilter.participant });
  // Live calls whose transcript (not only the last line the rows carry) has the text, from the server's index.
  const transcriptMatches = useLiveTextMatches(view, view.state !== 'ended');
  const shownLive = useMemo(() => {
    if (view.state === 'ended') return NO_ROWS;
    const candidates = attentionOnly ? live.filter(needsAttention) : live;
    const rows = filtersRows ? candidates.filter((row) => rowMatchesFilter(row, rowFilter)) : candidates;
    if (textFilter === '') return rows;
    const byRow = new Set(filterCalls(rows, textFilter));
    return rows.filter((row) => byRow.has(row) || transcriptMatches.has(row.callId));
  }, [live, textFilter, attentionOnly, view.state, filtersRows, rowFilter, transcriptMatches]);

  const history = useHistoryPages(view, view.state !== 'live', isFiltered(view) || view.state === 'ended', (callId) => state.rows.has(callId));
  const shownRecent = useMemo(() => {
    if (view.state === 'live') return NO_ROWS;
    // The feed's rows do not say whether a call ever had an alert (only open ones): the server answers that alone.
    const feed = view.hasAlerts !== null ? NO_ROWS : filterCalls(filtersRows ? recent.filter((row) => rowMatchesFilter(row, rowFilter)) : recent, textFilter);
    return mergeRecentRows(feed, history.rows.values());
  }, [recent, textFilter, view.state, view.hasAlerts, filtersRows, rowFilter, history.rows]);
  const recentTotal = useMemo(() => {
    let extra = 0;
    for (const callId of history.rows.keys()) if (!state.rows.has(callId)) extra += 1;
    return recent.length + extra;
  }, [recent.length, history.rows, state.rows]);

  const { hasMore, loading: loadingMore, error: moreError, loadMore } = history;
  const moreRows = useMemo(
    () => (view.state !== 'live' && (hasMore || loadingMore || moreError !== null) ? { loading: loadingMore, error: moreError, load: loadMore } : undefined),
    [view.state, hasMore, loadingMore, moreError, loadMore],
  );
  // The filters take a row of their own only when asked for or in use: the table keeps the room otherwise.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const showFilters = filtersOpen || isFiltered(view) || view.state !== 'all';

  const attention = useMemo(() => live.reduce((count, call) => (needsAttention(call) ? count + 1 : count), 0), [live]);
  const empty = live.length === 0 && recent.length === 0 && history.rows.size === 0 && !isFiltered(view);
  // j / k from anywhere on the page (outside fields) go to the table's current row; there they move between calls.
  const focusTable = () => document.querySelector<HTMLElement>('[data-testid="call-list.row"][tabindex="0"]')?.focus();
  useShortcutKeys({ j: focusTable, k: focusTable });
  useAcknowledgeKey(() => document.querySelector<HTMLElement>('[data-testid="call-list.row"][tabindex="0"]')?.dataset.callId ?? null);
  const filterLabel = textFilter !== '' ? textFilter : filtersRows || view.hasAlerts !== null ? 'these filters' : attentionOnly ? 'needs attention' : '';

  return (
    <div className="mx-auto flex h-full max-w-[110rem] flex-col gap-4 p-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-lg font-semibold text-slate-900">Calls</h1>
        {state.loaded && !empty && (
          <p className="text-sm text-slate-600" data-testid="call-list.counts">
            <span className="font-semibold text-slate-900 tabular-nums">{live.length.toLocaleString()}</span> live
            {attention > 0 && (
              <>
                {' · '}
                <span className="font-semibold text-orange-800 tabular-nums">{attention.toLocaleString()}</span> {attention === 1 ? 'needs' : 'need'} attention
              </>
            )}
            {' · '}
            <span className="tabular-nums">{recent.length.toLocaleString()}</span> recent
          </p>
        )}
        {state.loaded && state.error && <p className="text-xs text-orange-800">Updates paused: {state.error.message}</p>}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {state.loaded && !empty && (
            <button
              type="button"
              aria-pressed={attentionOnly}
              data-testid="call-list.attention-only"
              onClick={() => setAttentionOnly((on) => !on)}
              className={`h-8 rounded-md px-2.5 text-sm font-medium shadow-xs ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-sky-600 ${
                attentionOnly ? 'bg-orange-100 text-orange-900 ring-orange-300' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
              }`}
            >
              Needs attention only
            </button>
          )}
          {state.loaded && !empty && (
            <button
              type="button"
              aria-expanded={showFilters}
              aria-controls={showFilters ? 'call-list-filters' : undefined}
              data-testid="call-list.filters-toggle"
              onClick={() => setFiltersOpen((open) => !(open || isFiltered(view) || view.state !== 'all'))}
              className="h-8 rounded-md bg-white px-2.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600"
            >
              Filters
            </button>
          )}
          {state.loaded && !empty && <CallListFilter value={query} onChange={setQuery} />}
          <CallListActions />
        </div>
      </div>
      {state.loaded && !empty && showFilters && <CallListFilters view={view} onChange={setView} participant={participant} onParticipantChange={setParticipant} />}
      <RingingCalls calls={state.ringing} />
      <KeyboardHelp shortcuts={LIST_SHORTCUTS} />
      {!state.loaded ? (
        <p role="status" className="text-sm text-slate-500">
          {state.error ? `Could not load calls: ${state.error.message}` : 'Loading calls…'}
        </p>
      ) : empty ? (
        <CallListEmpty />
      ) : (
        <CallListTable
          live={shownLive}
          recent={shownRecent}
          liveTotal={live.length}
          recentTotal={recentTotal}
          filter={filterLabel}
          hiddenSection={view.state === 'live' ? 'recent' : view.state === 'ended' ? 'live' : undefined}
          more={moreRows}
        />
      )}
    </div>
  );
}
