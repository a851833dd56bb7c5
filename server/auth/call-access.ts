/**
 * Call visibility for route handlers: the decision of call-visibility.ts applied to a call id or a list, with the
 * 404 every route answers for a call the asker may not see (the same answer as for a call that does not exist, so
 * call ids cannot be probed).
 */
import type { CallService } from '../calls/call-service';
import { jsonResult } from '../http/json-result';
import type { Actor } from './authorization';
import type { RingingCall } from '../../lib/protocol';
import { actorSeesCall, ringingInputs, scopeAllows, scopeOf, visibleTeamIds, type TeamScope } from './call-visibility';

export class CallVisibility {
  constructor(private readonly calls: CallService) {}

  scopeOf(actor: Actor): TeamScope {
    return scopeOf(actor);
  }

  /** Whether the call exists and the actor may see it (this instance's copy when it holds the call, else the store's). */
  async sees(actor: Actor, callId: string): Promise<boolean> {
    const call = await this.calls.getCall(callId);
    return call !== null && actorSeesCall(actor, this.calls.teams, call);
  }

  /** Of these calls, the ones the actor may see, by their stored teams (one query, for lists not worth a call each). */
  async visibleAmong(actor: Actor, callIds: readonly string[]): Promise<Set<string>> {
    const scope = scopeOf(actor);
    if (scope.kind === 'all') return new Set(callIds);
    const stored = await this.calls.storedTeamsOf(callIds);
    return new Set(callIds.filter((callId) => scopeAllows(scope, visibleTeamIds(stored.get(callId) ?? []))));
  }

  /** Whether the actor may see (and so answer) a ringing call: its teams come from its caller and whom it called. */
  seesRinging(actor: Actor, call: RingingCall): boolean {
    return actorSeesCall(actor, this.calls.teams, ringingInputs(call));
  }

  /** `sees` bound to an actor, for services that take a predicate. */
  seer(actor: Actor): (callId: string) => Promise<boolean> {
    return (callId) => this.sees(actor, callId);
  }

  /** Whether the actor may give a call this team when placing or answering it: admins any team, others their own. */
  mayAssign(actor: Actor, teamId: string): boolean {
    if (!this.calls.teams.teamExists(teamId)) return false;
    return actor.role === 'admin' || actor.teamIds.includes(teamId);
  }
}

export function callNotFound(callId: string): Response {
  return jsonResult(404, { ok: false, error: { code: 'not_found', message: `No call ${callId}.` } });
}
