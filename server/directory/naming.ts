/**
 * Names participants where calls and lines leave the server: every socket broadcast (this broadcaster wraps the
 * socket one) and the reads in call-service, history, search and export. Stored labels are the raw-id labels of
 * when a line arrived; what a supervisor reads is the directory's name now.
 */
import type { CallHistory, CallHistoryPage, FinalLine } from '../../lib/protocol';
import { relabelCall, relabelLines, relabelRinging, relabelSpeakerOf, type LabelOf } from '../../lib/relabel';
import type { Broadcaster } from '../calls/broadcaster';

/** No directory: every label as stored (tests that build a CallService alone). */
export const STORED_LABELS: LabelOf = () => undefined;

export function namingBroadcaster(inner: Broadcaster, labelOf: LabelOf): Broadcaster {
  return {
    segment: (segment) => inner.segment(relabelSpeakerOf(segment, labelOf)),
    interim: (segment) => inner.interim(relabelSpeakerOf(segment, labelOf)),
    callUpdated: (call) => inner.callUpdated(relabelCall(call, labelOf)),
    summary: (summary) => inner.summary(summary),
    callsChanged: (calls) => inner.callsChanged(calls.map((row) => relabelCall(row, labelOf))),
    audit: (entry) => inner.audit(entry),
    ringing: (calls) => inner.ringing(calls.map((call) => relabelRinging(call, labelOf))),
    ...(inner.callErased ? { callErased: (callId: string, teamIds: readonly string[] | null) => inner.callErased?.(callId, teamIds) } : {}),
    ...(inner.callLeftTeams
      ? { callLeftTeams: (callId: string, leftTeamIds: readonly string[], teamIds: readonly string[]) => inner.callLeftTeams?.(callId, leftTeamIds, teamIds) }
      : {}),
  };
}

export function nameHistory<T extends CallHistory>(history: T, labelOf: LabelOf): T {
  return { ...history, call: relabelCall(history.call, labelOf), segments: relabelLines(history.segments, labelOf), interims: relabelLines(history.interims, labelOf) };
}

export function nameHistoryPage(page: CallHistoryPage, labelOf: LabelOf): CallHistoryPage {
  return { ...page, segments: relabelLines<FinalLine>(page.segments, labelOf) };
}
