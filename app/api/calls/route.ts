import { isHistoryRequest } from '@/lib/call-history-filter';
import { runControl } from '@/server/http/control-route';
import { jsonResult } from '@/server/http/json-result';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/**
 * Without parameters: the newest calls, as always. With any of `state, from, to, language, sentiment, participant,
 * hasAlerts, text, limit, cursor`: the filtered history, a page of call-list rows and `nextCursor`.
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  if (isHistoryRequest(params)) {
    const answer = await getRuntime().history.listPage(params);
    return jsonResult(answer.status, answer.result);
  }
  return jsonResult(200, { ok: true, data: { calls: await getRuntime().calls.listCalls() } });
}

/** Place a call (createCall) with transcription options. */
export async function POST(request: Request) {
  return runControl(request, 201, ({ control }, actor, body) => control.placeCall(actor, body));
}
