/**
 * The identity of a final line. ACS can send the same final again (after a stream reconnects, with
 * TranscriptionResumed, or to a second connection for the same call): same speaker, offset, duration and text.
 * Such a repeat gets the same key, and the store keeps one segment per key and call.
 */
import { hash } from 'node:crypto';

export function finalKey(line: { speakerRawId: string; offsetMs: number; durationMs: number; text: string }): string {
  // The one-shot hash: the same digest as createHash(…).update(…).digest(…) at half its cost (no Hash object).
  return hash('sha256', `${speakerField(line.speakerRawId)}\u0000${line.offsetMs}\u0000${line.durationMs}\u0000${line.text}`, 'base64url').slice(0, 22);
}

/**
 * The fields are joined with NUL. Offset and duration are numbers and the text comes last, so only a speaker id
 * that itself holds a NUL can make two different lines read alike: speaker `a␀1␀2` at 3 ms for 4 ms saying `x`
 * joins like speaker `a` at 1 ms for 2 ms saying `3␀4␀x`, and the second would be dropped as a repeat. Such an id
 * is written after a NUL with its length and a `:` (no number holds a `:`), so it reads like no other line, and
 * every other key stays as stored.
 */
function speakerField(rawId: string): string {
  return rawId.includes('\u0000') ? `\u0000${rawId.length}:${rawId}` : rawId;
}
