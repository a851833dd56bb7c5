'use client';
import { useMemo } from 'react';
import { useCallList } from '@/components/realtime/use-call-list';
import { selectOrderedCalls } from '@/lib/call-list-state';
import { sentimentTone } from '@/lib/format-sentiment';
import { CallListActions } from './call-list-actions';
import { CallListEmpty } from './call-list-empty';
import { CallListSection } from './call-list-section';
import { RingingCalls } from './ringing-calls';

/** The `/` page: live calls first, the ones that need a supervisor on top, then recently ended calls. */
export function CallListView() {
  const state = useCallList();
  const { live, recent } = useMemo(() => selectOrderedCalls(state), [state]);
  const attention = live.filter((call) => sentimentTone(call.sentimentNow) === 'negative').length;
  const empty = live.length === 0 && recent.length === 0;

  return (
    <div className="mx-auto flex max-w-[110rem] flex-col gap-4 p-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-lg font-semibold text-slate-900">Calls</h1>
        {state.loaded && !empty && (
          <p className="text-sm text-slate-600" aria-live="polite">
            <span className="font-semibold text-slate-900 tabular-nums">{live.length}</span> live
            {attention > 0 && (
              <>
                {' · '}
                <span className="font-semibold text-orange-800 tabular-nums">{attention}</span> with negative sentiment
              </>
            )}
            {' · '}
            <span className="tabular-nums">{recent.length}</span> recent
          </p>
        )}
        {state.loaded && state.error && <p className="text-xs text-orange-800">Updates paused: {state.error.message}</p>}
        <div className="ml-auto">
          <CallListActions />
        </div>
      </div>
      <RingingCalls calls={state.ringing} />
      {!state.loaded ? (
        <p role="status" className="text-sm text-slate-500">
          {state.error ? `Could not load calls: ${state.error.message}` : 'Loading calls…'}
        </p>
      ) : empty ? (
        <CallListEmpty />
      ) : (
        <>
          <CallListSection title="Live calls" description="Lowest sentiment first" calls={live} emptyText="No call is live right now." testId="call-list.live" />
          <CallListSection title="Recent calls" description="Most recently ended first" calls={recent} emptyText="No call has ended yet." testId="call-list.recent" />
        </>
      )}
    </div>
  );
}
