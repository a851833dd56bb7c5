/**
 * After a restart, calls the database still shows as live may have ended while Earshot was down. Each one is
 * checked against ACS: a call ACS no longer knows is marked ended; a call with no lifecycle callbacks (a replayed
 * stream) ended with the process that received it. Runs in the background so start-up does not wait on ACS.
 */
import type { AcsCallAutomation } from '../acs/call-automation';
import { AcsOperationError } from '../acs/acs-operation-error';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';
import type { CallService } from './call-service';

const MAX_CALLS = 5_000;

export async function reconcileOpenCalls(deps: { store: CallStore; calls: CallService; acs: (() => AcsCallAutomation) | null; log: Logger; now?: () => number }): Promise<number> {
  const now = deps.now ?? Date.now;
  let ended = 0;
  for (const callId of await deps.store.listOpenCallIds(MAX_CALLS)) {
    const stored = await deps.store.getCall(callId);
    if (!stored || deps.calls.hasOpenStream(callId)) continue;
    let gone = !stored.lifecycleManaged;
    if (stored.lifecycleManaged && deps.acs) {
      try {
        const properties = await deps.acs().getCall(callId);
        gone = properties.callConnectionState === 'disconnected';
      } catch (error) {
        // Only a definite "not found" ends the call; an unreachable ACS leaves it as it was.
        gone = error instanceof AcsOperationError && error.status === 404;
      }
    }
    if (!gone) continue;
    await deps.calls.updateCall(callId, (record) => {
      if (record.state === 'disconnected' || deps.calls.hasOpenStream(callId)) return;
      record.state = 'disconnected';
      record.endedAt = record.endedAt ?? now();
      record.pending = [];
      if (['active', 'starting', 'stopping'].includes(record.transcription)) record.transcription = 'stopped';
    });
    ended += 1;
  }
  if (ended > 0) deps.log.info({ ended }, 'marked calls that ended while Earshot was down');
  return ended;
}
