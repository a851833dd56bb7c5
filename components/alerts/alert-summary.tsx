import { MaskedText } from '@/components/common/masked-text';
import type { Alert } from '@/lib/rules';
import { AlertAge } from './alert-age';
import { SeverityBadge } from './severity-badge';

export interface AlertSummaryProps {
  alert: Alert;
  /** Toasts show the line on fewer rows. */
  compact?: boolean;
}

/** What an alert says, shared by the inbox and the toasts: severity, rule, reason, the line, the call, when. */
export function AlertSummary({ alert, compact = false }: AlertSummaryProps) {
  return (
    <>
      <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <SeverityBadge severity={alert.severity} testId="alert.severity" />
        <span data-testid="alert.rule" className="text-sm font-semibold text-slate-900">
          {alert.ruleName}
        </span>
        <span data-testid="alert.reason" className="rounded-full bg-slate-100 px-2 py-0.5 text-[11px] font-medium text-slate-700 ring-1 ring-slate-200 ring-inset">
          {alert.reason}
        </span>
      </span>
      {alert.text !== '' && (
        <span data-testid="alert.text" className={`mt-1 block text-sm text-slate-800 ${compact ? 'line-clamp-2' : 'line-clamp-4'}`}>
          {/* Stored as ACS masked it: `*` runs are redacted personal data, shown like the transcript's. */}
          <MaskedText text={alert.text} piiTestId="alert.pii" />
        </span>
      )}
      <span className="mt-1 flex items-center gap-2 text-xs text-slate-500">
        <span className="min-w-0 truncate">
          Call <span className="font-mono">{alert.callId}</span>
          {alert.seqs.length > 0 && ` · line ${Math.min(...alert.seqs)}`}
        </span>
        <span className="ml-auto">
          <AlertAge at={alert.at} />
        </span>
      </span>
    </>
  );
}
