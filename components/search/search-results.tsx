import { CallStateBadge } from '@/components/common/call-status-badges';
import { LineLink } from '@/components/common/line-link';
import { SentimentBadge } from '@/components/common/sentiment-badge';
import { formatDateTime, formatTimeOfDay } from '@/lib/format-time';
import { callLinePath } from '@/lib/line-link';
import type { SearchCall, SearchHit } from '@/lib/protocol';
import { SearchSnippet } from './search-snippet';

export interface SearchResultsProps {
  hits: readonly SearchHit[];
  calls: ReadonlyMap<string, SearchCall>;
}

interface CallGroup {
  callId: string;
  hits: SearchHit[];
}

/** Hits grouped by call, each group where its newest hit falls (hits arrive newest first). */
function groupByCall(hits: readonly SearchHit[]): CallGroup[] {
  const groups = new Map<string, CallGroup>();
  for (const hit of hits) {
    const group = groups.get(hit.callId) ?? { callId: hit.callId, hits: [] };
    group.hits.push(hit);
    groups.set(hit.callId, group);
  }
  return [...groups.values()];
}

function callTitle(call: SearchCall | undefined, callId: string): string {
  const names = call?.participants.map((participant) => participant.label).filter((label) => label !== '') ?? [];
  return names.length > 0 ? names.join(', ') : `Call ${callId}`;
}

export function SearchResults({ hits, calls }: SearchResultsProps) {
  return (
    <ol className="space-y-3" aria-label="Results by call" data-testid="search.results">
      {groupByCall(hits).map((group) => {
        const call = calls.get(group.callId);
        const headingId = `search-call-${encodeURIComponent(group.callId)}`;
        return (
          <li key={group.callId} data-testid="search.call" className="rounded-lg border border-slate-200 bg-white shadow-xs">
            <section aria-labelledby={headingId}>
              <header className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2">
                <h2 id={headingId} className="min-w-0 truncate text-sm font-semibold text-slate-900">
                  {callTitle(call, group.callId)}
                </h2>
                {call && <CallStateBadge state={call.state} />}
                {call && <span className="text-xs text-slate-600">started {formatDateTime(call.startedAt)}</span>}
              </header>
              <ul className="divide-y divide-slate-100">
                {group.hits.map((hit) => (
                  <li key={hit.seq}>
                    <LineLink
                      href={callLinePath(hit.callId, hit.seq)}
                      testId="search.hit"
                      className="flex gap-3 px-3 py-2 text-sm hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-sky-600"
                    >
                      <span className="w-16 shrink-0 text-xs text-slate-600 tabular-nums">{formatTimeOfDay(hit.at)}</span>
                      <span className="min-w-0 flex-1">
                        <span className="mr-2 text-xs font-semibold text-slate-700">{hit.speakerLabel}</span>
                        <span className="text-slate-900">
                          <SearchSnippet snippet={hit.snippet} piiMasked={hit.piiMasked} />
                        </span>
                      </span>
                      {hit.sentiment !== null && <SentimentBadge sentiment={hit.sentiment} />}
                    </LineLink>
                  </li>
                ))}
              </ul>
            </section>
          </li>
        );
      })}
    </ol>
  );
}
