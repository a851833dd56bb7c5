import { ChangePasswordSchema, validationError } from '@/lib/users';
import { resolveActor } from '@/server/auth/authorization';
import { readSessionCookie } from '@/server/auth/session-cookie';
import { hashSessionToken } from '@/server/auth/supervisor-auth';
import { readJsonBody } from '@/server/http/control-route';
import { jsonResult } from '@/server/http/json-result';
import { CLIENT_ADDRESS_HEADER, SUPERVISOR_HEADER } from '@/server/http/request-gate';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Change your own password: `{ currentPassword, newPassword }`. Rate-limited like login; your other sessions end. */
export async function POST(request: Request) {
  const runtime = getRuntime();
  const actor = await resolveActor(runtime.users.store, request.headers.get(SUPERVISOR_HEADER));
  const token = readSessionCookie(request.headers.get('cookie') ?? undefined);
  if (actor === null || token === undefined) return jsonResult(401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = ChangePasswordSchema.safeParse(read.body);
  if (!parsed.success) return jsonResult(400, { ok: false, error: validationError(parsed.error) });
  const changed = await runtime.auth.changePassword({
    username: actor.username,
    tokenHash: hashSessionToken(token),
    currentPassword: parsed.data.currentPassword,
    newPassword: parsed.data.newPassword,
    // Set by the request gate from the TCP peer (or trusted proxies); a client's own copy never gets this far.
    client: request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown',
  });
  if (changed.ok) return jsonResult(200, { ok: true, data: { changed: true } });
  if (changed.code === 'wrong_password') {
    return jsonResult(403, { ok: false, error: { code: changed.code, message: changed.message, fields: [{ path: 'currentPassword', message: 'That is not your current password.' }] } });
  }
  const response = jsonResult(429, { ok: false, error: { code: changed.code, message: changed.message } });
  response.headers.set('retry-after', String(changed.retryAfterSeconds));
  return response;
}
