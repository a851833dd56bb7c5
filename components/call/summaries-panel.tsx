import { Panel } from '@/components/ui/panel';
import { EmptyNote } from '@/components/ui/empty-note';
import { formatTimeOfDay } from '@/lib/format-time';
import type { CallSummaryRecord, SummaryKind } from '@/lib/protocol';

const KIND_TEXT: Record<SummaryKind, string> = {
  'mid-call': 'Mid-call',
  'end-of-call': 'End of call',
};

const KIND_CLASS: Record<SummaryKind, string> = {
  'mid-call': 'bg-slate-100 text-slate-700 ring-slate-200',
  'end-of-call': 'bg-indigo-50 text-indigo-800 ring-indigo-200',
};

export interface SummariesPanelProps {
  /** Newest first. */
  summaries: readonly CallSummaryRecord[];
}

export function SummariesPanel({ summaries }: SummariesPanelProps) {
  return (
    <Panel title="Summaries" testId="summaries.panel" aside={summaries.length > 0 ? summaries.length : undefined}>
      {summaries.length === 0 ? (
        <EmptyNote>No summary yet</EmptyNote>
      ) : (
        <ol className="space-y-3">
          {summaries.map((summary) => (
            <li key={summary.id} data-testid="summaries.item" className="text-sm">
              <div className="mb-1 flex items-center gap-2 text-xs text-slate-500">
                <span className={`rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${KIND_CLASS[summary.kind]}`}>{KIND_TEXT[summary.kind]}</span>
                <time dateTime={new Date(summary.createdAt).toISOString()} className="tabular-nums">
                  {formatTimeOfDay(summary.createdAt)}
                </time>
                {summary.locale && <span className="font-mono">{summary.locale}</span>}
              </div>
              <p className="leading-relaxed whitespace-pre-wrap text-slate-800">{summary.text}</p>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
