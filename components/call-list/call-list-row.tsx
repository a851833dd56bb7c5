import { useSessionView } from '@/components/app-shell/permissions-provider';
import { memo } from 'react';
import { CallStateBadge, TranscriptionStateText } from '@/components/common/call-status-badges';
import { Elapsed } from '@/components/common/elapsed';
import { LanguageTag } from '@/components/common/language-tag';
import { MaskedText } from '@/components/common/masked-text';
import { PipelineHealthChip } from '@/components/common/pipeline-health-chip';
import { SentimentScoreBadge } from '@/components/common/sentiment-badge';
import { useNow } from '@/components/common/use-now';
import { differingLanguage } from '@/lib/format-language';
import { needsAttention } from '@/lib/call-list-state';
import { formatAge } from '@/lib/format-time';
import type { CallListRow as Row } from '@/lib/protocol';
import { CALL_LIST_GRID, CALL_LIST_ROW_HEIGHT_CLASS } from './call-list-columns';
import { SentimentSparkline } from './sentiment-sparkline';

export interface CallListRowProps {
  call: Row;
  /** 1-based position among all the table's rows (its column header is row 1). */
  rowIndex: number;
  /** The one row in the tab order (roving tabindex): the table moves it with the arrow keys. */
  active: boolean;
  /** Where the virtualized table places the row, px from the top of the list. */
  start: number;
  /** The virtualizer measures rendered rows where their height depends on their content (narrow screens). */
  measure: ((element: HTMLElement | null) => void) | undefined;
  virtualIndex: number;
}

/**
 * One call at a glance: a focusable grid row that opens the call on click or Enter (the table handles both).
 * Memoised: when a batch changes other calls, this one does not render again.
 */
export const CallListRow = memo(function CallListRow({ call, rowIndex, active, start, measure, virtualIndex }: CallListRowProps) {
  const live = call.state !== 'disconnected';
  const attention = needsAttention(call);
  const detected = differingLanguage(call.locale, call.detectedLanguage);
  return (
    <div
      ref={measure}
      role="row"
      aria-rowindex={rowIndex}
      tabIndex={active ? 0 : -1}
      style={{ transform: `translateY(${start}px)` }}
      data-index={virtualIndex}
      data-row-key={call.callId}
      data-testid="call-list.row"
      data-call-id={call.callId}
      data-attention={attention ? 'true' : undefined}
      data-attention-score={call.attention.score}
      className={`absolute top-0 left-0 flex w-full cursor-pointer flex-col gap-1.5 border-b border-l-4 border-b-slate-100 px-3 py-2 text-sm hover:bg-slate-50 ${CALL_LIST_ROW_HEIGHT_CLASS} focus-visible:bg-sky-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600 ${CALL_LIST_GRID} ${
        attention ? 'border-l-orange-500 bg-orange-50/40' : 'border-l-transparent bg-white'
      }`}
    >
      <div role="gridcell" className="flex items-center gap-2 lg:flex-col lg:items-start lg:gap-0.5">
        <CallStateBadge state={call.state} />
        <PipelineHealthChip call={call} testId="call-row.health" fallback={<TranscriptionStateText state={call.transcription} />} />
      </div>
      <div role="gridcell" className="min-w-0">
        <Participants call={call} />
      </div>
      <div role="gridcell" className="font-mono text-xs text-slate-700 tabular-nums">
        <span className="sr-only">Duration </span>
        <Elapsed startedAt={call.startedAt} endedAt={call.endedAt} />
        {!live && call.endedAt !== null && <EndedAge endedAt={call.endedAt} />}
      </div>
      <div role="gridcell" className="flex flex-wrap items-center gap-1">
        {call.locale !== null ? <LanguageTag tag={call.locale} /> : <span className="text-xs text-slate-500">—</span>}
        {detected !== null && (
          <>
            <span aria-hidden="true" className="text-[11px] text-slate-400">→</span>
            <span className="sr-only">detected</span>
            <LanguageTag tag={detected} differs />
          </>
        )}
      </div>
      <div role="gridcell" className="flex items-center gap-2">
        <SentimentScoreBadge score={call.sentimentNow} testId="call-row.sentiment" />
        <SentimentSparkline trend={call.sentimentTrend} />
      </div>
      <div role="gridcell" data-testid="call-row.last-line" className="min-w-0 truncate text-slate-700" title={call.lastLine ? `${call.lastLine.speakerLabel}: ${call.lastLine.text}` : undefined}>
        <AttentionReasons call={call} />
        {call.lastLine ? (
          <>
            <span className="font-medium text-slate-900">{call.lastLine.speakerLabel}:</span> <MaskedText text={call.lastLine.text} masked={call.lastLine.piiMasked} />
          </>
        ) : (
          <span className="text-slate-500 italic">No final line yet</span>
        )}
      </div>
      <div role="gridcell" className="text-right text-xs text-slate-600 tabular-nums lg:text-right">
        <div>
          <span className="font-semibold text-slate-800">{call.lastSeq}</span> {call.lastSeq === 1 ? 'line' : 'lines'}
        </div>
        {call.piiLineCount > 0 && <div className="text-[11px] text-slate-500">{call.piiLineCount} redacted</div>}
      </div>
    </div>
  );
});

