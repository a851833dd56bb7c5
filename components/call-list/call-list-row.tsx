import Link from 'next/link';
import { memo } from 'react';
import { CallStateBadge, TranscriptionStateText } from '@/components/common/call-status-badges';
import { Elapsed } from '@/components/common/elapsed';
import { LanguageTag } from '@/components/common/language-tag';
import { MaskedText } from '@/components/common/masked-text';
import { SentimentScoreBadge } from '@/components/common/sentiment-badge';
import { useNow } from '@/components/common/use-now';
import { callPath } from '@/lib/call-path';
import { differingLanguage } from '@/lib/format-language';
import { sentimentTone } from '@/lib/format-sentiment';
import { formatAge } from '@/lib/format-time';
import type { CallListItem } from '@/lib/protocol';
import { CALL_LIST_GRID } from './call-list-columns';
import { SentimentSparkline } from './sentiment-sparkline';

export interface CallListRowProps {
  call: CallListItem;
}

/** One call at a glance; the whole row is the link to the call. Memoised: only changed calls re-render. */
export const CallListRow = memo(function CallListRow({ call }: CallListRowProps) {
  const live = call.state !== 'disconnected';
  const needsAttention = live && sentimentTone(call.sentimentNow) === 'negative';
  const detected = differingLanguage(call.locale, call.detectedLanguage);
  return (
    <li>
      <Link
        href={callPath(call.callId)}
        data-testid="call-list.row"
        data-call-id={call.callId}
        data-attention={needsAttention ? 'true' : undefined}
        className={`flex flex-col gap-1.5 border-l-4 px-3 py-2 text-sm hover:bg-slate-50 focus-visible:bg-sky-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600 ${CALL_LIST_GRID} ${
          needsAttention ? 'border-l-orange-500 bg-orange-50/40' : 'border-l-transparent'
        }`}
      >
        <div className="flex items-center gap-2 lg:flex-col lg:items-start lg:gap-0.5">
          <CallStateBadge state={call.state} />
          <TranscriptionStateText state={call.transcription} />
        </div>
        <Participants call={call} />
        <div className="font-mono text-xs text-slate-700 tabular-nums">
          <span className="sr-only">Duration </span>
          <Elapsed startedAt={call.startedAt} endedAt={call.endedAt} />
          {!live && call.endedAt !== null && <EndedAge endedAt={call.endedAt} />}
        </div>
        <div className="flex flex-wrap items-center gap-1">
          {call.locale !== null ? <LanguageTag tag={call.locale} /> : <span className="text-xs text-slate-400">—</span>}
          {detected !== null && (
            <>
              <span aria-hidden="true" className="text-[11px] text-slate-400">→</span>
              <span className="sr-only">detected</span>
              <LanguageTag tag={detected} differs />
            </>
          )}
        </div>
        <div className="flex items-center gap-2">
          <SentimentScoreBadge score={call.sentimentNow} testId="call-row.sentiment" />
          <SentimentSparkline trend={call.sentimentTrend} />
        </div>
        <p data-testid="call-row.last-line" className="min-w-0 truncate text-slate-700" title={call.lastLine ? `${call.lastLine.speakerLabel}: ${call.lastLine.text}` : undefined}>
          {call.lastLine ? (
            <>
              <span className="font-medium text-slate-900">{call.lastLine.speakerLabel}:</span> <MaskedText text={call.lastLine.text} masked={call.lastLine.piiMasked} />
            </>
          ) : (
            <span className="text-slate-400 italic">No final line yet</span>
          )}
        </p>
        <div className="text-right text-xs text-slate-600 tabular-nums lg:text-right">
          <div>
            <span className="font-semibold text-slate-800">{call.lastSeq}</span> {call.lastSeq === 1 ? 'line' : 'lines'}
          </div>
          {call.piiLineCount > 0 && <div className="text-[11px] text-slate-500">{call.piiLineCount} redacted</div>}
        </div>
      </Link>
    </li>
  );
});

function Participants({ call }: CallListRowProps) {
  if (call.participants.length === 0) return <div className="text-xs text-slate-400 italic">No speaker yet</div>;
  const shown = call.participants.slice(0, 2);
  const more = call.participants.length - shown.length;
  return (
    <div className="min-w-0 text-xs leading-tight text-slate-800">
      {shown.map((participant) => (
        <div key={participant.rawId} className="truncate" title={participant.rawId}>
          {participant.label}
        </div>
      ))}
      {more > 0 && <div className="text-slate-500">+{more} more</div>}
    </div>
  );
}

function EndedAge({ endedAt }: { endedAt: number }) {
  const now = useNow();
  if (now === 0) return null;
  return <div className="font-sans text-[11px] text-slate-500">ended {formatAge(endedAt, now)}</div>;
}
