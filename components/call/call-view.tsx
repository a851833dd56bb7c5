'use client';
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { useCall } from '@/components/realtime/use-call';
import { selectLineMarks } from '@/lib/annotation-state';
import { selectAuditNewestFirst, selectSentimentSeries, selectSummariesNewestFirst, type CallViewState } from '@/lib/call-state';
import { selectCatchUp } from '@/lib/catch-up';
import { selectLanguageSuggestion } from '@/lib/language-suggestion';
import { Panel } from '@/components/ui/panel';
import { useCallGone } from '@/components/realtime/use-call-erased';
import { AuditPanel } from './audit-panel';
import { CallAlertsPanel } from './call-alerts-panel';
import { CallErasedNotice, CallHiddenNotice } from './call-erased';
import { CallControls } from './call-controls';
import { CatchUpCard } from './catch-up-card';
import { CallHeader } from './call-header';
import { CallNotices } from './call-notices';
import { CallNotFound } from './call-not-found';
import { ExportMenu } from './export-menu';
import { MetadataPanel } from './metadata-panel';
import { NotesPanel, type NoteTarget } from './notes-panel';
import { SentimentTrendChart } from './sentiment-trend-chart';
import { speakerStyle } from './speaker-styles';
import { SummariesPanel } from './summaries-panel';
import { TranscriptPanel } from './transcript-panel';
import type { LineActions } from './transcript-row';
import { useAnnotations } from './use-annotations';
import { useCallControls } from './use-call-controls';

const NO_SENTIMENT: CallViewState['sentiment'] = {};

export interface CallViewProps {
  callId: string;
  /** The signed-in supervisor: their own notes get a delete button. */
  viewer?: string | null;
}

/** The `/calls/<id>` page: live transcript on the left; trend, summaries and details on the right. */
export function CallView({ callId, viewer = null }: CallViewProps) {
  const state = useCall(callId);
  const notes = useAnnotations(callId, state.phase !== 'opening');
  const [noteTarget, setNoteTarget] = useState<NoteTarget>({ seq: null, request: 0 });
  const marks = useMemo(() => selectLineMarks(notes.annotations, viewer), [notes.annotations, viewer]);
  const { add: addNote, remove: removeNote } = notes;
  const lineActions = useMemo<LineActions>(
    () => ({
      toggleBookmark: (seq) => {
        const own = marks.get(seq)?.ownBookmarkId ?? null;
        void (own === null ? addNote({ kind: 'bookmark', seq }) : removeNote(own));
      },
      addNote: (seq) => setNoteTarget((current) => ({ seq, request: current.request + 1 })),
    }),
    [marks, addNote, removeNote],
  );
  const gone = useCallGone(callId);
  const { sentiment, offsetOriginMs, summaries: summaryList, call, audit: auditList } = state;
  const controls = useCallControls(callId, call, auditList);

  // Participants are in order of first final line, so speaker colours never change once given.
  const participants = call?.participants;
  const speakerIds = useMemo(() => {
    const ids = (participants ?? []).map((participant) => participant.rawId);
    for (const speakerId of Object.keys(sentiment)) if (!ids.includes(speakerId)) ids.push(speakerId);
    return ids;
  }, [participants, sentiment]);
  const styleFor = useCallback((speakerId: string) => speakerStyle(speakerIds, speakerId), [speakerIds]);
  // The chart follows a step behind, in a render React can interrupt: the transcript (a long call's newest lines
  // first) paints without waiting for a chart of thousands of points, and older pages do not block the page.
  const chartSentiment = useDeferredValue(sentiment, NO_SENTIMENT);
  const series = useMemo(() => selectSentimentSeries({ sentiment: chartSentiment, offsetOriginMs }), [chartSentiment, offsetOriginMs]);
  const summaries = useMemo(() => selectSummariesNewestFirst({ summaries: summaryList }), [summaryList]);
  const audit = useMemo(() => selectAuditNewestFirst({ audit: auditList }), [auditList]);
  // Not while a switch is under way or impossible: the suggestion is a one-click switch.
  const suggestion = controls.view.availability['update-transcription'].enabled ? selectLanguageSuggestion(state) : null;
  const catchUp = useMemo(() => selectCatchUp(state), [state.catchUp, state.summaries]);
  const [catchUpDismissed, setCatchUpDismissed] = useState(false);

  if (gone === 'erased') return <CallErasedNotice callId={callId} />;
  if (gone === 'hidden') return <CallHiddenNotice callId={callId} />;
  if (state.phase === 'not_found') return <CallNotFound callId={callId} />;
  if (state.phase === 'failed' && call === null) return <CallNotFound callId={callId} message={state.error?.message ?? 'The server could not load this call.'} />;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <CallHeader
        callId={callId}
        call={call}
        lineCount={state.lastSeq}
        actions={
          call !== null ? (
            <>
              <ExportMenu callId={callId} />
              <CallControls call={call} controls={controls} />
            </>
          ) : null
        }
      />
      <CallNotices
        failure={controls.view.failure}
        onDismissFailure={controls.dismissFailure}
        suggestion={suggestion}
        locale={call?.locale ?? null}
        onSwitchLanguage={controls.switchLanguage}
      />
      {catchUp !== null && !catchUpDismissed && (
        <div className="px-3 pt-3">
          <CatchUpCard callId={callId} catchUp={catchUp} onDismiss={() => setCatchUpDismissed(true)} />
        </div>
      )}
      <div className="grid min-h-0 flex-1 grid-cols-1 gap-3 overflow-y-auto p-3 lg:grid-cols-[minmax(0,1fr)_26rem] lg:overflow-hidden">
        <TranscriptPanel state={state} speakerIds={speakerIds} marks={marks} lineActions={lineActions} />
        {/* Focusable: from lg up it scrolls on its own, and keyboard users must be able to scroll it (axe scrollable-region-focusable). */}
        <aside
          aria-label="Call insights"
          tabIndex={0}
          className="flex min-h-0 flex-col gap-3 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 lg:overflow-y-auto [&>*]:shrink-0"
        >
          <Panel title="Sentiment trend" aside={<span>per speaker, −1 … +1</span>}>
            <SentimentTrendChart series={series} styleFor={styleFor} loaded={state.phase !== 'opening' && chartSentiment === sentiment} />
          </Panel>
          <NotesPanel
            callId={callId}
            annotations={notes.annotations}
            viewer={viewer}
            target={noteTarget}
            onTargetCall={() => setNoteTarget((current) => ({ seq: null, request: current.request }))}
            onAdd={notes.add}
            onRemove={notes.remove}
            error={notes.error}
          />
          <SummariesPanel summaries={summaries} />
          <CallAlertsPanel callId={callId} />
          <AuditPanel entries={audit} />
          <MetadataPanel call={call} />
        </aside>
      </div>
    </div>
  );
}
