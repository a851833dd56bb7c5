/** The body of `GET /api/calls/{callId}/export`: who asks, the call, the format; a streamed download or a JSON refusal. */
import { callIdFromRouteParam } from '../../lib/call-path';
import { getRuntime } from '../runtime';
import { INVALID_CALL_ID, type CallRouteContext } from './control-route';
import { exportResponse } from './export-response';
import { jsonResult } from './json-result';
import { authorizeCall, authorizeRequest } from './authorize-request';

export async function runExport(request: Request, context: CallRouteContext): Promise<Response> {
  const allowed = await authorizeRequest(request, 'export');
  if (!allowed.ok) return allowed.response;
  const callId = callIdFromRouteParam((await context.params).callId);
  if (callId === null) return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: INVALID_CALL_ID } });
  const who = await authorizeCall(request, callId, 'export');
  if (!who.ok) return who.response;
  const actor = who.actor.username;
  const answer = await getRuntime().exports.start(actor, callId, new URL(request.url).searchParams);
  if (!answer.ok) return jsonResult(answer.status, { ok: false, error: answer.error });
  return exportResponse(answer.file);
}
