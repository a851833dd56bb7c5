/**
 * The one authentication gate for everything Next serves. Pages without a session redirect to /login, API
 * routes answer 401 JSON. Authenticated requests carry the supervisor's name to route handlers and Server
 * Components in `x-earshot-supervisor`; a copy sent by the client is always removed first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SupervisorAuth } from '../auth/supervisor-auth';
import { readSessionCookie } from '../auth/session-cookie';

export const SUPERVISOR_HEADER = 'x-earshot-supervisor';

/** ACS's webhooks authenticate with their own JWT or secret, not a supervisor session. */
const PUBLIC_EXACT = new Set(['/login', '/api/auth/login', '/api/auth/logout', '/api/health', '/api/acs/callbacks', '/api/acs/incoming-call', '/favicon.ico', '/icon.svg', '/robots.txt']);
/** Built JavaScript, CSS and fonts: application code, no call data. */
const PUBLIC_PREFIXES = ['/_next/static/', '/_next/image', '/__nextjs', '/_next/webpack-hmr', '/_next/hmr'];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_EXACT.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/** Returns true when the request may go on to Next; otherwise it has been answered. */
export async function gateRequest(req: IncomingMessage, res: ServerResponse, auth: SupervisorAuth): Promise<boolean> {
  delete req.headers[SUPERVISOR_HEADER];
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const supervisor = await auth.authenticate(readSessionCookie(req.headers.cookie));
  if (supervisor !== null) {
    req.headers[SUPERVISOR_HEADER] = supervisor;
    return true;
  }
  if (isPublicPath(url.pathname)) return true;
  if (url.pathname.startsWith('/api/')) {
    res.writeHead(401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ ok: false, error: { code: 'unauthorized', message: 'Log in first.' } }));
    return false;
  }
  const next = url.pathname + url.search;
  res.writeHead(302, { location: `/login?next=${encodeURIComponent(next)}`, 'cache-control': 'no-store' });
  res.end();
  return false;
}
