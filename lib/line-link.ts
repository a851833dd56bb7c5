/**
 * Links to one line of a call: `/calls/{id}#seq-{n}`. The fragment is per page, so `seq-{n}` is a valid, unique
 * element id whatever the call id holds; the transcript gives every row that id and scrolls to the one named.
 */
import { callPath } from './call-path';

const SEQ_FRAGMENT = /^#?seq-([1-9]\d{0,9})$/;

/** The element id of transcript line `seq`. */
export function lineAnchorId(seq: number): string {
  return `seq-${seq}`;
}

/** The call page scrolled to line `seq`. */
export function callLinePath(callId: string, seq: number): string {
  return `${callPath(callId)}#${lineAnchorId(seq)}`;
}

/** The call page at the first line an alert names, or the page itself when it names none (silence, a long call). */
export function alertCallPath(callId: string, seqs: readonly number[]): string {
  const first = seqs.length > 0 ? Math.min(...seqs) : null;
  return first === null ? callPath(callId) : callLinePath(callId, first);
}

/** The line a location hash names (`#seq-42`), or null for any other hash. */
export function seqFromHash(hash: string): number | null {
  const match = SEQ_FRAGMENT.exec(hash);
  if (match === null) return null;
  const seq = Number(match[1]);
  return Number.isSafeInteger(seq) && seq <= 2_147_483_647 ? seq : null;
}

/** Dispatched on `window` to show the line the hash names again, when the hash itself did not change. */
export const LINE_FOCUS_EVENT = 'earshot:line-focus';
