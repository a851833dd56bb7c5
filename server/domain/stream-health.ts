/**
 * How a call's transcript stream state (CallHealth.stream) moves, in one place: the stream service, the ACS
 * callbacks and the orphan sweep each call one of these on the call record.
 */
import type { CallRecord } from './call-record';

/** A stream opened for the call (on this instance). A second one while connected (ACS reconnecting) changes nothing. */
export function streamConnected(record: CallRecord, now: number) {
  if (record.health.stream !== 'connected') record.health = { ...record.health, stream: 'connected', streamSince: now };
}

/**
 * The call's last stream closed on the instance that held it. Expected when the call ended, transcription was
 * stopped (or being stopped), or nothing drives the call but its stream; otherwise ACS may reconnect it, so it is
 * `reconnecting` until a stream comes back or the orphan sweep calls it lost.
 */
export function streamClosed(record: CallRecord, now: number) {
  record.health = { ...record.health, stream: closedUnexpectedly(record) ? 'reconnecting' : 'closed', streamSince: now };
}

/** ACS said the call or its transcription ended: a stream waiting to reconnect is not coming back, and need not. */
export function streamNoLongerExpected(record: CallRecord, now: number) {
  if (record.health.stream === 'reconnecting') record.health = { ...record.health, stream: 'closed', streamSince: now };
}

/** True when the sweep should call the stream lost: nobody holds it, and it was open or reconnecting for longer than the grace. */
export function streamOverdue(record: Pick<CallRecord, 'health'>, now: number, graceMs: number): boolean {
  const { stream, streamSince } = record.health;
  return (stream === 'connected' || stream === 'reconnecting') && now - streamSince >= graceMs;
}

export function streamLost(record: CallRecord, now: number) {
  record.health = { ...record.health, stream: 'lost', streamSince: now };
}

function closedUnexpectedly(record: CallRecord): boolean {
  if (!record.lifecycleManaged || record.state === 'disconnected') return false;
  if (record.transcription !== 'active' && record.transcription !== 'starting') return false;
  return !record.pending.some((operation) => operation.action === 'stop-transcription');
}
