/**
 * ACS's signing keys, fetched from its JWKS and kept. jose's `createRemoteJWKSet` refetches once its cache is
 * older than `cacheMaxAge` and fails when that fetch fails, so an outage of the key endpoint would refuse every
 * call's stream and callback. Hand-written because no library keeps serving known keys through an outage:
 *
 * - keys are refreshed in the background of a verification once they are older than `refreshAfterMs`;
 * - when a refresh fails, keys that were fetched keep verifying for `maxStaleMs` after their fetch (then 503);
 * - a token whose `kid` is not among the keys triggers one refresh (ACS rotated its keys), at most once per
 *   `cooldownMs`; a `kid` still unknown after that is refused (401), never trusted.
 *
 * Key selection and import are jose's (`createLocalJWKSet` over the fetched set).
 */
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

export class JwksUnavailableError extends Error {
  constructor(readonly reason: 'jwks_unreachable' | 'jwks_timeout') {
    super(reason === 'jwks_timeout' ? 'The JWKS endpoint did not answer in time.' : 'The JWKS endpoint could not be reached.');
    this.name = 'JwksUnavailableError';
  }
}

export interface CachedJwksOptions {
  url: URL;
  timeoutMs?: number;
  /** Refresh keys older than this (default 10 minutes). */
  refreshAfterMs?: number;
  /** Keep verifying with keys this long after their fetch while the endpoint fails (default 24 h). */
  maxStaleMs?: number;
  /** At most one refresh per this long for an unknown kid or after a failure (default 30 s). */
  cooldownMs?: number;
  now?: () => number;
  /** Told when the endpoint fails and when it recovers (no key material). */
  onStatus?: (status: { ok: boolean; reason?: string; staleForMs?: number }) => void;
}

interface FetchedKeys {
  keys: JSONWebKeySet;
  getKey: JWTVerifyGetKey;
  fetchedAt: number;
}

export function createCachedJwks(options: CachedJwksOptions): JWTVerifyGetKey {
  const now = options.now ?? Date.now;
  const refreshAfterMs = options.refreshAfterMs ?? 10 * 60_000;
  const maxStaleMs = options.maxStaleMs ?? 24 * 3_600_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  let current: FetchedKeys | null = null;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let lastFailure: JwksUnavailableError | null = null;
  let inflight: Promise<void> | null = null;

  async function fetchKeys(): Promise<void> {
    lastAttemptAt = now();
    let response: Response;
    try {
      response = await fetch(options.url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5_000), headers: { accept: 'application/json' } });
    } catch (error) {
      throw new JwksUnavailableError(error instanceof Error && error.name === 'TimeoutError' ? 'jwks_timeout' : 'jwks_unreachable');
    }
    if (!response.ok) throw new JwksUnavailableError('jwks_unreachable');
    const body: unknown = await response.json().catch(() => null);
    if (!isKeySet(body)) throw new JwksUnavailableError('jwks_unreachable');
    current = { keys: body, getKey: createLocalJWKSet(body), fetchedAt: now() };
  }

  /** One refresh at a time; failures are remembered so a down endpoint is not hammered. */
  function refresh(): Promise<void> {
    if (!inflight) {
      inflight = fetchKeys()
        .then(() => {
          if (lastFailure !== null) options.onStatus?.({ ok: true });
          lastFailure = null;
        })
        .catch((error: unknown) => {
          lastFailure = error instanceof JwksUnavailableError ? error : new JwksUnavailableError('jwks_unreachable');
          options.onStatus?.({ ok: false, reason: lastFailure.reason, staleForMs: current ? now() - current.fetchedAt : undefined });
        })
        .finally(() => {
          inflight = null;
        });
    }
    return inflight;
  }

  const coolingDown = () => now() - lastAttemptAt < cooldownMs;

  /** Usable keys: fresh ones, or stale ones within `maxStaleMs` when refreshing failed. */
  async function usableKeys(): Promise<FetchedKeys> {
    const due = current === null || now() - current.fetchedAt >= refreshAfterMs;
    if (due && !(lastFailure !== null && coolingDown())) await refresh();
    if (current === null) throw lastFailure ?? new JwksUnavailableError('jwks_unreachable');
    if (now() - current.fetchedAt > maxStaleMs) throw lastFailure ?? new JwksUnavailableError('jwks_unreachable');
    return current;
  }

  return async (header, token) => {
    const keys = await usableKeys();
    try {
      return await keys.getKey(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || coolingDown()) throw error;
    }
    // An unknown kid: ACS may have rotated its keys. Look once; a kid still unknown is refused.
    await refresh();
    const after = current ?? keys;
    return after.getKey(header, token);
  };
}

function isKeySet(value: unknown): value is JSONWebKeySet {
  return typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys);
}
