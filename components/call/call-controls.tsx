import { usePermission } from '@/components/app-shell/permissions-provider';
import type { CallDetail, TranscriptionState } from '@/lib/protocol';
import { ControlButton } from './control-button';
import { PlayIcon, StopIcon, SummaryIcon } from './control-icons';
import { HangUpControl } from './hang-up-control';
import { LanguagePicker } from './language-picker';
import type { CallControlsApi } from './use-call-controls';

const STATUS_CLASS: Record<TranscriptionState, string> = {
  inactive: 'bg-slate-100 text-slate-600 ring-slate-200',
  starting: 'bg-amber-50 text-amber-800 ring-amber-200',
  active: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  stopping: 'bg-amber-50 text-amber-800 ring-amber-200',
  stopped: 'bg-slate-100 text-slate-700 ring-slate-300',
  failed: 'bg-orange-50 text-orange-800 ring-orange-300',
};

const STATUS_DOT: Record<TranscriptionState, string> = {
  inactive: 'bg-slate-400',
  starting: 'bg-amber-500 animate-pulse',
  active: 'bg-emerald-500',
  stopping: 'bg-amber-500 animate-pulse',
  stopped: 'bg-slate-500',
  failed: 'bg-orange-500',
};

export interface CallControlsProps {
  call: CallDetail;
  controls: CallControlsApi;
}

/** Transcription start/stop, its language, a summary on demand, and hang up; for the call header. */
export function CallControls({ call, controls }: CallControlsProps) {
  const { view } = controls;
  const status = call.transcription;
  const permission = usePermission('control');
  return (
    <div role="group" aria-label="Call controls" className="flex flex-wrap items-center gap-x-3 gap-y-2">
      <div className="flex items-center gap-1.5 text-xs text-slate-600">
        <span className="font-medium">Transcription</span>
        <span
          data-testid="controls.status"
          data-state={status}
          className={`inline-flex items-center gap-1.5 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_CLASS[status]}`}
        >
          <span aria-hidden="true" className={`size-1.5 rounded-full ${STATUS_DOT[status]}`} />
          {status}
        </span>
      </div>
      {/* What is pending, read out as it changes; the buttons themselves show it visually. */}
      <p data-testid="controls.pending" data-count={view.pendingList.length} role="status" className="sr-only">
        {view.pendingList.map((item) => item.text).join(' ')}
      </p>
      <div className="flex items-center gap-1.5">
        <ControlButton
          testId="controls.start"
          label="Start"
          icon={<PlayIcon />}
          pending={view.pending['start-transcription']}
          availability={view.availability['start-transcription']}
          onClick={controls.start}
        />
        <ControlButton
          testId="controls.stop"
          label="Stop"
          icon={<StopIcon />}
          pending={view.pending['stop-transcription']}
          availability={view.availability['stop-transcription']}
          onClick={controls.stop}
        />
      </div>
      <LanguagePicker
        candidates={call.metadata.locales}
        locale={view.locale}
        pending={view.pending['update-transcription']}
        availability={view.availability['update-transcription']}
        onSwitch={controls.switchLanguage}
      />
      <ControlButton
        testId="controls.summarize"
        label="Summarize now"
        icon={<SummaryIcon />}
        pending={view.pending.summarize}
        availability={view.availability.summarize}
        onClick={controls.summarize}
      />
      <HangUpControl pending={view.pending['hang-up']} availability={view.availability['hang-up']} onConfirm={controls.hangUp} />
      {!permission.allowed && (
        <p data-testid="controls.no-permission" className="text-xs text-slate-600">
          {permission.reason}
        </p>
      )}
    </div>
  );
}
