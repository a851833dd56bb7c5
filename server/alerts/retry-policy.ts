/**
 * When a failed webhook attempt is tried again: exponential backoff with jitter (so many alerts that failed together
 * do not retry together), a cap, and an attempt limit. The default tries 8 times over about 50 minutes:
 * 1 s, 4 s, 16 s, 64 s, ~4 min, ~17 min, 30 min (each ±20 %). Tests pass a schedule of milliseconds.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait after the first failed attempt. */
  baseDelayMs: number;
  /** Each wait is this many times the one before… */
  factor: number;
  /** …up to this. */
  maxDelayMs: number;
  /** ± this fraction of each wait, at random. */
  jitter: number;
  /** A receiver's Retry-After is honoured up to this (a longer one waits this long). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  factor: 4,
  maxDelayMs: 30 * 60_000,
  jitter: 0.2,
  maxRetryAfterMs: 60 * 60_000,
};

/** The wait before attempt `attempts + 1`, after `attempts` failed ones (1 or more); null when none is left. */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const plain = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** Math.max(0, attempts - 1));
  const spread = plain * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(plain + spread));
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
