/** The body of `GET /api/calls/{callId}/export`: who asks, the call, the format; a streamed download or a JSON refusal. */
import { callIdFromRouteParam } from '../../lib/call-path';
import { getRuntime } from '../runtime';
import { INVALID_CALL_ID, type CallRouteContext } from './control-route';
import { exportResponse } from './export-response';
import { jsonResult } from './json-result';
import { SUPERVISOR_HEADER } from './request-gate';

export async function runExport(request: Request, context: CallRouteContext): Promise<Response> {
  // The gate already refused requests without a session; this is the belt to its braces.
  const actor = request.headers.get(SUPERVISOR_HEADER);
  if (!actor) return jsonResult(401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });
  const callId = callIdFromRouteParam((await context.params).callId);
  if (callId === null) return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: INVALID_CALL_ID } });
  const answer = await getRuntime().exports.start(actor, callId, new URL(request.url).searchParams);
  if (!answer.ok) return jsonResult(answer.status, { ok: false, error: answer.error });
  return exportResponse(answer.file);
}
