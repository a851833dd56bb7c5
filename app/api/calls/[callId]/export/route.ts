import { callIdFromRouteParam } from '@/lib/call-path';
import { exportResponse } from '@/server/export/export-response';
import { INVALID_CALL_ID, type CallRouteContext } from '@/server/http/control-route';
import { jsonResult } from '@/server/http/json-result';
import { SUPERVISOR_HEADER } from '@/server/http/request-gate';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** The call as a download: `?format=json|csv|txt|vtt|srt` (README, "Export"); written to the call's audit trail. */
export async function GET(request: Request, context: CallRouteContext) {
  const actor = request.headers.get(SUPERVISOR_HEADER);
  if (!actor) return jsonResult(401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });
  const callId = callIdFromRouteParam((await context.params).callId);
  if (callId === null) return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: INVALID_CALL_ID } });
  const answer = await getRuntime().exports.start(actor, callId, new URL(request.url).searchParams);
  if (!answer.ok) return jsonResult(answer.status, { ok: false, error: answer.error });
  return exportResponse(answer.file);
}
