import { isHistoryRequest } from '@/lib/call-history-filter';
import { authorizeRequest } from '@/server/http/authorize-request';
import { runControl } from '@/server/http/control-route';
import { jsonResult } from '@/server/http/json-result';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/**
 * Without parameters: the newest calls, as always. With any of `state, from, to, language, sentiment, participant,
 * hasAlerts, text, limit, cursor`: the filtered history, a page of call-list rows and `nextCursor`. Either way only
 * calls in the asker's teams (admins: every call).
 */
export async function GET(request: Request) {
  const who = await authorizeRequest(request);
  if (!who.ok) return who.response;
  const { history, calls, visibility } = getRuntime();
  const params = new URL(request.url).searchParams;
  if (isHistoryRequest(params)) {
    const answer = await history.listPage(params, visibility.scopeOf(who.actor));
    return jsonResult(answer.status, answer.result);
  }
  // The newest CALL_LIST_LIMIT calls, then the asker's among them: this old list is bounded and unpaged (the history pages).
  const newest = await calls.listCalls();
  const visible = await visibility.visibleAmong(who.actor, newest.map((call) => call.callId));
  return jsonResult(200, { ok: true, data: { calls: newest.filter((call) => visible.has(call.callId)) } });
}

/** Place a call (createCall) with transcription options and an optional `teamId` (one of the asker's teams). */
export async function POST(request: Request) {
  return runControl(request, 201, ({ control }, actor, body) => control.placeCall(actor, body));
}
