'use client';
import { useState } from 'react';
import { alertsButtonLabel } from '@/lib/alerts-state';
import { Dialog } from '@/components/ui/dialog';
import { AlertInboxPanel } from './alert-inbox-panel';
import { useAlerts } from './alerts-provider';

/** The header's alert button: the open count as a badge, and the inbox drawer it opens. */
export function AlertInbox() {
  const { state } = useAlerts();
  const [open, setOpen] = useState(false);
  const count = state.open.length;
  const critical = state.open.some((alert) => alert.severity === 'critical');
  return (
    <>
      <button
        type="button"
        data-testid="header.alerts"
        data-count={state.loaded ? count : undefined}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={alertsButtonLabel(count, state.loaded)}
        onClick={() => setOpen(true)}
        className="relative inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5 fill-current">
          <path d="M8 1.5a4 4 0 0 0-4 4v2.7L2.6 11h10.8L12 8.2V5.5a4 4 0 0 0-4-4zM6.3 12.5a1.8 1.8 0 0 0 3.4 0z" />
        </svg>
        {/* The trailing space keeps the visible text ("Alerts 3") a part of the accessible name (WCAG 2.5.3). */}
        <span className="max-sm:sr-only">{'Alerts '}</span>
        {state.loaded && count > 0 && (
          <span
            data-testid="header.alerts-count"
            className={`min-w-5 rounded-full px-1.5 text-center text-[11px] leading-5 font-semibold text-white tabular-nums ${critical ? 'bg-red-700' : 'bg-slate-800'}`}
          >
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Open alerts${state.loaded ? ` (${count})` : ''}`}
        description="Newest first. Acknowledging takes an alert off every supervisor's list."
        testId="alert-inbox"
        placement="right"
        widthClassName="max-w-md"
      >
        <AlertInboxPanel onClose={() => setOpen(false)} />
      </Dialog>
    </>
  );
}
