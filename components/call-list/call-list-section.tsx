import type { CallListItem } from '@/lib/protocol';
import { CALL_LIST_GRID } from './call-list-columns';
import { CallListRow } from './call-list-row';

export interface CallListSectionProps {
  title: string;
  description: string;
  calls: readonly CallListItem[];
  /** Shown instead of rows when the section is empty. */
  emptyText: string;
  testId?: string;
}

const COLUMNS = ['Status', 'Participants', 'Duration', 'Language', 'Sentiment now', 'Last line', 'Lines'];

export function CallListSection({ title, description, calls, emptyText, testId }: CallListSectionProps) {
  const headingId = `call-list-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={headingId} data-testid={testId} className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs">
      <header className="flex items-baseline gap-2 border-b border-slate-200 px-3 py-2">
        <h2 id={headingId} className="text-sm font-semibold text-slate-900">
          {title} <span className="font-normal text-slate-500 tabular-nums">({calls.length})</span>
        </h2>
        <p className="text-xs text-slate-500">{description}</p>
      </header>
      {calls.length === 0 ? (
        <p className="px-3 py-3 text-sm text-slate-500">{emptyText}</p>
      ) : (
        <>
          <div aria-hidden="true" className={`hidden border-b border-slate-100 bg-slate-50 px-3 py-1 text-[11px] font-medium tracking-wide text-slate-500 uppercase ${CALL_LIST_GRID} border-l-4 border-l-transparent`}>
            {COLUMNS.map((column) => (
              <div key={column} className={column === 'Lines' ? 'text-right' : undefined}>
                {column}
              </div>
            ))}
          </div>
          <ul className="divide-y divide-slate-100">
            {calls.map((call) => (
              <CallListRow key={call.callId} call={call} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
