/**
 * "Since you last looked": what a supervisor opening a call has not seen yet — lines after their last look, alerts
 * raised since, and the newest summary written since.
 */
import type { CallViewState } from './call-state';
import type { CallSummaryRecord } from './protocol';
import type { Alert } from './rules';

export interface CatchUp {
  /** When they last had the call open, epoch ms. */
  lookedAt: number;
  /** Lines that came after their look, up to the moment they opened the call again. */
  newLines: number;
  /** The first of those lines (where the transcript's "new" marker goes); null when there are none. */
  firstNewSeq: number | null;
  /** Newest first. */
  newAlerts: readonly Alert[];
  /** The newest summary written after their look, if any. */
  latestSummary: CallSummaryRecord | null;
}

/** What to catch the supervisor up on; null on a first look, before the call opened, or when nothing changed. */
export function selectCatchUp(state: Pick<CallViewState, 'catchUp' | 'summaries'>): CatchUp | null {
  const catchUp = state.catchUp;
  if (catchUp === null || catchUp === undefined) return null;
  const { look, lastSeqAtOpen } = catchUp;
  const newLines = Math.max(0, lastSeqAtOpen - look.lastSeq);
  let latestSummary: CallSummaryRecord | null = null;
  for (const summary of state.summaries) {
    if (summary.createdAt > look.lookedAt && (latestSummary === null || summary.createdAt >= latestSummary.createdAt)) latestSummary = summary;
  }
  if (newLines === 0 && look.newAlerts.length === 0 && latestSummary === null) return null;
  return { lookedAt: look.lookedAt, newLines, firstNewSeq: selectFirstNewSeq(state), newAlerts: look.newAlerts, latestSummary };
}

/** The first line after the supervisor's previous look (where the transcript's "new" marker goes); null when none. */
export function selectFirstNewSeq(state: Pick<CallViewState, 'catchUp'>): number | null {
  const catchUp = state.catchUp;
  if (catchUp === null || catchUp === undefined) return null;
  return catchUp.lastSeqAtOpen > catchUp.look.lastSeq ? catchUp.look.lastSeq + 1 : null;
}
