import { z } from 'zod';
import { callIdFromRouteParam } from '@/lib/call-path';
import { INVALID_CALL_ID, readJsonBody, type CallRouteContext } from '@/server/http/control-route';
import { authorizeCall, authorizeRequest } from '@/server/http/authorize-request';
import { jsonResult } from '@/server/http/json-result';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

const QuerySchema = z.object({ afterSeq: z.coerce.number().int().nonnegative().default(0) });

/** The call's history after `afterSeq`, as `call:open` answers it. */
export async function GET(request: Request, context: CallRouteContext) {
  const callId = callIdFromRouteParam((await context.params).callId);
  if (callId === null) return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: INVALID_CALL_ID } });
  const query = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: 'afterSeq must be a non-negative integer.' } });
  // A call outside the asker's teams: 404, exactly as a missing one.
  const who = await authorizeCall(request, callId);
  if (!who.ok) return who.response;
  const history = await getRuntime().calls.history(callId, query.data.afterSeq);
  if (!history) return jsonResult(404, { ok: false, error: { code: 'not_found', message: `No call ${callId}.` } });
  return jsonResult(200, { ok: true, data: history });
}

/** Erases an ended call and everything attached to it (a data-subject request); body `{ reason? }`. 409 while live. */
export async function DELETE(request: Request, context: CallRouteContext) {
  const who = await authorizeRequest(request, 'erase');
  if (!who.ok) return who.response;
  const actor = who.actor.username;
  const callId = callIdFromRouteParam((await context.params).callId);
  if (callId === null) return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: INVALID_CALL_ID } });
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const answer = await getRuntime().history.erase(callId, actor, getRuntime().visibility.scopeOf(who.actor), read.body);
  return jsonResult(answer.status, answer.result);
}
