import type { CallState, TranscriptionState } from '@/lib/protocol';

const CALL_STATE_TEXT: Record<CallState, string> = {
  connecting: 'Connecting',
  connected: 'Live',
  disconnected: 'Ended',
};

const CALL_STATE_CLASS: Record<CallState, string> = {
  connecting: 'bg-amber-50 text-amber-800 ring-amber-200',
  connected: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  disconnected: 'bg-slate-100 text-slate-600 ring-slate-200',
};

const CALL_STATE_DOT: Record<CallState, string> = {
  connecting: 'bg-amber-500 animate-pulse',
  connected: 'bg-emerald-500',
  disconnected: 'bg-slate-400',
};

export const TRANSCRIPTION_TEXT: Record<TranscriptionState, string> = {
  inactive: 'Not transcribing',
  starting: 'Transcription starting',
  active: 'Transcribing',
  stopping: 'Transcription stopping',
  stopped: 'Transcription stopped',
  failed: 'Transcription failed',
};

const TRANSCRIPTION_CLASS: Record<TranscriptionState, string> = {
  inactive: 'text-slate-500',
  starting: 'text-slate-600',
  active: 'text-emerald-700',
  stopping: 'text-slate-600',
  stopped: 'text-slate-500',
  failed: 'text-orange-700 font-semibold',
};

export interface CallStateBadgeProps {
  state: CallState;
}

export function CallStateBadge({ state }: CallStateBadgeProps) {
  return (
    <span data-state={state} className={`inline-flex items-center gap-1.5 rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${CALL_STATE_CLASS[state]}`}>
      <span aria-hidden="true" className={`size-1.5 rounded-full ${CALL_STATE_DOT[state]}`} />
      {CALL_STATE_TEXT[state]}
    </span>
  );
}

export interface TranscriptionStateTextProps {
  state: TranscriptionState;
}

export function TranscriptionStateText({ state }: TranscriptionStateTextProps) {
  return <span className={`text-[11px] whitespace-nowrap ${TRANSCRIPTION_CLASS[state]}`}>{TRANSCRIPTION_TEXT[state]}</span>;
}
