/**
 * The identity of a final line. ACS can send the same final again (after a stream reconnects, with
 * TranscriptionResumed, or to a second connection for the same call): same speaker, offset, duration and text.
 * Such a repeat gets the same key, and the store keeps one segment per key and call.
 */
import { createHash } from 'node:crypto';

export function finalKey(line: { speakerRawId: string; offsetMs: number; durationMs: number; text: string }): string {
  return createHash('sha256')
    .update(`${line.speakerRawId}\u0000${line.offsetMs}\u0000${line.durationMs}\u0000${line.text}`)
    .digest('base64url')
    .slice(0, 22);
}
