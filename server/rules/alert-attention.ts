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

export function withAttention(
  broadcaster: AlertBroadcaster,
  deps: { store: Pick<AlertStore, 'countOpenAlerts'>; noteOpenAlerts: (callId: string, open: AttentionSignals['openAlerts']) => Promise<unknown>; log: Logger },
): AlertBroadcaster {
  // The newest recount of each call: an older one that finishes later (two reads on a PostgreSQL pool) is dropped.
  const latest = new Map<string, number>();
  let recounts = 0;
  const recount = (alert: Alert) => {
    const id = ++recounts;
    latest.set(alert.callId, id);
    void deps.store
      .countOpenAlerts(alert.callId)
      .then((open) => {
        if (latest.get(alert.callId) !== id) return;
        latest.delete(alert.callId);
        return deps.noteOpenAlerts(alert.callId, open);
      })
      .catch((error: unknown) => {
        if (latest.get(alert.callId) === id) latest.delete(alert.callId);
        deps.log.warn({ err: error, callId: alert.callId }, 'could not update a call’s attention after an alert changed');
      });
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
