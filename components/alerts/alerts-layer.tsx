'use client';
import { AlertAnnouncer } from './alert-announcer';
import { AlertToasts } from './alert-toasts';
import { useAlerts } from './alerts-provider';
import { useAlertSignals } from './use-alert-signals';

/** Everything a new alert sets off on any page: a toast, an announcement, and the optional sound and notification. */
export function AlertsLayer() {
  const { state } = useAlerts();
  useAlertSignals(state.fresh);
  return (
    <>
      <AlertToasts />
      <AlertAnnouncer />
    </>
  );
}
