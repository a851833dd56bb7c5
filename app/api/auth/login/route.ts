import { LoginRequestSchema } from '@/lib/protocol';
import { jsonResult } from '@/server/http/json-result';
import { readRequestText, SUPERVISOR_BODY_LIMIT_BYTES, tooLargeError } from '@/server/http/read-body';
import { CLIENT_ADDRESS_HEADER } from '@/server/http/request-gate';
import { getRuntime } from '@/server/runtime';
import { sessionCookie } from '@/server/auth/session-cookie';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const runtime = getRuntime();
  if (!runtime.signIn.local) {
    return jsonResult(403, { ok: false, error: { code: 'local_login_disabled', message: 'Password login is turned off here (LOCAL_LOGIN=off): sign in with single sign-on.' } });
  }
  const read = await readRequestText(request, SUPERVISOR_BODY_LIMIT_BYTES);
  if (!read.ok) return jsonResult(413, { ok: false, error: tooLargeError(read.limitBytes) });
  const parsed = LoginRequestSchema.safeParse(parseJson(read.text));
  if (!parsed.success) return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: 'Send a JSON body with username and password.' } });
  // Set by the request gate from the TCP peer (or trusted proxies); a client's own copy never gets this far.
  const client = request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
  const result = await runtime.auth.login(parsed.data.username, parsed.data.password, client);
  if (!result.ok) {
    const response = jsonResult(result.code === 'rate_limited' ? 429 : 401, { ok: false, error: { code: result.code, message: result.message } });
    if (result.code === 'rate_limited') response.headers.set('retry-after', String(result.retryAfterSeconds));
    return response;
  }
  const response = jsonResult(200, { ok: true, data: { username: result.username } });
  response.headers.append('set-cookie', sessionCookie(result.token, runtime.cookies.maxAgeSeconds, runtime.cookies.secure));
  return response;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
