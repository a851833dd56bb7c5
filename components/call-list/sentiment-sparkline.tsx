import { memo } from 'react';
import { SENTIMENT_STROKE } from '@/components/common/sentiment-styles';
import { sentimentTone } from '@/lib/format-sentiment';

export interface SentimentSparklineProps {
  /** Rolling sentiment after each recent line, oldest first, −1…1. */
  trend: readonly number[];
  width?: number;
  height?: number;
}

const PAD = 2;

/**
 * A tiny trend line, coloured by where it ends; decorative next to the labelled score. Plain SVG rather than a chart
 * library: the list draws dozens of these again every second, and a Recharts chart (a store, axes, layout passes per
 * chart) made them most of the list's main-thread time at 2,000 live calls.
 */
export const SentimentSparkline = memo(function SentimentSparkline({ trend, width = 72, height = 22 }: SentimentSparklineProps) {
  if (trend.length < 2) return <span aria-hidden="true" style={{ width, height }} className="inline-block shrink-0" />;
  const stroke = SENTIMENT_STROKE[sentimentTone(trend[trend.length - 1] ?? null)];
  const x = (index: number) => PAD + (index * (width - 2 * PAD)) / (trend.length - 1);
  // −1 at the bottom, +1 at the top; values outside are clamped.
  const y = (value: number) => PAD + ((1 - Math.max(-1, Math.min(1, value))) * (height - 2 * PAD)) / 2;
  const points = trend.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  return (
    <svg aria-hidden="true" data-testid="call-row.sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="inline-block shrink-0">
      <line x1={PAD} x2={width - PAD} y1={height / 2} y2={height / 2} stroke="#cbd5e1" strokeDasharray="2 2" strokeWidth={1} />
      <polyline points={points} fill="none" stroke={stroke} strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
});
