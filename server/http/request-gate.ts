/**
 * The one gate for everything Next serves, run before Next on every request:
 * - internal headers a client sent are removed first, so only the gate ever sets them;
 * - the client's address is worked out once (TCP peer, or X-Forwarded-For behind TRUST_PROXY trusted proxies)
 *   and handed to route handlers in `x-earshot-client-address`; route handlers never read X-Forwarded-For;
 * - state-changing requests (every method but GET / HEAD / OPTIONS) from a foreign Origin get 403, except ACS's
 *   server-to-server webhooks, which authenticate with their own JWT or secret;
 * - pages without a session redirect to /login, API routes answer 401 JSON; authenticated requests carry the
 *   supervisor's name in `x-earshot-supervisor`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { SupervisorAuth } from '../auth/supervisor-auth';
import { readSessionCookie } from '../auth/session-cookie';
import type { RateLimitedLog } from '../log';
import { resolveClientAddress } from './client-address';
import { checkOrigin, isSafeMethod, type OriginRule } from './origin-policy';

export const SUPERVISOR_HEADER = 'x-earshot-supervisor';
export const CLIENT_ADDRESS_HEADER = 'x-earshot-client-address';
const INTERNAL_HEADERS = [SUPERVISOR_HEADER, CLIENT_ADDRESS_HEADER] as const;

/** ACS's webhooks authenticate with their own JWT or secret, not a supervisor session. */
const ACS_WEBHOOKS = new Set(['/api/acs/callbacks', '/api/acs/incoming-call']);
/** The single sign-on start and the provider's redirect back come before there is a session. */
export const OIDC_PATHS = ['/api/auth/oidc/start', '/api/auth/oidc/callback'];
const PUBLIC_EXACT = new Set(['/login', '/api/auth/login', '/api/auth/logout', '/api/health', ...OIDC_PATHS, ...ACS_WEBHOOKS, '/favicon.ico', '/icon.svg', '/robots.txt']);
/** Built JavaScript, CSS and fonts: application code, no call data. */
const PUBLIC_PREFIXES = ['/_next/static/', '/_next/image', '/__nextjs', '/_next/webpack-hmr', '/_next/hmr'];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_EXACT.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

export interface RequestGate {
  auth: SupervisorAuth;
  /** TRUST_PROXY: reverse proxies trusted for X-Forwarded-* headers. */
  trustProxy: number;
  origins: OriginRule;
  /** Refusals are logged at most once per window: a flood of forged requests must not flood the log. */
  warnings: RateLimitedLog;
}

export function isTlsRequest(req: IncomingMessage): boolean {
  return (req.socket as Partial<TLSSocket>).encrypted === true;
}

/** Returns true when the request may go on to Next; otherwise it has been answered. */
export async function gateRequest(req: IncomingMessage, res: ServerResponse, gate: RequestGate): Promise<boolean> {
  for (const header of INTERNAL_HEADERS) delete req.headers[header];
  req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress({
    peerAddress: req.socket.remoteAddress,
    forwardedFor: req.headers['x-forwarded-for'],
    trustProxy: gate.trustProxy,
  });
  const url = new URL(req.url ?? '/', 'http://placeholder');

  if (!isSafeMethod(req.method) && !ACS_WEBHOOKS.has(url.pathname)) {
    const verdict = checkOrigin({ headers: req.headers, encrypted: isTlsRequest(req) }, gate.origins);
    if (!verdict.ok) {
      gate.warnings.warn('forbidden_origin', { method: req.method, path: url.pathname, origin: verdict.origin }, 'refused a request from a foreign origin');
      sendJson(res, 403, { ok: false, error: { code: 'forbidden_origin', message: 'This request came from another site and was refused.' } });
      return false;
    }
  }

  const supervisor = await gate.auth.authenticate(readSessionCookie(req.headers.cookie));
  if (supervisor !== null) {
    req.headers[SUPERVISOR_HEADER] = supervisor;
    return true;
  }
  if (isPublicPath(url.pathname)) return true;
  if (url.pathname.startsWith('/api/')) {
    sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });
    return false;
  }
  const next = url.pathname + url.search;
  res.writeHead(302, { location: `/login?next=${encodeURIComponent(next)}`, 'cache-control': 'no-store' });
  res.end();
  return false;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
