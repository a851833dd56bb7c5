import { ACTION_TEXT, type ShownFailure } from '@/lib/call-controls';

export interface ControlFailureProps {
  failure: ShownFailure;
  onDismiss: (keys: readonly string[]) => void;
}

/** The last operation that failed, with the code and message ACS (or Earshot) gave. */
export function ControlFailure({ failure, onDismiss }: ControlFailureProps) {
  return (
    <div
      data-testid="controls.error"
      data-code={failure.code}
      role="alert"
      className="flex items-start gap-3 rounded-md bg-orange-50 px-3 py-2 text-sm text-orange-950 ring-1 ring-orange-200 ring-inset"
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className="mt-0.5 size-4 shrink-0 text-orange-600" fill="currentColor">
        <path d="M8 1.5a1 1 0 0 1 .87.5l6 10.5A1 1 0 0 1 14 14H2a1 1 0 0 1-.87-1.5l6-10.5A1 1 0 0 1 8 1.5Zm0 4a.75.75 0 0 0-.75.75v3a.75.75 0 0 0 1.5 0v-3A.75.75 0 0 0 8 5.5Zm0 6.75a.9.9 0 1 0 0-1.8.9.9 0 0 0 0 1.8Z" />
      </svg>
      <p className="min-w-0 flex-1">
        <span className="font-semibold">{ACTION_TEXT[failure.action]} failed.</span>{' '}
        <code data-testid="controls.error-code" className="rounded bg-orange-100 px-1 py-0.5 font-mono text-xs">
          {failure.code}
        </code>{' '}
        <span data-testid="controls.error-message">{failure.message}</span>
      </p>
      <button
        type="button"
        data-testid="controls.error-dismiss"
        onClick={() => onDismiss(failure.keys)}
        className="shrink-0 rounded px-1.5 py-0.5 text-xs font-medium text-orange-900 hover:bg-orange-100 focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        Dismiss
      </button>
    </div>
  );
}
