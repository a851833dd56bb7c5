/** Sentiment as words and tones: the browser never shows sentiment as colour alone. */
import type { SentimentLabel } from './protocol';

export const SENTIMENT_LABEL_TEXT: Record<SentimentLabel, string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
  mixed: 'Mixed',
};

/** A rolling score (−1…1) bucketed for display; `unscored` before any scored line. */
export type SentimentTone = 'positive' | 'neutral' | 'negative' | 'unscored';

export const SENTIMENT_TONE_TEXT: Record<SentimentTone, string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
  unscored: 'No score',
};

/** One clearly negative line moves a neutral call to −0.4; a single mild wobble (±0.2) stays neutral. */
export const TONE_THRESHOLD = 0.25;

export function sentimentTone(score: number | null): SentimentTone {
  if (score === null || !Number.isFinite(score)) return 'unscored';
  if (score <= -TONE_THRESHOLD) return 'negative';
  if (score >= TONE_THRESHOLD) return 'positive';
  return 'neutral';
}

/** `+0.40`, `−0.62` (a real minus sign), `0.00`. */
export function formatScore(score: number): string {
  const rounded = Math.round(score * 100) / 100;
  if (rounded === 0) return '0.00';
  return `${rounded > 0 ? '+' : '\u2212'}${Math.abs(rounded).toFixed(2)}`;
}
