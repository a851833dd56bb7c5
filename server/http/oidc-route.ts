/**
 * `GET /api/auth/oidc/start?next=/path` and `GET /api/auth/oidc/callback`: single sign-on's two browser stops
 * (server/auth/oidc-sign-in.ts does the work). Both answer with redirects: a failure lands on /login with an error
 * code the page turns into a fixed message (lib/sign-in-errors.ts), never a stack trace.
 */
import { safeNextPath } from '../../lib/safe-next-path';
import type { SignInError } from '../../lib/sign-in-errors';
import { clearedTransactionCookie, OIDC_TRANSACTION_COOKIE } from '../auth/oidc-transaction';
import { readCookie, sessionCookie } from '../auth/session-cookie';
import { getRuntime } from '../runtime';
import { jsonResult } from './json-result';

const notConfigured = () => jsonResult(404, { ok: false, error: { code: 'not_found', message: 'Single sign-on is not configured (OIDC_ISSUER).' } });

/** A relative Location: the browser resolves it against the address it used, whatever proxies sit in front. */
function redirect(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}

const toLogin = (error: SignInError, cookies: string[] = []) => redirect(`/login?error=${error}`, cookies);

export async function startOidc(request: Request): Promise<Response> {
  const oidc = getRuntime().signIn.oidc;
  if (oidc === null) return notConfigured();
  const started = await oidc.start(safeNextPath(new URL(request.url).searchParams.get('next')));
  return started.ok ? redirect(started.location, [started.cookie]) : toLogin(started.error);
}

export async function finishOidc(request: Request): Promise<Response> {
  const runtime = getRuntime();
  const oidc = runtime.signIn.oidc;
  if (oidc === null) return notConfigured();
  // The transaction is over whatever happens: its cookie goes.
  const cleared = clearedTransactionCookie(runtime.cookies.secure);
  const finished = await oidc.finish(new URL(request.url).searchParams, readCookie(request.headers.get('cookie') ?? undefined, OIDC_TRANSACTION_COOKIE));
  if (!finished.ok) return toLogin(finished.error, [cleared]);
  return redirect(finished.next, [cleared, sessionCookie(finished.token, runtime.cookies.maxAgeSeconds, runtime.cookies.secure)]);
}
