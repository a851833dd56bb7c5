import { Line, LineChart, ReferenceLine, YAxis } from 'recharts';
import { sentimentTone } from '@/lib/format-sentiment';
import { SENTIMENT_STROKE } from '@/components/common/sentiment-styles';

export interface SentimentSparklineProps {
  /** Rolling sentiment after each recent line, oldest first, −1…1. */
  trend: readonly number[];
  width?: number;
  height?: number;
}

/** A tiny trend line, coloured by where it ends; decorative next to the labelled score. */
export function SentimentSparkline({ trend, width = 72, height = 22 }: SentimentSparklineProps) {
  if (trend.length < 2) return <span aria-hidden="true" style={{ width, height }} className="inline-block" />;
  const data = trend.map((value, index) => ({ index, value }));
  const stroke = SENTIMENT_STROKE[sentimentTone(trend[trend.length - 1] ?? null)];
  return (
    <span aria-hidden="true" className="inline-block shrink-0">
      <LineChart width={width} height={height} data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }} accessibilityLayer={false}>
        <YAxis hide domain={[-1, 1]} />
        <ReferenceLine y={0} stroke="#cbd5e1" strokeDasharray="2 2" />
        <Line dataKey="value" stroke={stroke} strokeWidth={1.5} dot={false} isAnimationActive={false} type="monotone" />
      </LineChart>
    </span>
  );
}
