'use client';
import Link from 'next/link';
import { EmptyNote } from '@/components/ui/empty-note';
import { AlertInboxItem } from './alert-inbox-item';
import { AlertSettings } from './alert-settings';
import { useAlerts } from './alerts-provider';

export interface AlertInboxPanelProps {
  onClose: () => void;
}

/** The inbox drawer's body: open alerts newest first, then the alert signal settings. */
export function AlertInboxPanel({ onClose }: AlertInboxPanelProps) {
  const { state } = useAlerts();
  return (
    <>
      <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50">
        {!state.loaded ? (
          <p role="status" className="p-4 text-sm text-slate-500">
            Loading alerts…
          </p>
        ) : state.open.length === 0 ? (
          <div className="p-4">
            <EmptyNote>No open alerts. Rules raise them as calls go on.</EmptyNote>
          </div>
        ) : (
          <ul data-testid="alert-inbox.list" aria-label="Open alerts" className="divide-y divide-slate-200">
            {state.open.map((alert) => (
              <AlertInboxItem key={alert.id} alert={alert} onOpen={onClose} />
            ))}
          </ul>
        )}
      </div>
      <div className="space-y-3 border-t border-slate-200 px-5 py-3">
        <AlertSettings />
        <div className="flex items-center justify-between gap-2">
          <Link href="/rules" onClick={onClose} className="rounded text-sm font-medium text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600">
            Edit rules
          </Link>
          <button
            type="button"
            data-testid="alert-inbox.close"
            onClick={onClose}
            className="h-8 rounded-md bg-white px-3 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
          >
            Close
          </button>
        </div>
      </div>
    </>
  );
}
