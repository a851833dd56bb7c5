/** Clock-style formatting for call time, durations and wall-clock times. */

/**
 * Offsets are measured from the start of the transcription stream, so anything beyond a week is not a
 * stream offset: ACS's own sample packet carries 2516998782481234400 ticks (about 8,000 years). Such offsets
 * are shown relative to the call's first segment instead.
 */
export const IMPLAUSIBLE_OFFSET_MS = 7 * 24 * 60 * 60 * 1000;

export function isImplausibleOffset(offsetMs: number): boolean {
  return offsetMs >= IMPLAUSIBLE_OFFSET_MS;
}

/** The origin for implausible offsets: the smallest implausible offset seen so far (the first segment's, in practice). */
export function nextOffsetOrigin(origin: number | null, offsetMs: number): number | null {
  if (!isImplausibleOffset(offsetMs)) return origin;
  return origin === null ? offsetMs : Math.min(origin, offsetMs);
}

/** Milliseconds of call time for a segment offset: as is when plausible, else relative to `originMs`. */
export function callTimeMs(offsetMs: number, originMs: number | null): number {
  if (!Number.isFinite(offsetMs)) return 0;
  if (!isImplausibleOffset(offsetMs)) return Math.max(0, offsetMs);
  return Math.max(0, offsetMs - (originMs ?? offsetMs));
}

/** `m:ss` padded to `mm:ss`, or `h:mm:ss` past an hour. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ss = String(seconds).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
  return `${String(minutes).padStart(2, '0')}:${ss}`;
}

export function formatCallTime(offsetMs: number, originMs: number | null): string {
  return formatClock(callTimeMs(offsetMs, originMs));
}

/** How long a call has lasted: until it ended, else until `now`. */
export function callDurationMs(startedAt: number, endedAt: number | null, now: number): number {
  return Math.max(0, (endedAt ?? now) - startedAt);
}

const TIME_OF_DAY = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatTimeOfDay(epochMs: number): string {
  return TIME_OF_DAY.format(epochMs);
}

export function formatDateTime(epochMs: number): string {
  return DATE_TIME.format(epochMs);
}

/** "3 min ago"-style age for ended calls; coarse on purpose, it only orders the supervisor's memory. */
export function formatAge(epochMs: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - epochMs) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}
