import { describe, expect, it } from 'vitest';
import { UNASSIGNED_TEAM_ID } from '../../lib/team-match';
import type { Team } from '../../lib/users';
import { actorSeesCall, CallTeamResolver, resolveCallTeams, scopeAllows, scopeOf, visibleTeamIds } from '../../server/auth/call-visibility';
import { roomsOfTeams } from '../../server/realtime/socket-scope';
import { teamScopeCondition } from '../../server/store/team-scope-sql';
import { sql } from 'kysely';

const TEAMS: Team[] = [
  { id: 'sea', name: 'Seattle', match: ['4:+1425555*', '8:acs:sea-bot'], createdAt: 1 },
  { id: 'bos', name: 'Boston', match: ['4:+1617555*'], createdAt: 1 },
  { id: 'empty', name: 'Empty', match: [], createdAt: 1 },
];
const people = (...rawIds: string[]) => ({ participants: rawIds.map((rawId) => ({ rawId })) });

describe('call teams', () => {
  it('joins every team a participant matches, each once, sorted', () => {
    expect(resolveCallTeams(TEAMS, people('4:+14255550100'))).toEqual(['sea']);
    expect(resolveCallTeams(TEAMS, people('4:+16175550100', '4:+14255550100', '8:acs:sea-bot'))).toEqual(['bos', 'sea']);
    expect(resolveCallTeams(TEAMS, people('8:acs:sea-bot-2'))).toEqual([]);
    expect(resolveCallTeams(TEAMS, people())).toEqual([]);
  });

  it('adds the assigned team and a second source, but only teams that exist', () => {
    expect(resolveCallTeams(TEAMS, { ...people(), assignedTeamId: 'bos' })).toEqual(['bos']);
    expect(resolveCallTeams(TEAMS, { ...people(), assignedTeamId: 'deleted' })).toEqual([]);
    const directory = (rawIds: readonly string[]) => (rawIds.includes('8:acs:derek') ? ['empty', 'gone'] : []);
    expect(resolveCallTeams(TEAMS, people('8:acs:derek', '4:+14255550100'), directory)).toEqual(['empty', 'sea']);
    expect(resolveCallTeams(TEAMS, people('8:acs:nobody'), directory)).toEqual([]);
  });

  it('calls in no team are Unassigned', () => {
    expect(visibleTeamIds([])).toEqual([UNASSIGNED_TEAM_ID]);
    expect(visibleTeamIds(['sea'])).toEqual(['sea']);
  });

  it('a resolver follows the teams it reloads', async () => {
    let teams: Team[] = [];
    const resolver = new CallTeamResolver({ loadTeams: () => Promise.resolve(teams) });
    await resolver.reload();
    expect(resolver.visibleTeamIdsOf(people('4:+14255550100'))).toEqual([UNASSIGNED_TEAM_ID]);
    teams = TEAMS;
    await resolver.reload();
    expect(resolver.visibleTeamIdsOf(people('4:+14255550100'))).toEqual(['sea']);
    expect(resolver.teamExists('bos')).toBe(true);
    expect(resolver.teamExists(UNASSIGNED_TEAM_ID)).toBe(false);
  });
});

describe('who sees a call', () => {
  it('admins see every call; supervisors and viewers the calls of their teams', async () => {
    const resolver = new CallTeamResolver({ loadTeams: () => Promise.resolve(TEAMS) });
    await resolver.reload();
    const seattleCall = people('4:+14255550100');
    const nobodysCall = people('8:acs:x');
    expect(actorSeesCall({ role: 'admin', teamIds: [] }, resolver, seattleCall)).toBe(true);
    expect(actorSeesCall({ role: 'admin', teamIds: [] }, resolver, nobodysCall)).toBe(true);
    for (const role of ['supervisor', 'viewer'] as const) {
      expect(actorSeesCall({ role, teamIds: ['sea'] }, resolver, seattleCall)).toBe(true);
      expect(actorSeesCall({ role, teamIds: ['bos'] }, resolver, seattleCall)).toBe(false);
      expect(actorSeesCall({ role, teamIds: [] }, resolver, seattleCall)).toBe(false);
      expect(actorSeesCall({ role, teamIds: ['sea'] }, resolver, nobodysCall)).toBe(false);
      expect(actorSeesCall({ role, teamIds: [UNASSIGNED_TEAM_ID] }, resolver, nobodysCall)).toBe(true);
      expect(actorSeesCall({ role, teamIds: [UNASSIGNED_TEAM_ID] }, resolver, seattleCall)).toBe(false);
    }
  });

  it('scopes: all for admins, the user’s teams otherwise', () => {
    expect(scopeOf({ role: 'admin', teamIds: ['sea'] })).toEqual({ kind: 'all' });
    expect(scopeOf({ role: 'viewer', teamIds: ['sea'] })).toEqual({ kind: 'teams', teamIds: ['sea'] });
    expect(scopeAllows({ kind: 'teams', teamIds: [] }, [UNASSIGNED_TEAM_ID])).toBe(false);
  });

  it('list rows go to the all room and each of their teams’ rooms', () => {
    expect(roomsOfTeams('calls:all', (id) => `calls:team:${id}`, ['bos', 'sea'])).toEqual(['calls:all', 'calls:team:bos', 'calls:team:sea']);
  });

  it('needs no SQL condition for admins (the stores’ contract tests run the others)', () => {
    const ref = sql.ref('calls.id');
    expect(teamScopeCondition({ kind: 'all' }, ref)).toBeNull();
    expect(teamScopeCondition(undefined, ref)).toBeNull();
    expect(teamScopeCondition({ kind: 'teams', teamIds: [] }, ref)).not.toBeNull();
  });
});
