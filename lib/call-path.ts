/**
 * Call URLs, both ways. A call id is whatever ACS sends — `=`, `+`, `/`, `%`, spaces, `#`, `?`, any script — so in a
 * URL it is always exactly one percent-encoded path segment (`encodeURIComponent`), and it is turned back into the
 * id exactly once, here. Build every call URL with these functions; never splice an id into a path by hand.
 *
 * What Next 16.4 hands a `[callId]` segment (checked through the real server in
 * tests/integration/next-routes.test.ts):
 * - route handlers (`app/api/calls/[callId]/**`): the segment decoded once (`%2F` → `/`, `%252F` → `%2F`, `+` stays);
 * - page components (`app/calls/[callId]/page.tsx`): that decoded value encoded again with `encodeURIComponent`
 *   (even `/calls/a+b` arrives as `a%2Bb`);
 * - `generateMetadata`: decoded, unlike the page — a regression since 16.2 (vercel/next.js#95343) whose proposed fix
 *   encodes it like the page again;
 * - a malformed escape (`%E0%A4%A`, `%zz`): Next fails with a 500 before any of our code runs, so the server answers
 *   400 in front of Next (server/http/malformed-path.ts).
 * The ids `.` and `..` cannot be a path segment at all (URL parsers resolve them as dot segments).
 */
import { CallIdSchema } from './call-id';

/** The call's page. */
export function callPath(callId: string): string {
  return `/calls/${encodeURIComponent(callId)}`;
}

/** The call's HTTP API: its history, or one of its operations (`transcription/start`, `hang-up`, …). */
export function callApiPath(callId: string, operation?: string): string {
  const base = `/api/calls/${encodeURIComponent(callId)}`;
  return operation === undefined ? base : `${base}/${operation}`;
}

/** The id from a route handler's `params.callId` (already decoded by Next); null when no call can have it. */
export function callIdFromRouteParam(param: string): string | null {
  const parsed = CallIdSchema.safeParse(param);
  return parsed.success ? parsed.data : null;
}

/** The id from a page's `params.callId` (which Next hands over percent-encoded); null when no call can have it. */
export function callIdFromPageParam(param: string): string | null {
  const decoded = decodeOnce(param);
  return decoded === null ? null : callIdFromRouteParam(decoded);
}

/**
 * The id from `generateMetadata`'s `params.callId`, for the title only. Next 16.2–16.4 decodes it and a fix may encode
 * it again (see above), so a value that is exactly what `encodeURIComponent` makes is taken as encoded. An id that is
 * itself such a string (say `a%2Bb`) then gets a wrong title, never a wrong page.
 */
export function callIdFromMetadataParam(param: string): string {
  const decoded = decodeOnce(param);
  return decoded !== null && encodeURIComponent(decoded) === param ? decoded : param;
}

function decodeOnce(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
