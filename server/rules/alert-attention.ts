/**
 * Open alerts feed each call's attention score (lib/attention.ts): whenever an alert on a call is raised or
 * acknowledged, on this instance, the call's open alerts are counted again from the store (the truth across
 * instances) and written to the call, whose list row then carries them. Wraps the alert broadcaster, so every path
 * that announces an alert change also updates attention.
 */
import type { AttentionSignals } from '../../lib/attention';
import type { Alert } from '../../lib/rules';
import type { Logger } from '../log';
import type { AlertStore } from '../store/triage-store';
import type { AlertBroadcaster } from './rule-engine';

/** More open alerts than this on one call add nothing to its score (lib/attention.ts caps each severity at three). */
const COUNTED_ALERTS = 50;

export function withAttention(
  broadcaster: AlertBroadcaster,
  deps: { store: Pick<AlertStore, 'listAlerts'>; noteOpenAlerts: (callId: string, open: AttentionSignals['openAlerts']) => Promise<unknown>; log: Logger },
): AlertBroadcaster {
  const recount = (alert: Alert) => {
    void openAlertCounts(deps.store, alert.callId)
      .then((open) => deps.noteOpenAlerts(alert.callId, open))
      .catch((error: unknown) => deps.log.warn({ err: error, callId: alert.callId }, 'could not update a call’s attention after an alert changed'));
  };
  return {
    alertRaised(alert) {
      broadcaster.alertRaised(alert);
      recount(alert);
    },
    alertUpdated(alert) {
      broadcaster.alertUpdated(alert);
      recount(alert);
    },
  };
}

export async function openAlertCounts(store: Pick<AlertStore, 'listAlerts'>, callId: string): Promise<AttentionSignals['openAlerts']> {
  const open = await store.listAlerts({ state: 'open', callId, limit: COUNTED_ALERTS });
  const counts = { critical: 0, warning: 0, info: 0, newestReason: open[0]?.reason ?? null };
  for (const alert of open) counts[alert.severity] += 1;
  return counts;
}
