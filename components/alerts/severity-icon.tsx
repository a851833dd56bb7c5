import type { AlertSeverity } from '@/lib/rules';

export interface SeverityIconProps {
  severity: AlertSeverity;
  className?: string;
}

/** A shape per severity — circle, triangle, octagon — so it reads without colour; the word goes next to it. */
const SHAPES: Record<AlertSeverity, string> = {
  info: 'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1zm-.9 6v5h1.8V7zm0-3v1.8h1.8V4z',
  warning: 'M8 1.2 15.2 14H.8zM7.1 6v4.2h1.8V6zm0 5.3v1.8h1.8v-1.8z',
  critical: 'M5.1 1h5.8L15 5.1v5.8L10.9 15H5.1L1 10.9V5.1zm2 3v5h1.8V4zm0 6.2V12h1.8v-1.8z',
};

export function SeverityIcon({ severity, className = 'size-4' }: SeverityIconProps) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className={`shrink-0 fill-current ${className}`}>
      <path d={SHAPES[severity]} fillRule="evenodd" />
    </svg>
  );
}
