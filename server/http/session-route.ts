/** The bodies of `GET /api/session` (who am I, what may I do) and `POST /api/session/password` (change my password). */
import { permissionsOf } from '../../lib/permissions';
import { UNASSIGNED_TEAM_ID, UNASSIGNED_TEAM_NAME } from '../../lib/team-match';
import { ChangePasswordSchema, validationError, type SessionView } from '../../lib/users';
import { resolveActor } from '../auth/authorization';
import { readSessionCookie } from '../auth/session-cookie';
import { hashSessionToken } from '../auth/supervisor-auth';
import { getRuntime } from '../runtime';
import { readJsonBody } from './control-route';
import { jsonResult } from './json-result';
import { CLIENT_ADDRESS_HEADER, SUPERVISOR_HEADER } from './request-gate';

const unauthorized = () => jsonResult(401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });

/** The layout's view of the logged-in user (role and permissions), or null. */
export async function sessionViewOf(username: string | null): Promise<SessionView | null> {
  const store = getRuntime().users.store;
  const actor = await resolveActor(store, username);
  if (actor === null) return null;
  const all = [...(await store.listTeams()).map((team) => ({ id: team.id, name: team.name })), { id: UNASSIGNED_TEAM_ID, name: UNASSIGNED_TEAM_NAME }];
  const teams = actor.role === 'admin' ? all : all.filter((team) => actor.teamIds.includes(team.id));
  return { username: actor.username, role: actor.role, permissions: permissionsOf(actor.role), teams };
}

export async function sessionView(request: Request): Promise<Response> {
  const actor = await resolveActor(getRuntime().users.store, request.headers.get(SUPERVISOR_HEADER));
  if (actor === null) return unauthorized();
  return jsonResult(200, { ok: true, data: { username: actor.username, role: actor.role, permissions: permissionsOf(actor.role) } });
}

export async function changeOwnPassword(request: Request): Promise<Response> {
  const runtime = getRuntime();
  const actor = await resolveActor(runtime.users.store, request.headers.get(SUPERVISOR_HEADER));
  const token = readSessionCookie(request.headers.get('cookie') ?? undefined);
  if (actor === null || token === undefined) return unauthorized();
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = ChangePasswordSchema.safeParse(read.body);
  if (!parsed.success) return jsonResult(400, { ok: false, error: validationError(parsed.error) });
  if (await runtime.users.store.hasIdentity(actor.username)) {
    return jsonResult(409, { ok: false, error: { code: 'sso_account', message: 'You sign in with single sign-on: your password is changed at your identity provider, not in Earshot.' } });
  }
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
