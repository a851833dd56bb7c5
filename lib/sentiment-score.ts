/** Sentiment labels as numbers, shared by the server's rolling score and the browser's charts. */
import type { SentimentLabel } from './protocol';

export const SENTIMENT_SCORE: Record<SentimentLabel, number> = {
  positive: 1,
  neutral: 0,
  mixed: 0,
  negative: -1,
};

/** Weight of the newest line in the rolling score: three angry lines in a row pull a neutral call to about −0.8. */
export const SENTIMENT_SMOOTHING = 0.4;
export const SENTIMENT_TREND_POINTS = 30;

/** An exponential moving average: O(1) per line and needs no history, so it survives a restart as one number. */
export function nextRollingSentiment(previous: number | null, label: SentimentLabel): number {
  const score = SENTIMENT_SCORE[label];
  const next = previous === null ? score : previous * (1 - SENTIMENT_SMOOTHING) + score * SENTIMENT_SMOOTHING;
  return Math.round(next * 1000) / 1000;
}

export function appendBounded<T>(values: readonly T[], value: T, max: number): T[] {
  const next = values.length >= max ? values.slice(values.length - max + 1) : values.slice();
  next.push(value);
  return next;
}
