'use client';
import { useDeferredValue, useMemo, useState } from 'react';
import { useCallList } from '@/components/realtime/use-call-list';
import { filterCalls, needsAttention, normalizeFilter } from '@/lib/call-list-state';
import { KeyboardHelp, type ShortcutDescription } from '@/components/common/keyboard-help';
import { useAcknowledgeKey } from '@/components/alerts/use-acknowledge-key';
import { useShortcutKeys } from '@/components/common/use-shortcut-keys';
import { CallListActions } from './call-list-actions';
import { CallListEmpty } from './call-list-empty';
import { CallListFilter } from './call-list-filter';
import { CallListTable } from './call-list-table';
import { RingingCalls } from './ringing-calls';

const LIST_SHORTCUTS: readonly ShortcutDescription[] = [
  { keys: ['j', '↓'], does: 'Next call' },
  { keys: ['k', '↑'], does: 'Previous call' },
  { keys: ['Home', 'End'], does: 'First / last call' },
  { keys: ['Enter'], does: 'Open the call (Ctrl / ⌘: in a new tab)' },
  { keys: ['a'], does: 'Acknowledge the current call’s newest open alert' },
  { keys: ['/'], does: 'Search transcripts' },
  { keys: ['?'], does: 'Show these keys' },
];

/**
 * The `/` page: live calls first, the ones that need a supervisor on top, then recently ended calls. Every live
 * call is in the table (virtualized); the reducer keeps both sections sorted as rows change, and the filter runs
 * here, in the browser, over the rows it already has: a linear scan of a few thousand short strings per update.
 */
export function CallListView() {
  const state = useCallList();
  const { live, recent } = state;
  const [query, setQuery] = useState('');
  const [attentionOnly, setAttentionOnly] = useState(false);
  // Typing stays responsive while a filter over thousands of rows renders in the background.
  const filter = normalizeFilter(useDeferredValue(query));
  const shownLive = useMemo(() => filterCalls(attentionOnly ? live.filter(needsAttention) : live, filter), [live, filter, attentionOnly]);
  const shownRecent = useMemo(() => filterCalls(recent, filter), [recent, filter]);
  const attention = useMemo(() => live.reduce((count, call) => (needsAttention(call) ? count + 1 : count), 0), [live]);
  const empty = live.length === 0 && recent.length === 0;
  // j / k from anywhere on the page (outside fields) go to the table's current row; there they move between calls.
  const focusTable = () => document.querySelector<HTMLElement>('[data-testid="call-list.row"][tabindex="0"]')?.focus();
  useShortcutKeys({ j: focusTable, k: focusTable });
  useAcknowledgeKey(() => document.querySelector<HTMLElement>('[data-testid="call-list.row"][tabindex="0"]')?.dataset.callId ?? null);

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
          {state.loaded && !empty && <CallListFilter value={query} onChange={setQuery} />}
          <CallListActions />
        </div>
      </div>
      <RingingCalls calls={state.ringing} />
      <KeyboardHelp shortcuts={LIST_SHORTCUTS} />
      {!state.loaded ? (
        <p role="status" className="text-sm text-slate-500">
          {state.error ? `Could not load calls: ${state.error.message}` : 'Loading calls…'}
        </p>
      ) : empty ? (
        <CallListEmpty />
      ) : (
        <CallListTable live={shownLive} recent={shownRecent} liveTotal={live.length} recentTotal={recent.length} filter={attentionOnly && filter === '' ? 'needs attention' : filter} />
      )}
    </div>
  );
}
