/** The shared body of the triage route handlers (`/api/rules*`, `/api/alerts*`): who asks, the JSON body, the answer. */
import { getRuntime } from '../runtime';
import type { Triage, TriageAnswer } from '../rules/triage';
import { readJsonBody } from './control-route';
import { jsonResult } from './json-result';
import { SUPERVISOR_HEADER } from './request-gate';
import type { Permission } from '../../lib/permissions';
import { authorizeRequest } from './authorize-request';
import type { Actor } from '../auth/authorization';

/** What Next passes a route handler under `app/api/rules/[id]/` or `app/api/alerts/[id]/`. */
export interface IdRouteContext {
  params: Promise<{ id: string }>;
}

const MAX_ID_CHARS = 256;

/** `permission`: rule writes need `manageRules` (admins); reads, tests and acknowledgements need only a session. */
/** `who`: the asker with their role and teams, for what depends on which calls they see (call-visibility.ts). */
export async function runTriage<T>(request: Request, work: (triage: Triage, actor: string, who: Actor) => Promise<TriageAnswer<T>>, permission?: Permission): Promise<Response> {
  const who = await authorizeRequest(request, permission);
  if (!who.ok) return who.response;
  const answer = await work(getRuntime().triage, who.actor.username, who.actor);
  return jsonResult(answer.status, answer.result);
}

export async function runTriageWithBody<T>(
  request: Request,
  work: (triage: Triage, actor: string, body: unknown, who: Actor) => Promise<TriageAnswer<T>>,
  permission?: Permission,
): Promise<Response> {
  if (!request.headers.get(SUPERVISOR_HEADER)) return jsonResult(401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });
  if (permission !== undefined) {
    const who = await authorizeRequest(request, permission);
    if (!who.ok) return who.response;
  }
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  return runTriage(request, (triage, actor, who) => work(triage, actor, read.body, who));
}

/** A rule's or alert's id from the route's `[id]` segment, or a 400 answer. */
export async function withRouteId<T>(context: IdRouteContext, work: (id: string) => Promise<TriageAnswer<T>>): Promise<TriageAnswer<T>> {
  const id = (await context.params).id;
  if (id.length === 0 || id.length > MAX_ID_CHARS) return { status: 400, result: { ok: false, error: { code: 'invalid_request', message: `An id is 1 to ${MAX_ID_CHARS} characters.` } } };
  return work(id);
}
