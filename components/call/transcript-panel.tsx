import { useMemo } from 'react';
import { EmptyNote } from '@/components/ui/empty-note';
import type { LineMarks } from '@/lib/annotation-state';
import { selectInterims, type CallViewState } from '@/lib/call-state';
import { LiveAnnouncer } from './live-announcer';
import { TranscriptList } from './transcript-list';
import type { LineActions } from './transcript-row';

export interface TranscriptPanelProps {
  state: CallViewState;
  speakerIds: readonly string[];
  marks?: ReadonlyMap<number, LineMarks>;
  lineActions?: LineActions;
}

export function TranscriptPanel({ state, speakerIds, marks, lineActions }: TranscriptPanelProps) {
  const interimsBySpeaker = state.interims;
  const interims = useMemo(() => selectInterims({ interims: interimsBySpeaker }), [interimsBySpeaker]);
  const empty = state.finals.length === 0 && interims.length === 0;
  return (
    <section className="flex min-h-[24rem] flex-col overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs lg:min-h-0">
      <header className="flex items-center gap-2 border-b border-slate-100 px-3 py-2">
        <h2 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Transcript</h2>
        <span className="text-xs text-slate-500 tabular-nums">
          {state.lastSeq} {state.lastSeq === 1 ? 'line' : 'lines'}
          {state.hasOlder && ' · loading earlier lines…'}
          {interims.length > 0 && ` · ${interims.length} speaking`}
        </span>
      </header>
      {state.phase === 'opening' && empty ? (
        <p role="status" className="p-4 text-sm text-slate-500">
          Loading transcript…
        </p>
      ) : empty ? (
        <div className="p-4">
          <EmptyNote>No lines yet. They appear here as soon as someone speaks.</EmptyNote>
        </div>
      ) : (
        <TranscriptList state={state} interims={interims} speakerIds={speakerIds} marks={marks} lineActions={lineActions} />
      )}
      <LiveAnnouncer state={state} />
    </section>
  );
}
