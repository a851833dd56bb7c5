'use client';
import { AlertToast } from './alert-toast';
import { useAlerts } from './alerts-provider';

/**
 * The stack of new-alert toasts, newest on top, bottom right. It is a labelled region but not a live region: the
 * announcer reads new alerts once, with the right urgency, and a toast's content must not be read twice.
 */
export function AlertToasts() {
  const { state, dismiss } = useAlerts();
  if (state.fresh.length === 0) return null;
  return (
    <section aria-label="New alerts" className="pointer-events-none fixed right-4 bottom-4 z-40 w-[min(24rem,calc(100vw-2rem))]">
      <ol className="flex flex-col gap-2">
        {state.fresh.map((alert) => (
          <AlertToast key={alert.id} alert={alert} onDismiss={dismiss} />
        ))}
      </ol>
    </section>
  );
}
