import Link from 'next/link';
import type { ReactNode } from 'react';
import { CallStateBadge, TranscriptionStateText } from '@/components/common/call-status-badges';
import { Elapsed } from '@/components/common/elapsed';
import { PipelineHealthChip } from '@/components/common/pipeline-health-chip';
import { SentimentScoreBadge } from '@/components/common/sentiment-badge';
import type { CallDetail } from '@/lib/protocol';

export interface CallHeaderProps {
  callId: string;
  call: CallDetail | null;
  lineCount: number;
  /** Layout slot for the call controls; nothing renders while it is empty. With controls, they show the transcription state. */
  actions?: ReactNode;
}

export function CallHeader({ callId, call, lineCount, actions }: CallHeaderProps) {
  const hasActions = actions !== undefined && actions !== null;
  const title = call && call.participants.length > 0 ? call.participants.map((participant) => participant.label).join(' · ') : 'Call';
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 bg-white px-4 py-2">
      <Link href="/" className="rounded text-xs font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600">
        ← All calls
      </Link>
      <div className="min-w-0">
        <h1 className="truncate text-sm font-semibold text-slate-900">{title}</h1>
        <p className="truncate font-mono text-[11px] text-slate-500" title="Call connection id">
          {callId}
        </p>
      </div>
      {call && (
        <div className="flex flex-wrap items-center gap-3 text-xs text-slate-600">
          <CallStateBadge state={call.state} />
          {!hasActions && <TranscriptionStateText state={call.transcription} />}
          <PipelineHealthChip call={{ ...call, transcriptionFailure: call.transcription === 'failed' && call.lastError ? call.lastError : null }} testId="call.health" />
          <span className="font-mono tabular-nums" title="Duration">
            <Elapsed startedAt={call.startedAt} endedAt={call.endedAt} />
          </span>
          <span data-testid="call.line-count" data-count={lineCount} className="tabular-nums">
            {lineCount} {lineCount === 1 ? 'line' : 'lines'}
          </span>
          <SentimentScoreBadge score={call.sentimentNow} />
        </div>
      )}
      {hasActions && <div className="ml-auto flex items-center gap-2">{actions}</div>}
    </div>
  );
}
