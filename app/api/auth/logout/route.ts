import { SESSION_COOKIE } from '@/lib/protocol';
import { clearedSessionCookie } from '@/server/auth/session-cookie';
import { jsonResult } from '@/server/http/json-result';
import { getRuntime } from '@/server/runtime';
import { cookies } from 'next/headers';

export const dynamic = 'force-dynamic';

/** Ends the session. `data.redirect`: the provider's logout page to open next (OIDC_LOGOUT=provider), else null. */
export async function POST() {
  const runtime = getRuntime();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const session = await runtime.auth.session(token);
  await runtime.auth.logout(token);
  const redirect = session !== null && runtime.signIn.oidc !== null ? await runtime.signIn.oidc.providerLogoutUrl(session.username) : null;
  const response = jsonResult(200, { ok: true, data: { redirect } });
  response.headers.append('set-cookie', clearedSessionCookie(runtime.cookies.secure));
  return response;
}
