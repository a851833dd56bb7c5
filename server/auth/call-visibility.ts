/**
 * Which calls a person may see: the one place that decides it, for HTTP routes, socket events, lists, search, exports
 * and alerts alike.
 *
 * A call belongs to every team one of its participants' raw ids matches (lib/team-match.ts), to the team a supervisor
 * gave it when placing or answering it, and to whatever an injected second source (the directory: raw id -> teams)
 * adds; a call in no team is in the pseudo-team "Unassigned". Admins see every call; supervisors and viewers the
 * calls of their teams. A call someone may not see does not exist for them: 404, never 403, and no socket event.
 *
 * Two representations of the same answer, on purpose: single calls and live events are decided in memory from the
 * call record (always current, no query), and lists that page (history, search, bulk export, alerts) filter in SQL
 * on the `call_teams` table the call service keeps (team-scope-sql.ts), so filtering happens before paging.
 */
import type { Team } from '../../lib/users';
import { teamMatches, UNASSIGNED_TEAM_ID } from '../../lib/team-match';
import type { Participant, RingingCall } from '../../lib/protocol';
import type { Actor } from './authorization';

import { EVERY_CALL, type TeamScope } from '../domain/team-scope';

export { EVERY_CALL, type TeamScope };

export function scopeOf(actor: Pick<Actor, 'role' | 'teamIds'>): TeamScope {
  switch (actor.role) {
    case 'admin':
      return EVERY_CALL;
    case 'supervisor':
    case 'viewer':
      return { kind: 'teams', teamIds: [...actor.teamIds] };
    default: {
      const unreachable: never = actor.role;
      throw new Error(`unknown role ${String(unreachable)}`);
    }
  }
}

/** `callTeamIds` as `visibleTeamIds` gives them (never empty). */
export function scopeAllows(scope: TeamScope, callTeamIds: readonly string[]): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'teams':
      return callTeamIds.some((teamId) => scope.teamIds.includes(teamId));
    default: {
      const unreachable: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A call's teams as people see them: its real teams, or Unassigned when it has none. */
export function visibleTeamIds(teamIds: readonly string[]): string[] {
  return teamIds.length === 0 ? [UNASSIGNED_TEAM_ID] : [...teamIds];
}

/** What a call's teams are computed from. */
export interface CallTeamInputs {
  participants: readonly Pick<Participant, 'rawId'>[];
  assignedTeamId?: string | null;
}

/** What decides a ringing call's teams: its caller and the number or identity it called. */
export function ringingInputs(call: Pick<RingingCall, 'from' | 'to'>): CallTeamInputs {
  return { participants: [call.from, call.to].filter((participant) => participant !== null) };
}

/** A second source of team ids per raw id (the directory); injected at the server factory. */
export type ExtraTeamIds = (rawIds: readonly string[]) => readonly string[];

/**
 * The call's real team ids (sorted, each once; empty means Unassigned). Only ids of teams that exist count: an
 * assignment or a directory entry naming a deleted team is ignored.
 */
export function resolveCallTeams(teams: readonly Team[], inputs: CallTeamInputs, extraTeamIdsFor?: ExtraTeamIds): string[] {
  const rawIds = inputs.participants.map((participant) => participant.rawId);
  const known = new Set(teams.map((team) => team.id));
  const ids = new Set<string>();
  for (const team of teams) if (teamMatches(team.match, rawIds)) ids.add(team.id);
  if (inputs.assignedTeamId && known.has(inputs.assignedTeamId)) ids.add(inputs.assignedTeamId);
  if (extraTeamIdsFor && rawIds.length > 0) for (const id of extraTeamIdsFor(rawIds)) if (known.has(id)) ids.add(id);
  return [...ids].sort();
}

const MEMO_LIMIT = 10_000;

export interface CallTeamResolverOptions {
  loadTeams: () => Promise<Team[]>;
  extraTeamIdsFor?: ExtraTeamIds;
}

/**
 * resolveCallTeams over the current teams, kept in memory (teams are few and change rarely): reloaded when an admin
 * changes teams here, or another instance says so over the cluster bus.
 */
export class CallTeamResolver {
  private teams: Team[] = [];
  /**
   * Answers by participants and assigned team: every list row asks once a second per live call, and a call's inputs
   * rarely change. Cleared on reload, and whenever it grows past MEMO_LIMIT. Without a second source only: its
   * answers can change without a reload.
   */
  private readonly memo = new Map<string, string[]>();

  constructor(private readonly options: CallTeamResolverOptions) {}

  async reload(): Promise<void> {
    this.teams = await this.options.loadTeams();
    this.memo.clear();
  }

  /** The call's real team ids (empty: Unassigned); what `call_teams` stores. */
  teamIdsOf(inputs: CallTeamInputs): string[] {
    if (this.options.extraTeamIdsFor) return resolveCallTeams(this.teams, inputs, this.options.extraTeamIdsFor);
    const key = `${inputs.assignedTeamId ?? ''}\n${inputs.participants.map((participant) => participant.rawId).join('\n')}`;
    const known = this.memo.get(key);
    if (known) return [...known];
    const teamIds = resolveCallTeams(this.teams, inputs);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(key, teamIds);
    return [...teamIds];
  }

  /** The call's teams with Unassigned spelled out: what list rows carry and rooms are chosen by. */
  visibleTeamIdsOf(inputs: CallTeamInputs): string[] {
    return visibleTeamIds(this.teamIdsOf(inputs));
  }

  teamExists(teamId: string): boolean {
    return this.teams.some((team) => team.id === teamId);
  }
}

/** Whether this person may see a call whose inputs these are. */
export function actorSeesCall(actor: Pick<Actor, 'role' | 'teamIds'>, resolver: CallTeamResolver, call: CallTeamInputs): boolean {
  return scopeAllows(scopeOf(actor), resolver.visibleTeamIdsOf(call));
}
