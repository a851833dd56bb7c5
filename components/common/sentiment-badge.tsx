import { formatScore, SENTIMENT_LABEL_TEXT, SENTIMENT_TONE_TEXT, sentimentTone } from '@/lib/format-sentiment';
import type { SentimentLabel } from '@/lib/protocol';
import { SentimentIcon } from './sentiment-icon';
import { SENTIMENT_BADGE_CLASS } from './sentiment-styles';

const BADGE = 'inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-[11px] leading-none font-medium whitespace-nowrap ring-1 ring-inset';

export interface SentimentBadgeProps {
  sentiment: SentimentLabel;
  testId?: string;
}

/** One line's sentiment as ACS labelled it. */
export function SentimentBadge({ sentiment, testId }: SentimentBadgeProps) {
  return (
    <span data-testid={testId} data-sentiment={sentiment} title={`Sentiment: ${SENTIMENT_LABEL_TEXT[sentiment]}`} className={`${BADGE} ${SENTIMENT_BADGE_CLASS[sentiment]}`}>
      <SentimentIcon kind={sentiment} className="size-2.5" />
      {SENTIMENT_LABEL_TEXT[sentiment]}
    </span>
  );
}

export interface SentimentScoreBadgeProps {
  score: number | null;
  testId?: string;
}

/** A rolling score (−1…1) as a tone word, a shape and the number. */
export function SentimentScoreBadge({ score, testId }: SentimentScoreBadgeProps) {
  const tone = sentimentTone(score);
  const icon = tone === 'unscored' ? 'unscored' : tone;
  return (
    <span data-testid={testId} data-tone={tone} className={`${BADGE} ${SENTIMENT_BADGE_CLASS[tone]}`}>
      <SentimentIcon kind={icon} className="size-2.5" />
      {SENTIMENT_TONE_TEXT[tone]}
      {score !== null && <span className="font-mono font-normal tabular-nums opacity-80">{formatScore(score)}</span>}
    </span>
  );
}
