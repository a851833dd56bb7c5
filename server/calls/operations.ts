/**
 * The life of an operation Earshot sends to ACS: requested → pending → confirmed, failed, or unconfirmed when its
 * confirming event never comes. Every step is a pure change to the call record, called from the control service
 * (request, refusal), the ACS webhooks (confirmation, failure) and the timeout sweep; the audit trail records each.
 */
import type { ControlAction, PendingOperation } from '../../lib/protocol';
import type { CallRecord } from '../domain/call-record';

export function addPending(record: CallRecord, operation: PendingOperation) {
  record.pending = [...record.pending, operation];
}

/**
 * Removes and returns the pending operation an event confirms: the one with the event's operation context,
 * else the oldest one of the given actions (ACS omits the context on some events).
 */
export function takePending(record: CallRecord, actions: readonly ControlAction[], operationContext: string | null | undefined): PendingOperation | null {
  const index =
    operationContext != null && operationContext !== ''
      ? record.pending.findIndex((operation) => operation.operationContext === operationContext && actions.includes(operation.action))
      : -1;
  const chosen = index >= 0 ? index : record.pending.findIndex((operation) => actions.includes(operation.action));
  if (chosen < 0) return null;
  const [operation] = record.pending.splice(chosen, 1);
  record.pending = [...record.pending];
  return operation ?? null;
}

export interface OperationTimeouts {
  /** How long ACS has to confirm an operation; summaries take longer to write. */
  timeoutMs(action: ControlAction): number;
}

export function operationTimeouts(baseMs: number): OperationTimeouts {
  return { timeoutMs: (action) => (action === 'summarize' ? baseMs * 2 : baseMs) };
}

/**
 * Ends the operations whose confirmation is overdue: they leave the pending list, the call's last error says so
 * and what the supervisor can do next, and a transcription stuck between states settles on what the stream shows
 * (lines still arriving: running). Returns the operations it ended.
 */
export function expireOverdue(record: CallRecord, now: number, timeouts: OperationTimeouts, streamOpen: boolean): PendingOperation[] {
  const overdue = record.pending.filter((operation) => now - operation.requestedAt >= timeouts.timeoutMs(operation.action));
  if (overdue.length === 0) return [];
  record.pending = record.pending.filter((operation) => !overdue.includes(operation));
  const stillStarting = record.pending.some((operation) => operation.action === 'start-transcription');
  const stillStopping = record.pending.some((operation) => operation.action === 'stop-transcription');
  if (record.transcription === 'starting' && !stillStarting) record.transcription = streamOpen ? 'active' : record.lastSeq > 0 ? 'stopped' : 'inactive';
  if (record.transcription === 'stopping' && !stillStopping) record.transcription = streamOpen ? 'active' : 'stopped';
  const latest = overdue[overdue.length - 1];
  if (latest) record.lastError = { action: latest.action, code: 'unconfirmed', message: unconfirmedMessage(latest, timeouts), at: now };
  return overdue;
}

export function unconfirmedMessage(operation: PendingOperation, timeouts: OperationTimeouts): string {
  const seconds = Math.round(timeouts.timeoutMs(operation.action) / 1000);
  const within = `within ${seconds} s`;
  switch (operation.action) {
    case 'place-call':
    case 'answer-call':
    case 'connect-call':
      return `ACS did not confirm that the call connected ${within}. It may have failed: hang up to end it, or wait for it to connect.`;
    case 'start-transcription':
      return `ACS did not confirm that transcription started ${within}. If no lines arrive, start it again.`;
    case 'stop-transcription':
      return `ACS did not confirm that transcription stopped ${within}. If lines keep arriving, stop it again.`;
    case 'update-transcription':
      return `ACS did not confirm the switch${operation.locale ? ` to ${operation.locale}` : ''} ${within}. Check the language of new lines, and switch again if needed.`;
    case 'summarize':
      return `No summary arrived ${within}. Ask for one again.`;
    case 'hang-up':
      return `ACS did not confirm the hang-up ${within}. The call may still be connected: hang up again.`;
    default: {
      const unreachable: never = operation.action;
      return `The operation ${String(unreachable)} was not confirmed ${within}.`;
    }
  }
}
