/** Route handlers' permission check against the running server's store (see server/auth/authorization.ts). */
import type { Permission } from '../../lib/permissions';
import { callNotFound } from '../auth/call-access';
import { authorize, type Authorization } from '../auth/authorization';
import { getRuntime } from '../runtime';

export function authorizeRequest(request: Request, permission?: Permission): Promise<Authorization> {
  return authorize(request, getRuntime().users.store, permission);
}

/**
 * For a route about one call: 401 without a session, 403 without the permission (a role's, whatever the call), then
 * 404 when the call does not exist or is outside the asker's teams (server/auth/call-visibility.ts).
 */
export async function authorizeCall(request: Request, callId: string, permission?: Permission): Promise<Authorization> {
  const who = await authorizeRequest(request, permission);
  if (!who.ok) return who;
  if (!(await getRuntime().visibility.sees(who.actor, callId))) return { ok: false, response: callNotFound(callId) };
  return who;
}
