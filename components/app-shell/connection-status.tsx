'use client';
import { useSocket, type ConnectionStatus as Status } from '@/components/realtime/socket-provider';

const STATUS_TEXT: Record<Status, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const STATUS_CLASS: Record<Status, string> = {
  connecting: 'bg-slate-100 text-slate-700 ring-slate-200',
  live: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  reconnecting: 'bg-amber-50 text-amber-900 ring-amber-300',
  offline: 'bg-orange-50 text-orange-900 ring-orange-300',
};

const DOT_CLASS: Record<Status, string> = {
  connecting: 'bg-slate-400 animate-pulse',
  live: 'bg-emerald-500',
  reconnecting: 'bg-amber-500 animate-pulse',
  offline: 'bg-orange-600',
};

const STATUS_HINT: Record<Status, string> = {
  connecting: 'Connecting to Earshot',
  live: 'Receiving live updates',
  reconnecting: 'Connection lost; updates resume and catch up when it is back',
  offline: 'Not connected; updates are paused',
};

/** The realtime connection's state, always visible in the header. */
export function ConnectionStatus() {
  const { status, reconnect } = useSocket();
  return (
    <div className="flex items-center gap-1.5">
      <span
        data-testid="connection.status"
        data-status={status}
        role="status"
        title={STATUS_HINT[status]}
        className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_CLASS[status]}`}
      >
        <span aria-hidden="true" className={`size-2 rounded-full ${DOT_CLASS[status]}`} />
        {STATUS_TEXT[status]}
      </span>
      {status === 'offline' && (
        <button type="button" onClick={reconnect} className="rounded px-1.5 py-0.5 text-xs font-medium text-slate-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600">
          Retry
        </button>
      )}
    </div>
  );
}