/** The reasons behind a call's attention score, as chips before its last line (two at most: the row keeps its height). */
function AttentionReasons({ call }: { call: Row }) {
  if (call.state === 'disconnected' || call.attention.reasons.length === 0) return null;
  return (
    <span className="mr-1.5 inline-flex gap-1 align-middle" aria-label={`Needs attention: ${call.attention.reasons.map((reason) => reason.text).join(', ')}`}>
      {call.attention.reasons.slice(0, 2).map((reason) => (
        <span
          key={reason.kind}
          aria-hidden="true"
          data-testid="call-row.reason"
          data-kind={reason.kind}
          className={`rounded px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ring-1 ring-inset ${reason.kind === 'alert' || reason.kind === 'pipeline' ? 'bg-red-50 text-red-800 ring-red-200' : 'bg-orange-50 text-orange-900 ring-orange-200'}`}
        >
          {reason.text}
        </span>
      ))}
    </span>
  );
}

/** At most two lines, so a row keeps its height: the second participant's line also says how many more there are. */
function Participants({ call }: { call: Row }) {
  if (call.participantCount === 0)
    return (
      <div className="text-xs text-slate-500 italic">
        No speaker yet
        <TeamChips teamIds={call.teamIds} />
      </div>
    );
  const more = call.participantCount - call.participants.length;
  return (
    <div className="min-w-0 text-xs leading-tight text-slate-800">
      <TeamChips teamIds={call.teamIds} />
      {call.participants.map((participant, index) => (
        <div key={participant.rawId} className="flex min-w-0 gap-1">
          <span className="truncate" title={participant.rawId}>
            {participant.label}
          </span>
          {more > 0 && index === call.participants.length - 1 && <span className="shrink-0 text-slate-500">+{more} more</span>}
        </div>
      ))}
    </div>
  );
}

/** The call's teams by name, small, when the user knows more than one team (one team would say nothing). */
function TeamChips({ teamIds }: { teamIds: readonly string[] }) {
  const teams = useSessionView()?.teams ?? [];
  if (teams.length < 2) return null;
  const names = teamIds.flatMap((teamId) => teams.filter((team) => team.id === teamId).map((team) => team.name));
  if (names.length === 0) return null;
  return (
    <span className="float-right ml-1 flex gap-1 not-italic" data-testid="call-row.teams">
      {names.map((name) => (
        <span key={name} className="rounded bg-slate-100 px-1 text-[10px] font-medium whitespace-nowrap text-slate-700 ring-1 ring-slate-200 ring-inset">
          {name}
        </span>
      ))}
    </span>
  );
}

function EndedAge({ endedAt }: { endedAt: number }) {
  const now = useNow();
  if (now === 0) return null;
  return <div className="font-sans text-[11px] text-slate-500">ended {formatAge(endedAt, now)}</div>;
}
