/** The shared body of every call-control route handler: who is asking, the call, the JSON body, the result envelope. */
import { ControlError, isControlError } from '../calls/call-control';
import { callIdFromRouteParam } from '../../lib/call-path';
import type { ControlAccepted } from '../../lib/protocol';
import { getRuntime, type EarshotRuntime } from '../runtime';
import { jsonResult } from './json-result';
import { readRequestText, SUPERVISOR_BODY_LIMIT_BYTES, tooLargeError } from './read-body';
import { authorizeRequest } from './authorize-request';
import { callNotFound } from '../auth/call-access';
import type { Actor } from '../auth/authorization';

/** What Next passes a route handler under `app/api/calls/[callId]/`. */
export interface CallRouteContext {
  params: Promise<{ callId: string }>;
}

export async function runControl(
  request: Request,
  successStatus: 201 | 202,
  action: (runtime: EarshotRuntime, actor: string, body: unknown, asker: Actor) => Promise<ControlAccepted>,
  options: { callId?: string | null } = {},
): Promise<Response> {
  // Every control (hang up, transcription, summaries, placing, connecting, answering) needs the control permission;
  // one on a call also needs the call to be in the asker's teams (404 otherwise, as for a missing call).
  const who = await authorizeRequest(request, 'control');
  if (!who.ok) return who.response;
  const actor = who.actor.username;
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  if (options.callId && !(await getRuntime().visibility.sees(who.actor, options.callId))) return callNotFound(options.callId);
  // A team given to a new call (place, connect, answer): one of the asker's own, or any for an admin.
  const teamId = assignedTeamOf(read.body);
  if (teamId !== undefined && (typeof teamId !== 'string' || !getRuntime().visibility.mayAssign(who.actor, teamId))) {
    return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: 'teamId: not a team you are in.' } });
  }
  try {
    return jsonResult(successStatus, { ok: true, data: await action(getRuntime(), actor, read.body, who.actor) });
  } catch (error) {
    if (isControlError(error)) return jsonResult(error.status, { ok: false, error: { code: error.code, message: error.message } });
    throw error;
  }
}

/** An operation on one call: the id comes from the route's `[callId]` segment (see lib/call-path.ts). */
export async function runCallControl(
  request: Request,
  context: CallRouteContext,
  action: (runtime: EarshotRuntime, actor: string, callId: string, body: unknown) => Promise<ControlAccepted>,
): Promise<Response> {
  const callId = callIdFromRouteParam((await context.params).callId);
  return runControl(
    request,
    202,
    async (runtime, actor, body) => {
      if (callId === null) throw new ControlError(400, 'invalid_request', INVALID_CALL_ID);
      return action(runtime, actor, callId, body);
    },
    { callId },
  );
}

/** The body's `teamId`, if it has one (the schemas of place, connect and answer accept it). */
function assignedTeamOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'teamId' in body ? (body as { teamId: unknown }).teamId : undefined;
}

/** Why a `[callId]` that no call can have (longer than 256 characters) gets 400 `invalid_request`. */
export const INVALID_CALL_ID = 'A call id is 1 to 256 characters.';

/** A supervisor's JSON body, at most 64 KiB; an empty body is `{}`. */
export async function readJsonBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const read = await readRequestText(request, SUPERVISOR_BODY_LIMIT_BYTES);
  if (!read.ok) return { ok: false, response: jsonResult(413, { ok: false, error: tooLargeError(read.limitBytes) }) };
  if (read.text.trim() === '') return { ok: true, body: {} };
  try {
    return { ok: true, body: JSON.parse(read.text) as unknown };
  } catch {
    return { ok: false, response: jsonResult(400, { ok: false, error: { code: 'invalid_request', message: 'The body is not valid JSON.' } }) };
  }
}

/** A refusal a route handler decides itself (answered with the same envelope as the services' refusals). */
export function controlRefusal(status: number, code: string, message: string): Error {
  return new ControlError(status, code, message);
}
