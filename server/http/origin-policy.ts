/**
 * Cross-site request forgery defence: a browser names the page that made a request in `Origin`, and another
 * site cannot forge it. State-changing HTTP requests and socket.io handshakes are only accepted from Earshot's
 * own origin, PUBLIC_BASE_URL's and ALLOWED_ORIGINS. SameSite=Lax cookies alone are not enough: they are sent
 * by same-site pages on other origins (a sibling subdomain), and they are no defence for the login route.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { headerList } from './client-address';

export interface OriginRule {
  /** Reverse proxies trusted for X-Forwarded-Proto / X-Forwarded-Host (TRUST_PROXY). */
  trustProxy: number;
  /** Normalised origins (`https://host[:port]`) accepted besides the request's own. */
  allowedOrigins: ReadonlySet<string>;
}

export interface OriginRequest {
  headers: IncomingHttpHeaders;
  /** True when this server terminated TLS itself. */
  encrypted: boolean;
}

export type OriginVerdict = { ok: true } | { ok: false; origin: string | null };

export function originRule(options: { trustProxy: number; publicBaseUrl: string | undefined; allowedOrigins: readonly string[] }): OriginRule {
  const allowed = new Set(options.allowedOrigins.map((origin) => toOrigin(origin)).filter((origin) => origin !== undefined));
  const publicOrigin = options.publicBaseUrl === undefined ? undefined : toOrigin(options.publicBaseUrl);
  if (publicOrigin !== undefined) allowed.add(publicOrigin);
  return { trustProxy: options.trustProxy, allowedOrigins: allowed };
}

/** Methods that never change state and are never refused for their origin. */
export function isSafeMethod(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * The shared rule for HTTP and socket.io. No `Origin` at all is accepted unless Sec-Fetch-Site says the request
 * is cross-site: non-browser clients (curl, ACS, scripts) send neither header, and browsers always send Origin
 * on POST and WebSocket requests, so a forged one cannot come without it.
 */
export function checkOrigin(req: OriginRequest, rule: OriginRule): OriginVerdict {
  const origin = single(req.headers.origin);
  if (origin === undefined) {
    return single(req.headers['sec-fetch-site'])?.toLowerCase() === 'cross-site' ? { ok: false, origin: null } : { ok: true };
  }
  const normalised = toOrigin(origin);
  if (normalised !== undefined && (rule.allowedOrigins.has(normalised) || ownOrigins(req, rule).includes(normalised))) return { ok: true };
  // Shown in logs: cut to a sane length, it comes from the client.
  return { ok: false, origin: origin.slice(0, 200) };
}

/** The origins this request was addressed to: scheme + Host, and what trusted proxies say the client used. */
function ownOrigins(req: OriginRequest, rule: OriginRule): string[] {
  const origins: string[] = [];
  const scheme = req.encrypted ? 'https' : 'http';
  const host = single(req.headers.host);
  const own = host === undefined ? undefined : toOrigin(`${scheme}://${host}`);
  if (own !== undefined) origins.push(own);
  if (rule.trustProxy > 0) {
    const proto = trustedEntry(req.headers['x-forwarded-proto'], rule.trustProxy)?.toLowerCase() ?? scheme;
    const forwardedHost = trustedEntry(req.headers['x-forwarded-host'], rule.trustProxy) ?? host;
    const forwarded = forwardedHost === undefined || (proto !== 'http' && proto !== 'https') ? undefined : toOrigin(`${proto}://${forwardedHost}`);
    if (forwarded !== undefined) origins.push(forwarded);
  }
  return origins;
}

/**
 * Proxies that append write one entry each, so the trusted one is `trustProxy` places from the right; proxies that
 * overwrite leave a single entry, which is then the outermost proxy's.
 */
function trustedEntry(value: string | string[] | undefined, trustProxy: number): string | undefined {
  const entries = headerList(value);
  return entries.length >= trustProxy ? entries[entries.length - trustProxy] : entries[0];
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `scheme://host[:port]` with default ports dropped, or undefined for anything that is not an http(s) origin. */
function toOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
