/**
 * Who may read /metrics. With METRICS_TOKEN set, whoever sends it as a Bearer token, from anywhere. Without it, only
 * a client on this machine: the TCP peer must be a loopback address (X-Forwarded-For proves nothing, a client
 * writes it), and the request must not carry a proxy's forwarding headers — a reverse proxy on the same host would
 * otherwise make every outside request look local.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIPv4 } from 'node:net';
import { normalizeAddress } from '../http/client-address';

export type MetricsAccess = 'allowed' | 'unauthorized' | 'forbidden';

export interface MetricsRequest {
  /** `req.socket.remoteAddress`. */
  peerAddress: string | undefined;
  headers: IncomingHttpHeaders;
}

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** Decides once per request; `token` comes from metricsTokenCheck so its digest is computed once at start. */
export function metricsAccess(request: MetricsRequest, token: MetricsToken | null): MetricsAccess {
  if (token !== null) return token.matches(request.headers.authorization) ? 'allowed' : 'unauthorized';
  if (FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined)) return 'forbidden';
  return isLoopback(request.peerAddress) ? 'allowed' : 'forbidden';
}

export function isLoopback(address: string | undefined): boolean {
  const normalized = normalizeAddress(address ?? '');
  if (normalized === undefined) return false;
  return isIPv4(normalized) ? normalized.startsWith('127.') : normalized === '::1';
}

export interface MetricsToken {
  matches(authorization: string | undefined): boolean;
}

/**
 * Compares SHA-256 digests with timingSafeEqual: equal lengths whatever was sent, so neither the token's
 * characters nor its length leak through timing.
 */
export function metricsToken(secret: string): MetricsToken {
  const expected = digest(secret);
  return {
    matches(authorization) {
      const presented = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
      // Compared even when absent, so a missing header costs the same as a wrong one.
      return timingSafeEqual(digest(presented ?? ''), expected) && presented !== undefined;
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
