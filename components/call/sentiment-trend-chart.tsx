import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyNote } from '@/components/ui/empty-note';
import type { SpeakerSeries } from '@/lib/call-state';
import { formatScore } from '@/lib/format-sentiment';
import { formatClock } from '@/lib/format-time';
import type { SpeakerStyle } from './speaker-styles';

export interface SentimentTrendChartProps {
  series: readonly SpeakerSeries[];
  styleFor: (speakerId: string) => SpeakerStyle;
  /** False before the call's history arrived: "no data yet" would be premature. */
  loaded: boolean;
}

const Y_TICKS = [-1, -0.5, 0, 0.5, 1];
const CHART_HEIGHT_PX = 190;

/** Each speaker's rolling sentiment over call time (mm:ss); presentational. */
export function SentimentTrendChart({ series, styleFor, loaded }: SentimentTrendChartProps) {
  const hasPoints = series.some((speaker) => speaker.points.length > 0);
  return (
    <div data-testid="sentiment.chart" role="figure" aria-label="Sentiment trend per speaker over call time, from −1 (negative) to +1 (positive)">
      {!hasPoints ? (
        <EmptyNote>{loaded ? 'No scored lines yet. The trend appears once ACS sends sentiment results.' : 'Loading…'}</EmptyNote>
      ) : (
        <LineChart responsive style={{ width: '100%', height: CHART_HEIGHT_PX }} margin={{ top: 6, right: 8, bottom: 0, left: -18 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
          <XAxis
            type="number"
            dataKey="t"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(value: number) => formatClock(value)}
            tick={{ fontSize: 11, fill: '#64748b' }}
            stroke="#cbd5e1"
            allowDuplicatedCategory={false}
          />
          <YAxis domain={[-1, 1]} ticks={Y_TICKS} tick={{ fontSize: 11, fill: '#64748b' }} stroke="#cbd5e1" tickFormatter={(value: number) => (value === 0 ? '0' : value.toString())} />
          <ReferenceLine y={0} stroke="#94a3b8" />
          <Tooltip
            labelFormatter={(value) => (typeof value === 'number' ? formatClock(value) : String(value))}
            formatter={(value) => (typeof value === 'number' ? formatScore(value) : String(value))}
            contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: '#e2e8f0' }}
          />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 11 }} />
          {series.map((speaker) => {
            const style = styleFor(speaker.speakerId);
            return (
              <Line
                key={speaker.speakerId}
                data={speaker.points}
                dataKey="v"
                name={speaker.label}
                type="monotone"
                stroke={style.stroke}
                strokeWidth={2}
                strokeDasharray={style.dash}
                dot={speaker.points.length < 2 ? { r: 3 } : false}
                isAnimationActive={false}
              />
            );
          })}
        </LineChart>
      )}
    </div>
  );
}
