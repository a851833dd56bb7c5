import { LoginRequestSchema } from '@/lib/protocol';
import { jsonResult } from '@/server/http/json-result';
import { readRequestText, SUPERVISOR_BODY_LIMIT_BYTES, tooLargeError } from '@/server/http/read-body';
import { getRuntime } from '@/server/runtime';
import { sessionCookie } from '@/server/auth/session-cookie';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const read = await readRequestText(request, SUPERVISOR_BODY_LIMIT_BYTES);
  if (!read.ok) return jsonResult(413, { ok: false, error: tooLargeError(read.limitBytes) });
  const parsed = LoginRequestSchema.safeParse(parseJson(read.text));
  if (!parsed.success) return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: 'Send a JSON body with username and password.' } });
  const runtime = getRuntime();
  const clientKey = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? 'direct';
  const result = await runtime.auth.login(parsed.data.username, parsed.data.password, clientKey);
  if (!result.ok) return jsonResult(result.code === 'rate_limited' ? 429 : 401, { ok: false, error: { code: result.code, message: result.message } });
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
