'use client';
import { useEffect, useMemo, useState } from 'react';
import { SeverityBadge } from '@/components/alerts/severity-badge';
import { useAlerts } from '@/components/alerts/alerts-provider';
import { EmptyNote } from '@/components/ui/empty-note';
import { Panel } from '@/components/ui/panel';
import { formatTimeOfDay } from '@/lib/format-time';
import { fetchCallAlerts } from '@/lib/history-client';
import type { Alert } from '@/lib/rules';

/**
 * Every alert the call raised, open or acknowledged, newest first: part of an ended call's record. Read from the
 * API, and again whenever the call's open alerts change in the alert feed (raised or acknowledged).
 */
export function CallAlertsPanel({ callId }: { callId: string }) {
  const { state } = useAlerts();
  const openHere = useMemo(
    () =>
      state.open
        .filter((alert) => alert.callId === callId)
        .map((alert) => alert.id)
        .join(','),
    [state.open, callId],
  );
  const [alerts, setAlerts] = useState<readonly Alert[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void fetchCallAlerts(callId).then((result) => {
      if (!current) return;
      if (result.ok) {
        setAlerts(result.data);
        setError(null);
      } else {
        setError(result.error.message);
      }
    });
    return () => {
      current = false;
    };
  }, [callId, openHere]);

  return (
    <Panel title="Alerts" testId="call-alerts.panel" aside={alerts !== null && alerts.length > 0 ? alerts.length : undefined}>
      {error !== null && alerts === null ? (
        <EmptyNote>Could not load alerts: {error}</EmptyNote>
      ) : alerts === null ? (
        <EmptyNote>Loading alerts…</EmptyNote>
      ) : alerts.length === 0 ? (
        <EmptyNote>No alert on this call</EmptyNote>
      ) : (
        <ol className="space-y-3">
          {alerts.map((alert) => (
            <li key={alert.id} data-testid="call-alerts.item" className="text-sm">
              <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                <SeverityBadge severity={alert.severity} />
                <span className="font-medium text-slate-800">{alert.ruleName}</span>
                <time dateTime={new Date(alert.at).toISOString()} className="tabular-nums">
                  {formatTimeOfDay(alert.at)}
                </time>
                <span>{alert.state === 'open' ? 'Open' : `Acknowledged${alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}` : ''}`}</span>
              </div>
              <p className="text-slate-700">{alert.reason}</p>
              {alert.text !== '' && <p className="mt-0.5 text-slate-600 italic">“{alert.text}”</p>}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
