import { headers } from 'next/headers';
import { jsonResult } from '@/server/http/json-result';
import { SUPERVISOR_HEADER } from '@/server/http/request-gate';

export const dynamic = 'force-dynamic';

export async function GET() {
  return jsonResult(200, { ok: true, data: { username: (await headers()).get(SUPERVISOR_HEADER) } });
}
