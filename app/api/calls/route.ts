import { runControl } from '@/server/http/control-route';
import { jsonResult } from '@/server/http/json-result';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export async function GET() {
  return jsonResult(200, { ok: true, data: { calls: await getRuntime().calls.listCalls() } });
}

/** Place a call (createCall) with transcription options. */
export async function POST(request: Request) {
  return runControl(request, 201, ({ control }, actor, body) => control.placeCall(actor, body));
}
