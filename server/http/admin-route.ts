/** The shared body of the `/api/admin/*` route handlers: the admin check, the JSON body, the answer. */
import type { Permission } from '../../lib/permissions';
import { authorize } from '../auth/authorization';
import type { AdminAnswer, UserAdmin } from '../auth/user-admin';
import { getRuntime } from '../runtime';
import { readJsonBody } from './control-route';
import { jsonResult } from './json-result';

/** What Next passes the `[id]` route handlers under `app/api/admin/`. */
export interface AdminIdContext {
  params: Promise<{ id: string }>;
}

const MAX_ID_CHARS = 256;

export async function runAdmin<T>(
  request: Request,
  permission: Permission,
  work: (users: UserAdmin, actor: string, body: unknown) => Promise<AdminAnswer<T>>,
  options: { body?: boolean; context?: AdminIdContext } = {},
): Promise<Response> {
  const users = getRuntime().users;
  const who = await authorize(request, users.store, permission);
  if (!who.ok) return who.response;
  let body: unknown = undefined;
  if (options.body === true) {
    const read = await readJsonBody(request);
    if (!read.ok) return read.response;
    body = read.body;
  }
  const answer = await work(users, who.actor.username, body);
  return jsonResult(answer.status, answer.result);
}

/** The `[id]` segment (a username or a team id), or null when no account or team can have it. */
export async function adminRouteId(context: AdminIdContext): Promise<string | null> {
  const id = (await context.params).id;
  return id.length === 0 || id.length > MAX_ID_CHARS ? null : id;
}

export const INVALID_ID: AdminAnswer<never> = { status: 400, result: { ok: false, error: { code: 'invalid_request', message: `An id is 1 to ${MAX_ID_CHARS} characters.` } } };
