import { jsonResult } from '@/server/http/json-result';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Calls erased on request, newest first (`limit`, default 100): who, when, why. */
export async function GET(request: Request) {
  const answer = await getRuntime().history.listErasures(new URL(request.url).searchParams);
  return jsonResult(answer.status, answer.result);
}
