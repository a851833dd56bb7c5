import type { SentimentLabel } from '@/lib/protocol';

export type SentimentIconKind = SentimentLabel | 'unscored';

export interface SentimentIconProps {
  kind: SentimentIconKind;
  className?: string;
}

/** A distinct shape per sentiment, so the meaning survives without colour (and in greyscale). */
const SHAPES: Record<SentimentIconKind, string> = {
  positive: 'M6 1.5 11 10H1z',
  negative: 'M6 10.5 1 2h10z',
  neutral: 'M1.5 4.75h9v2.5h-9z',
  mixed: 'M6 .8 11.2 6 6 11.2.8 6z',
  unscored: 'M6 2a4 4 0 1 1 0 8 4 4 0 0 1 0-8zm0 1.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z',
};

export function SentimentIcon({ kind, className = 'size-3' }: SentimentIconProps) {
  return (
    <svg viewBox="0 0 12 12" aria-hidden="true" className={`shrink-0 fill-current ${className}`}>
      <path d={SHAPES[kind]} fillRule="evenodd" />
    </svg>
  );
}
