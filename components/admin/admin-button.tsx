import type { ReactNode } from 'react';

const TONES = {
  primary: 'bg-sky-700 text-white ring-sky-800 enabled:hover:bg-sky-800',
  neutral: 'bg-white text-slate-800 ring-slate-300 enabled:hover:bg-slate-50',
  danger: 'bg-white text-red-700 ring-red-300 enabled:hover:bg-red-50',
} as const;

export interface AdminButtonProps {
  children: ReactNode;
  onClick?: () => void;
  type?: 'button' | 'submit';
  tone?: keyof typeof TONES;
  disabled?: boolean;
  testId?: string;
  /** For a row's buttons: "Disable kim", not three buttons all called "Disable". */
  ariaLabel?: string;
}

export function AdminButton({ children, onClick, type = 'button', tone = 'neutral', disabled, testId, ariaLabel }: AdminButtonProps) {
  return (
    <button
      type={type}
      onClick={onClick}
      disabled={disabled}
      data-testid={testId}
      aria-label={ariaLabel}
      className={`inline-flex h-8 items-center rounded-md px-2.5 text-xs font-semibold whitespace-nowrap shadow-xs ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-50 ${TONES[tone]}`}
    >
      {children}
    </button>
  );
}

/** A refusal or failure next to the form or row it belongs to, announced when it appears. */
export function FormError({ message, testId }: { message: string | null; testId: string }) {
  if (message === null) return null;
  return (
    <p role="alert" data-testid={testId} className="text-sm text-orange-800">
      {message}
    </p>
  );
}
