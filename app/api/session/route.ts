import { headers } from 'next/headers';
import { permissionsOf } from '@/lib/permissions';
import { resolveActor } from '@/server/auth/authorization';
import { jsonResult } from '@/server/http/json-result';
import { SUPERVISOR_HEADER } from '@/server/http/request-gate';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Who is logged in, their role and what it permits (SessionView in lib/users.ts): the UI disables the rest. */
export async function GET() {
  const actor = await resolveActor(getRuntime().users.store, (await headers()).get(SUPERVISOR_HEADER));
  if (actor === null) return jsonResult(401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });
  return jsonResult(200, { ok: true, data: { username: actor.username, role: actor.role, permissions: permissionsOf(actor.role) } });
}
