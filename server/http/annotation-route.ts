/** The shared body of the annotation route handlers (`/api/calls/{callId}/annotations*`): who asks, the call, the answer. */
import { callIdFromRouteParam } from '../../lib/call-path';
import type { AnnotationAnswer, CallAnnotations } from '../annotations/call-annotations';
import { getRuntime } from '../runtime';
import { INVALID_CALL_ID, readJsonBody, type CallRouteContext } from './control-route';
import { jsonResult } from './json-result';
import { SUPERVISOR_HEADER } from './request-gate';
import { authorizeCall } from './authorize-request';

/** What Next passes a route handler under `app/api/calls/[callId]/annotations/[annotationId]/`. */
export interface AnnotationRouteContext {
  params: Promise<{ callId: string; annotationId: string }>;
}

const MAX_ANNOTATION_ID_CHARS = 64;

export async function runAnnotations<T>(
  request: Request,
  context: CallRouteContext,
  work: (annotations: CallAnnotations, actor: string, callId: string) => Promise<AnnotationAnswer<T>>,
): Promise<Response> {
  // The gate already refused requests without a session; this is the belt to its braces.
  if (!request.headers.get(SUPERVISOR_HEADER)) return jsonResult(401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });
  const callId = callIdFromRouteParam((await context.params).callId);
  if (callId === null) return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: INVALID_CALL_ID } });
  // A call outside the asker's teams: 404, as for a missing call.
  const who = await authorizeCall(request, callId);
  if (!who.ok) return who.response;
  const answer = await work(getRuntime().annotations, who.actor.username, callId);
  return jsonResult(answer.status, answer.result);
}

export async function runAnnotationsWithBody<T>(
  request: Request,
  context: CallRouteContext,
  work: (annotations: CallAnnotations, actor: string, callId: string, body: unknown) => Promise<AnnotationAnswer<T>>,
): Promise<Response> {
  if (!request.headers.get(SUPERVISOR_HEADER)) return jsonResult(401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  return runAnnotations(request, context, (annotations, actor, callId) => work(annotations, actor, callId, read.body));
}

/** The annotation id from the route, or null when no annotation can have it (ids are UUIDs). */
export function annotationIdFromRouteParam(param: string): string | null {
  return param.length > 0 && param.length <= MAX_ANNOTATION_ID_CHARS ? param : null;
}
