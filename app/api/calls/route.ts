import { jsonResult } from '@/server/http/json-result';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export async function GET() {
  return jsonResult(200, { ok: true, data: { calls: await getRuntime().calls.listCalls() } });
}
