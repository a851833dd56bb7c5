import Link from 'next/link';
import { memo } from 'react';
import { SentimentSparkline } from '@/components/call-list/sentiment-sparkline';
import { CallStateBadge, TranscriptionStateText } from '@/components/common/call-status-badges';
import { Elapsed } from '@/components/common/elapsed';
import { MaskedText } from '@/components/common/masked-text';
import { PipelineHealthChip } from '@/components/common/pipeline-health-chip';
import { SentimentScoreBadge } from '@/components/common/sentiment-badge';
import { callPath } from '@/lib/call-path';
import { needsAttention } from '@/lib/call-list-state';
import type { CallListRow } from '@/lib/protocol';

export interface WallTileProps {
  call: CallListRow;
  selected: boolean;
  /** The tile's place on the wall, 1-based, for screen readers. */
  position: number;
}

/** One live call on the wall: who, how long, what is wrong, the last line and the mood, readable from across a room. */
export const WallTile = memo(function WallTile({ call, selected, position }: WallTileProps) {
  const urgent = needsAttention(call);
  const title = call.participants.length > 0 ? call.participants.map((participant) => participant.label).join(' · ') : 'Call';
  return (
    <Link
      href={callPath(call.callId)}
      data-testid="wall.tile"
      data-call-id={call.callId}
      data-selected={selected ? 'true' : undefined}
      data-attention-score={call.attention.score}
      tabIndex={selected ? 0 : -1}
      aria-current={selected ? 'true' : undefined}
      className={`flex min-h-40 flex-col gap-2 rounded-lg border-l-8 bg-white p-3 shadow-sm ring-1 ring-slate-200 focus-visible:outline-4 focus-visible:outline-sky-600 ${
        urgent ? 'border-l-orange-500' : 'border-l-slate-200'
      } ${selected ? 'ring-2 ring-sky-600' : ''}`}
    >
      <div className="flex items-center gap-2">
        {/* The link's name is what it shows (its place first, for screen readers): no aria-label that could drift from it. */}
        <span className="sr-only">{position}.</span>
        <CallStateBadge state={call.state} />
        <span className="min-w-0 flex-1 truncate text-base font-semibold text-slate-900">{title}</span>
        <span className="font-mono text-sm text-slate-600 tabular-nums">
          <Elapsed startedAt={call.startedAt} endedAt={call.endedAt} />
        </span>
      </div>
      <div className="flex min-h-6 flex-wrap items-center gap-1">
        <PipelineHealthChip call={call} testId="wall.health" fallback={<TranscriptionStateText state={call.transcription} />} />
        {call.attention.reasons.map((reason) => (
          <span
            key={reason.kind}
            data-testid="wall.reason"
            data-kind={reason.kind}
            className={`rounded px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap ring-1 ring-inset ${reason.kind === 'alert' || reason.kind === 'pipeline' ? 'bg-red-50 text-red-800 ring-red-200' : 'bg-orange-50 text-orange-900 ring-orange-200'}`}
          >
            {reason.text}
          </span>
        ))}
      </div>
      <p data-testid="wall.last-line" className="line-clamp-3 flex-1 text-sm leading-snug text-slate-800">
        {call.lastLine ? (
          <>
            <span className="font-semibold text-slate-900">{call.lastLine.speakerLabel}:</span> <MaskedText text={call.lastLine.text} masked={call.lastLine.piiMasked} />
          </>
        ) : (
          <span className="text-slate-500 italic">No final line yet</span>
        )}
      </p>
      <div className="flex items-center justify-between gap-2">
        <SentimentScoreBadge score={call.sentimentNow} />
        <SentimentSparkline trend={call.sentimentTrend} width={160} height={28} />
      </div>
    </Link>
  );
});
