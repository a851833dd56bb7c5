import { authorizeRequest } from '@/server/http/authorize-request';
import { jsonResult } from '@/server/http/json-result';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/**
 * Calls erased on request, newest first (`limit`, default 100): who, when, why. For those who may erase (admins): an
 * erased call has no teams left to scope its entry by, and the reason may name a person.
 */
export async function GET(request: Request) {
  const who = await authorizeRequest(request, 'erase');
  if (!who.ok) return who.response;
  const answer = await getRuntime().history.listErasures(new URL(request.url).searchParams);
  return jsonResult(answer.status, answer.result);
}
