'use client';
import { LineLink } from '@/components/common/line-link';
import { SeverityBadge } from '@/components/alerts/severity-badge';
import { AlertAge } from '@/components/alerts/alert-age';
import type { CatchUp } from '@/lib/catch-up';
import { alertCallPath, callLinePath } from '@/lib/line-link';

export interface CatchUpCardProps {
  callId: string;
  catchUp: CatchUp;
  onDismiss: () => void;
}

/** Alerts listed in the card; the rest are counted (the inbox has them all). */
const SHOWN_ALERTS = 3;

/** "Since you last looked": new lines, new alerts and the newest summary, for a supervisor coming back to a call. */
export function CatchUpCard({ callId, catchUp, onDismiss }: CatchUpCardProps) {
  const { newLines, firstNewSeq, newAlerts, latestSummary } = catchUp;
  return (
    <section
      data-testid="catch-up"
      aria-labelledby="catch-up-title"
      className="flex flex-col gap-2 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-950 ring-1 ring-sky-200 ring-inset"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id="catch-up-title" className="font-semibold">
          Since you last looked <AlertAge at={catchUp.lookedAt} tone="text-sky-800" />
        </h2>
        <p data-testid="catch-up.counts" className="min-w-0 flex-1 text-sky-900">
          {plural(newLines, 'new line')} · {plural(newAlerts.length, 'new alert')}
          {latestSummary !== null && ' · a new summary'}
        </p>
        {firstNewSeq !== null && (
          <LineLink href={callLinePath(callId, firstNewSeq)} testId="catch-up.first-new" className="text-xs font-semibold text-sky-800 underline hover:text-sky-950">
            Go to the first new line
          </LineLink>
        )}
        <button
          type="button"
          data-testid="catch-up.dismiss"
          onClick={onDismiss}
          className="h-7 rounded-md px-2 text-xs font-medium text-sky-900 hover:bg-sky-100 focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          Got it
        </button>
      </div>
      {newAlerts.length > 0 && (
        <ul className="flex flex-col gap-1" aria-label="New alerts">
          {newAlerts.slice(0, SHOWN_ALERTS).map((alert) => (
            <li key={alert.id} data-testid="catch-up.alert" className="flex items-center gap-2">
              <SeverityBadge severity={alert.severity} />
              <LineLink href={alertCallPath(callId, alert.seqs)} className="min-w-0 truncate hover:underline">
                {alert.ruleName}: {alert.reason}
              </LineLink>
              <AlertAge at={alert.at} tone="text-sky-800" />
            </li>
          ))}
          {newAlerts.length > SHOWN_ALERTS && <li className="text-xs text-sky-800">and {newAlerts.length - SHOWN_ALERTS} more in the alert inbox</li>}
        </ul>
      )}
      {latestSummary !== null && (
        <p data-testid="catch-up.summary" className="line-clamp-3 whitespace-pre-wrap text-sky-950">
          <span className="font-semibold">Latest summary: </span>
          {latestSummary.text}
        </p>
      )}
    </section>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
