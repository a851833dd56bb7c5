/**
 * Calls the database shows as live that may have ended while nobody watched them (Earshot was down, or the
 * instance that held a call's stream died). Only calls nobody holds a stream lease on are touched (see
 * stream-leases.ts), so an instance never ends a call that is streaming into another.
 *
 * - At start, a call that callbacks drive and that nobody streams is checked against ACS: one ACS no longer knows
 *   is marked ended.
 * - At start and then periodically, a call known only from its transcript stream whose lease has run out — its
 *   stream did not come back to any instance within the lease — is marked ended.
 */
import type { AcsCallAutomation } from '../acs/call-automation';
import { AcsOperationError } from '../acs/acs-operation-error';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';
import type { CallService } from './call-service';

const MAX_CALLS = 5_000;

export interface ReconcileDeps {
  store: CallStore;
  calls: CallService;
  acs: (() => AcsCallAutomation) | null;
  log: Logger;
  now?: () => number;
}

/** The check at start: returns how many calls it ended. */
export async function reconcileOpenCalls(deps: ReconcileDeps): Promise<number> {
  const now = deps.now ?? Date.now;
  let ended = 0;
  for (const { callId, lifecycleManaged } of await deps.store.listUnownedOpenCalls(now(), MAX_CALLS)) {
    if (deps.calls.hasOpenStream(callId)) continue;
    if (!lifecycleManaged) {
      if (await endCall(deps, callId, now())) ended += 1;
      continue;
    }
    if (!deps.acs) continue;
    let gone: boolean;
    try {
      const properties = await deps.acs().getCall(callId);
      gone = properties.callConnectionState === 'disconnected';
    } catch (error) {
      // Only a definite "not found" ends the call; an unreachable ACS leaves it as it was.
      gone = error instanceof AcsOperationError && error.status === 404;
    }
    if (gone && (await endCall(deps, callId, now()))) ended += 1;
  }
  if (ended > 0) deps.log.info({ ended }, 'marked calls that ended while Earshot was down');
  return ended;
}

/** Ends stream-only calls whose stream lease ran out, every `intervalMs`. */
export class OrphanSweep {
  private readonly timer: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly deps: ReconcileDeps,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    const now = this.deps.now ?? Date.now;
    let ended = 0;
    try {
      for (const { callId, lifecycleManaged } of await this.deps.store.listUnownedOpenCalls(now(), MAX_CALLS)) {
        if (lifecycleManaged || this.deps.calls.hasOpenStream(callId)) continue;
        if (await endCall(this.deps, callId, now())) ended += 1;
      }
      if (ended > 0) this.deps.log.info({ ended }, 'marked calls whose transcript stream never came back as ended');
    } catch (error) {
      this.deps.log.warn({ err: error }, 'could not look for calls whose stream was lost');
    } finally {
      this.running = false;
    }
    return ended;
  }

  close() {
    clearInterval(this.timer);
  }
}

/** Ends the call unless a stream or a callback brought it back meanwhile; true when it ended it. */
async function endCall(deps: ReconcileDeps, callId: string, at: number): Promise<boolean> {
  const result = { ended: false, streamLost: false };
  await deps.calls.updateCall(callId, (record) => {
    if (record.state === 'disconnected' || deps.calls.hasOpenStream(callId)) return;
    record.state = 'disconnected';
    record.endedAt = record.endedAt ?? at;
    record.pending = [];
    // A call known only from its stream ends here because the stream never came back: transcription was lost.
    result.streamLost = !record.lifecycleManaged;
    if (['active', 'starting', 'stopping'].includes(record.transcription)) record.transcription = 'stopped';
    result.ended = true;
  });
  if (result.ended && result.streamLost) deps.calls.transcriptionLost(callId, 'stream_lost');
  return result.ended;
}
