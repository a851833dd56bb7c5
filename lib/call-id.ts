/**
 * What Earshot accepts as a call id, wherever one enters (ACS metadata and callbacks, socket events, routes): 1–256
 * characters of well-formed Unicode. A longer id makes a call no URL can open. A lone surrogate (JSON can carry one,
 * `"\ud800"`) cannot be percent-encoded (`encodeURIComponent` throws) and turns into U+FFFD on its way into UTF-8
 * storage, so the stored call would not be the one in memory: refused at the door instead. So are `.` and `..`: a
 * URL parser resolves them as dot segments (`/calls/..` is `/`), so no link could ever open such a call.
 */
import { z } from 'zod';

export const MAX_CALL_ID_CHARS = 256;

/** True when the string holds no unpaired UTF-16 surrogate (`String.prototype.isWellFormed`, without ES2024 lib types). */
export function isWellFormedText(text: string): boolean {
  return !/\p{Cs}/u.test(text);
}

export const CallIdSchema = z
  .string()
  .min(1, 'a call id is 1 to 256 characters')
  .max(MAX_CALL_ID_CHARS, 'a call id is 1 to 256 characters')
  .refine(isWellFormedText, 'a call id must be well-formed Unicode (no unpaired surrogate)')
  .refine((id) => id !== '.' && id !== '..', 'a call id cannot be "." or ".." (no URL can name it)');
