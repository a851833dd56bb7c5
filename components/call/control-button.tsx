import { useId, type ReactNode } from 'react';
import { Spinner } from '@/components/ui/spinner';
import type { Availability, PendingItem } from '@/lib/call-controls';

export type ControlTone = 'neutral' | 'danger';

const TONE_CLASS: Record<ControlTone, string> = {
  neutral: 'bg-white text-slate-800 ring-slate-300 enabled:hover:bg-slate-50',
  danger: 'bg-red-600 text-white ring-red-700 enabled:hover:bg-red-700',
};

export interface ControlButtonProps {
  testId: string;
  label: string;
  icon?: ReactNode;
  /** While the operation is pending the button shows a spinner and what is happening instead of its label. */
  pending: PendingItem | null;
  availability: Availability;
  onClick: () => void;
  tone?: ControlTone;
  className?: string;
  /** For buttons that open a dialog. */
  hasPopup?: 'dialog';
}

/** A call-control button; when disabled, it says why (tooltip, and the accessible description). */
export function ControlButton({ testId, label, icon, pending, availability, onClick, tone = 'neutral', className = '', hasPopup }: ControlButtonProps) {
  const reasonId = useId();
  const showReason = !availability.enabled && pending === null && availability.reason !== null;
  return (
    <>
      <button
        type="button"
        data-testid={testId}
        data-pending={pending !== null ? 'true' : undefined}
        onClick={onClick}
        disabled={!availability.enabled}
        aria-busy={pending !== null}
        aria-haspopup={hasPopup}
        aria-describedby={showReason ? reasonId : undefined}
        title={showReason ? (availability.reason ?? undefined) : undefined}
        className={`inline-flex h-8 items-center justify-center gap-1.5 rounded-md px-2.5 text-xs font-semibold whitespace-nowrap shadow-xs ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50 ${TONE_CLASS[tone]} ${
          pending !== null ? 'disabled:opacity-100' : ''
        } ${className}`}
      >
        {pending !== null ? <Spinner /> : icon}
        <span>{pending?.text ?? label}</span>
      </button>
      {showReason && (
        <span id={reasonId} hidden>
          {availability.reason}
        </span>
      )}
    </>
  );
}
