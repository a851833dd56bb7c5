/**
 * Who is asking, and may they: the one place route handlers decide permissions. The request gate has already
 * resolved the session to a username; the role, teams and the disabled flag are read from the store on each
 * sensitive request, so a role change or a disabled account counts at once on every instance.
 */
import { can, refusalReason, type Permission, type Role } from '../../lib/permissions';
import { jsonResult } from '../http/json-result';
import { SUPERVISOR_HEADER } from '../http/request-gate';
import type { CallStore } from '../store/call-store';

export interface Actor {
  username: string;
  role: Role;
  teamIds: string[];
}

export type Authorization = { ok: true; actor: Actor } | { ok: false; response: Response };

const UNAUTHORIZED = () => jsonResult(401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });

/** The logged-in, enabled user behind the request, or null. */
export async function resolveActor(store: CallStore, username: string | null): Promise<Actor | null> {
  if (!username) return null;
  const user = await store.getUser(username);
  if (user === null || user.disabled) return null;
  return { username: user.username, role: user.role, teamIds: user.teamIds };
}

/** The actor when they hold `permission` (or only logged in, without one); else the 401 / 403 answer. */
export async function authorize(request: Request, store: CallStore, permission?: Permission): Promise<Authorization> {
  const actor = await resolveActor(store, request.headers.get(SUPERVISOR_HEADER));
  if (actor === null) return { ok: false, response: UNAUTHORIZED() };
  if (permission !== undefined && !can(actor.role, permission)) {
    return { ok: false, response: jsonResult(403, { ok: false, error: { code: 'forbidden', message: refusalReason(actor.role, permission) } }) };
  }
  return { ok: true, actor };
}
