'use client';
import { useEffect, useRef, useState } from 'react';
import { LineLink } from '@/components/common/line-link';
import { alertCallPath } from '@/lib/line-link';
import type { Alert, AlertSeverity } from '@/lib/rules';
import { AlertSummary } from './alert-summary';
import { SEVERITY_EDGE_CLASS } from './severity-styles';

/** How long a toast stays while nobody points at it or focuses it; critical ones longer. */
const TOAST_MS: Record<AlertSeverity, number> = { info: 8_000, warning: 10_000, critical: 20_000 };

export interface AlertToastProps {
  alert: Alert;
  onDismiss: (id: string) => void;
}

/**
 * One new alert: click it to open the call at its line. It goes by itself after a while, but the timer stops
 * while the pointer is over it or focus is inside it (WCAG 2.2.1: time to read and reach it), and starts over
 * from what was left.
 */
export function AlertToast({ alert, onDismiss }: AlertToastProps) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const remaining = useRef(TOAST_MS[alert.severity]);
  const paused = hovered || focused;

  useEffect(() => {
    if (paused) return;
    const startedAt = Date.now();
    const timer = setTimeout(() => onDismiss(alert.id), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current = Math.max(1_000, remaining.current - (Date.now() - startedAt));
    };
  }, [paused, alert.id, onDismiss]);

  return (
    <li
      data-testid="alert-toast"
      data-alert-id={alert.id}
      data-severity={alert.severity}
      data-paused={paused ? 'true' : undefined}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocused(false);
      }}
      className={`pointer-events-auto flex w-full items-start gap-2 rounded-lg border border-l-4 border-slate-200 bg-white p-3 shadow-lg ${SEVERITY_EDGE_CLASS[alert.severity]}`}
    >
      <LineLink
        href={alertCallPath(alert.callId, alert.seqs)}
        onNavigate={() => onDismiss(alert.id)}
        testId="alert-toast.open"
        className="block min-w-0 flex-1 rounded focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        <AlertSummary alert={alert} compact />
      </LineLink>
      <button
        type="button"
        data-testid="alert-toast.dismiss"
        onClick={() => onDismiss(alert.id)}
        aria-label={`Dismiss ${alert.ruleName}`}
        className="-mt-1 -mr-1 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 stroke-current" fill="none" strokeWidth="1.8" strokeLinecap="round">
          <path d="M4 4l8 8M12 4l-8 8" />
        </svg>
      </button>
    </li>
  );
}
