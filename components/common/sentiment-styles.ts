import type { SentimentTone } from '@/lib/format-sentiment';
import type { SentimentLabel } from '@/lib/protocol';

/**
 * Colour-blind-safe sentiment colours after the Okabe–Ito palette: blue for positive, vermillion for
 * negative, reddish purple for mixed, grey for neutral. Every use pairs the colour with a shape and a word.
 */
export const SENTIMENT_BADGE_CLASS: Record<SentimentLabel | SentimentTone, string> = {
  positive: 'bg-sky-50 text-sky-800 ring-sky-200',
  negative: 'bg-orange-50 text-orange-800 ring-orange-300',
  mixed: 'bg-fuchsia-50 text-fuchsia-800 ring-fuchsia-200',
  neutral: 'bg-slate-100 text-slate-700 ring-slate-200',
  unscored: 'bg-white text-slate-500 ring-slate-200',
};

export const SENTIMENT_STROKE: Record<SentimentLabel | SentimentTone, string> = {
  positive: '#0072B2',
  negative: '#D55E00',
  mixed: '#CC79A7',
  neutral: '#64748B',
  unscored: '#94A3B8',
};
