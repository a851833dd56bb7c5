import { EmptyNote } from '@/components/ui/empty-note';
import { Panel } from '@/components/ui/panel';
import { formatDateTime, formatTimeOfDay } from '@/lib/format-time';
import type { AuditAction, AuditEntry, AuditOutcome } from '@/lib/protocol';

const ACTION_LABEL: Record<AuditAction, string> = {
  'place-call': 'Place call',
  'answer-call': 'Answer call',
  'connect-call': 'Connect to call',
  'start-transcription': 'Start transcription',
  'stop-transcription': 'Stop transcription',
  'update-transcription': 'Change language',
  summarize: 'Summarize',
  'hang-up': 'Hang up',
  export: 'Export',
};

const OUTCOME_CLASS: Record<AuditOutcome, string> = {
  requested: 'bg-slate-100 text-slate-700 ring-slate-200',
  confirmed: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  failed: 'bg-orange-50 text-orange-800 ring-orange-300',
  unconfirmed: 'bg-amber-50 text-amber-800 ring-amber-300',
};

export interface AuditPanelProps {
  /** Newest first. */
  entries: readonly AuditEntry[];
}

/** Who did what to the call and how it ended, as stored on the server. */
export function AuditPanel({ entries }: AuditPanelProps) {
  return (
    <Panel title="Audit trail" testId="audit.panel" aside={entries.length > 0 ? entries.length : undefined} bodyClassName="max-h-96 overflow-y-auto">
      {entries.length === 0 ? (
        <div className="p-3">
          <EmptyNote>No operation on this call yet</EmptyNote>
        </div>
      ) : (
        <ol className="divide-y divide-slate-100" aria-label="Operations, newest first">
          {entries.map((entry) => (
            <AuditItem key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
    </Panel>
  );
}

function AuditItem({ entry }: { entry: AuditEntry }) {
  return (
    <li data-testid="audit.item" data-action={entry.action} data-outcome={entry.outcome} className="px-3 py-2 text-xs">
      <div className="flex items-center gap-2">
        <time dateTime={new Date(entry.at).toISOString()} title={formatDateTime(entry.at)} className="font-mono text-[11px] text-slate-500 tabular-nums">
          {formatTimeOfDay(entry.at)}
        </time>
        <span className="font-semibold text-slate-900">{ACTION_LABEL[entry.action]}</span>
        <span data-testid="audit.outcome" className={`ml-auto rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${OUTCOME_CLASS[entry.outcome]}`}>
          {entry.outcome}
        </span>
      </div>
      <p className="mt-0.5 text-slate-600">
        by <span data-testid="audit.actor" className="font-medium text-slate-800">{entry.actor === 'acs' ? 'ACS' : entry.actor}</span>
        {entry.detail !== null && (
          <>
            {' · '}
            <span data-testid="audit.detail" className={entry.outcome === 'failed' || entry.outcome === 'unconfirmed' ? 'text-orange-800' : undefined}>
              {entry.detail}
            </span>
          </>
        )}
      </p>
      {entry.operationContext !== null && (
        <p data-testid="audit.context" className="mt-0.5 truncate font-mono text-[11px] text-slate-500" title={`Operation context: ${entry.operationContext}`}>
          <span className="sr-only">Operation context: </span>
          {entry.operationContext}
        </p>
      )}
    </li>
  );
}
