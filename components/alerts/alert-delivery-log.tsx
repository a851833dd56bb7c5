'use client';
import { useState } from 'react';
import { Spinner } from '@/components/ui/spinner';
import { formatTimeOfDay } from '@/lib/format-time';
import { WEBHOOK_FORMAT_LABEL } from '@/lib/rule-text';
import type { AlertDelivery, DeliveryState } from '@/lib/rules';
import { listDeliveries, type TriageError } from '@/lib/triage-client';

const STATE_TEXT: Record<DeliveryState, string> = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' };
const STATE_CLASS: Record<DeliveryState, string> = { pending: 'text-slate-700', delivered: 'text-emerald-800', failed: 'text-orange-800' };

type LogState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'loaded'; deliveries: AlertDelivery[] } | { kind: 'failed'; error: TriageError };

export interface AlertDeliveryLogProps {
  alertId: string;
}

/** The alert's webhook deliveries, read when the supervisor opens the disclosure (and again each time). */
export function AlertDeliveryLog({ alertId }: AlertDeliveryLogProps) {
  const [log, setLog] = useState<LogState>({ kind: 'idle' });

  async function load() {
    setLog({ kind: 'loading' });
    const result = await listDeliveries(alertId);
    setLog(result.ok ? { kind: 'loaded', deliveries: result.data } : { kind: 'failed', error: result.error });
  }

  return (
    <details
      className="mt-1 text-xs"
      onToggle={(event) => {
        if (event.currentTarget.open) void load();
      }}
    >
      <summary className="cursor-pointer rounded text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600">Webhook deliveries</summary>
      <div className="mt-1" data-testid="alert.deliveries">
        {log.kind === 'loading' && (
          <p role="status" className="flex items-center gap-1.5 text-slate-500">
            <Spinner className="size-3" /> Loading…
          </p>
        )}
        {log.kind === 'failed' && <p className="text-orange-800">Could not load the deliveries: {log.error.message}</p>}
        {log.kind === 'loaded' && log.deliveries.length === 0 && <p className="text-slate-500">This rule has no webhooks.</p>}
        {log.kind === 'loaded' && log.deliveries.length > 0 && (
          <ul className="space-y-1">
            {log.deliveries.map((delivery) => (
              <li key={`${delivery.target}|${delivery.format}`} className="rounded bg-slate-50 px-2 py-1">
                <span className="font-mono break-all text-slate-800">{delivery.target}</span>{' '}
                <span className="text-slate-500">({WEBHOOK_FORMAT_LABEL[delivery.format]})</span>
                <br />
                <span className={`font-semibold ${STATE_CLASS[delivery.state]}`}>{STATE_TEXT[delivery.state]}</span>
                {` · ${delivery.attempts} ${delivery.attempts === 1 ? 'attempt' : 'attempts'}`}
                {delivery.lastStatus !== null && ` · HTTP ${delivery.lastStatus}`}
                {delivery.lastError !== null && ` · ${delivery.lastError}`}
                {delivery.nextAttemptAt !== null && delivery.state === 'pending' && ` · next try ${formatTimeOfDay(delivery.nextAttemptAt)}`}
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
