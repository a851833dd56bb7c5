export interface EarshotLogoProps {
  className?: string;
}

/** An ear of sound waves; the same drawing is the favicon (`app/icon.svg`). */
export function EarshotLogo({ className = 'size-6' }: EarshotLogoProps) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={className}>
      <rect width="32" height="32" rx="7" fill="#1e293b" />
      <path d="M9 20.5c2.2 0 3.2-1.6 3.2-3.4 0-2.6 0-6 4.2-6 3 0 4.6 2.1 4.6 4.4 0 3.6-3.9 4-3.9 7 0 1.6-1.1 2.5-2.6 2.5" fill="none" stroke="#e2e8f0" strokeWidth="2.2" strokeLinecap="round" />
      <path d="M24 10.5c1.3 1.3 2 3 2 5s-.7 3.7-2 5" fill="none" stroke="#56B4E9" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
