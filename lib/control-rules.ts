/**
 * Which control may run on a call right now: the one rule the server enforces (409 `invalid_state`) and the
 * dashboard shows (a disabled control with the same reason). Pure, so both sides and the tests share it.
 *
 * At most one operation of each kind is pending at a time, which also bounds a call's pending list.
 */
import type { CallState, ControlAction, TranscriptionState } from './protocol';

/** Operations on an existing call (call setup — place, answer, connect — has no call to check yet). */
export const CALL_OPERATIONS = ['start-transcription', 'stop-transcription', 'update-transcription', 'summarize', 'hang-up'] as const satisfies readonly ControlAction[];
export type CallOperation = (typeof CALL_OPERATIONS)[number];

export interface ControlSubject {
  state: CallState;
  transcription: TranscriptionState;
  /** Operations waiting for ACS: the server's pending list, plus (in a browser) its own requests in flight. */
  pendingActions: readonly ControlAction[];
}

export type ControlDecision = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: ControlDecision = { allowed: true };
const refuse = (reason: string): ControlDecision => ({ allowed: false, reason });

export function decideControl(operation: CallOperation, subject: ControlSubject): ControlDecision {
  if (subject.state === 'disconnected') return refuse('The call has ended.');
  const pending = (action: ControlAction) => subject.pendingActions.includes(action);
  if (operation === 'hang-up') return pending('hang-up') ? refuse('Hanging up.') : ALLOWED;
  if (subject.state === 'connecting') return refuse('The call is still connecting.');
  const transcription = subject.transcription;
  switch (operation) {
    case 'start-transcription':
      if (pending('start-transcription')) return refuse('Transcription is starting.');
      if (pending('stop-transcription') || transcription === 'stopping') return refuse('Transcription is stopping; start it again once it has stopped.');
      if (transcription === 'active' || transcription === 'starting') return refuse('Transcription is already running.');
      return ALLOWED;
    case 'stop-transcription':
      if (pending('stop-transcription') || transcription === 'stopping') return refuse('Transcription is stopping.');
      if (transcription === 'active' || transcription === 'starting') return ALLOWED;
      return refuse('Transcription is not running.');
    case 'update-transcription':
      if (pending('update-transcription')) return refuse('The language is being switched.');
      if (pending('start-transcription') || pending('stop-transcription') || transcription !== 'active') return refuse('Transcription must be running to change its language.');
      return ALLOWED;
    case 'summarize':
      return pending('summarize') ? refuse('A summary is on its way.') : ALLOWED;
    default: {
      const unreachable: never = operation;
      return refuse(`Unknown operation ${String(unreachable)}.`);
    }
  }
}
