/** Small decorative icons for the call controls; the button text carries the meaning. */

const ICON = 'size-3.5 shrink-0';

export function PlayIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={ICON} fill="currentColor">
      <path d="M5 3.2v9.6a.6.6 0 0 0 .9.5l7.4-4.8a.6.6 0 0 0 0-1L5.9 2.7a.6.6 0 0 0-.9.5Z" />
    </svg>
  );
}

export function StopIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={ICON} fill="currentColor">
      <rect x="3.5" y="3.5" width="9" height="9" rx="1.2" />
    </svg>
  );
}

export function SummaryIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={ICON} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
      <path d="M3 4h10M3 8h10M3 12h6" />
    </svg>
  );
}

export function HangUpIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={ICON} fill="currentColor">
      <path d="M8 5.5c-2.6 0-4.9.8-6.4 2.1-.4.4-.5 1-.2 1.5l.9 1.3c.3.4.8.6 1.3.4l1.9-.7c.4-.2.7-.6.7-1V7.9c.6-.2 1.2-.3 1.8-.3s1.2.1 1.8.3v1.2c0 .4.3.8.7 1l1.9.7c.5.2 1 0 1.3-.4l.9-1.3c.3-.5.2-1.1-.2-1.5C12.9 6.3 10.6 5.5 8 5.5Z" />
    </svg>
  );
}
