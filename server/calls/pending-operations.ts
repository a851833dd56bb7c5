/** Matching ACS's confirming events to the operations Earshot sent, by operation context or by action. */
import type { ControlAction, PendingOperation } from '../../lib/protocol';
import type { CallRecord } from '../domain/call-record';

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
