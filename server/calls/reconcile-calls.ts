/**
 * After a restart, calls the database still shows as live may have ended while Earshot was down. A call that
 * callbacks drive is checked against ACS: one ACS no longer knows is marked ended. A call known only from its
 * transcript stream (a replayed stream, or ACS streaming into us without callbacks) gets a grace period: ACS
 * reconnects a dropped transcription WebSocket, and a call whose stream comes back goes on; one whose stream has
 * not come back by then ended with the process that received it. Runs in the background so start-up does not wait.
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
  /** How long a stream-only call has to reconnect before it is ended (default 30 s). */
  streamGraceMs?: number;
  /** Aborts the wait (server shutting down). */
  signal?: AbortSignal;
}

export async function reconcileOpenCalls(deps: ReconcileDeps): Promise<number> {
  const now = deps.now ?? Date.now;
  const open = await deps.store.listOpenCallIds(MAX_CALLS);
  const streamOnly: string[] = [];
  let ended = 0;
  for (const callId of open) {
    const stored = await deps.store.getCall(callId);
    if (!stored || deps.calls.hasOpenStream(callId)) continue;
    if (!stored.lifecycleManaged) {
      streamOnly.push(callId);
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
  if (streamOnly.length > 0) {
    await delay(deps.streamGraceMs ?? 30_000, deps.signal);
    for (const callId of streamOnly) {
      if (deps.signal?.aborted) break;
      if (await endCall(deps, callId, now())) ended += 1;
    }
  }
  if (ended > 0) deps.log.info({ ended }, 'marked calls that ended while Earshot was down');
  return ended;
}

/** Ends the call unless a stream or a callback brought it back meanwhile; true when it ended it. */
async function endCall(deps: ReconcileDeps, callId: string, at: number): Promise<boolean> {
  const result = { ended: false };
  await deps.calls.updateCall(callId, (record) => {
    if (record.state === 'disconnected' || deps.calls.hasOpenStream(callId)) return;
    record.state = 'disconnected';
    record.endedAt = record.endedAt ?? at;
    record.pending = [];
    if (['active', 'starting', 'stopping'].includes(record.transcription)) record.transcription = 'stopped';
    result.ended = true;
  });
  return result.ended;
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
