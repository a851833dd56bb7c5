/**
 * The call-teams part of the storage contract (migration 016), run by both stores: `call_teams` rows replaced,
 * skipped for missing calls, gone with an erased call or a deleted team; recomputing every call's teams in batches;
 * and the history, search and alert queries filtered by a TeamScope before they page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NO_HISTORY_FILTER } from '../../lib/call-history-filter';
import type { Alert } from '../../lib/rules';
import { parseSearchQuery } from '../../lib/search-query';
import { UNASSIGNED_TEAM_ID } from '../../lib/team-match';
import { recomputeCallTeams } from '../../server/auth/access-changes';
import { CallTeamResolver, type TeamScope } from '../../server/auth/call-visibility';
import { newCallRecord, type CallRecord } from '../../server/domain/call-record';
import type { CallPageKey } from '../../server/store/call-history-query';
import type { CallStore } from '../../server/store/call-store';
import { newFinal } from './store-contract';

export interface CallTeamsStoreUnderTest {
  store: CallStore;
  dispose(): Promise<void>;
}

const person = (rawId: string) => ({ rawId, label: rawId.slice(2), kind: 'phoneNumber' as const });

function ended(id: string, startedAt: number, rawIds: string[], fields: Partial<CallRecord> = {}): CallRecord {
  return { ...newCallRecord(id, startedAt, null), state: 'disconnected', endedAt: startedAt + 10, participants: rawIds.map(person), ...fields };
}

function alert(id: string, callId: string, at: number): Alert {
  return { id, ruleId: 'r1', ruleName: 'rule', severity: 'warning', kind: 'phrases', callId, seqs: [1], text: 'x', reason: 'said x', at, state: 'open', acknowledgedBy: null, acknowledgedAt: null };
}

const teams = (...teamIds: string[]): TeamScope => ({ kind: 'teams', teamIds });

export function describeCallTeamsContract(name: string, open: () => Promise<CallTeamsStoreUnderTest>) {
  describe(`${name} call teams`, () => {
    let subject: CallTeamsStoreUnderTest | undefined;
    const store = () => {
      if (!subject) throw new Error('store not opened');
      return subject.store;
    };

    afterEach(async () => {
      await subject?.dispose();
      subject = undefined;
    });

    /** Seattle matches +1425555…, Boston +1617555…; calls a (Seattle), b (Boston), c (both), d (none). */
    async function seed() {
      subject = await open();
      const s = store();
      for (const team of [
        { id: 'sea', name: 'Seattle', match: ['4:+1425555*'], createdAt: 1 },
        { id: 'bos', name: 'Boston', match: ['4:+1617555*'], createdAt: 1 },
      ]) {
        expect(await s.createTeam(team)).toMatchObject({ ok: true });
      }
      const calls = [
        ended('a', 1_000, ['4:+14255550001']),
        ended('b', 2_000, ['4:+16175550001']),
        ended('c', 3_000, ['4:+14255550002', '4:+16175550002']),
        ended('d', 4_000, ['8:acs:nobody']),
      ];
      for (const call of calls) await s.ensureCall(call);
      const resolver = new CallTeamResolver({ loadTeams: () => s.listTeams() });
      await resolver.reload();
      expect(await recomputeCallTeams(s, resolver, 3)).toBe(4);
      return { s, resolver };
    }

    const history = async (s: CallStore, scope: TeamScope, limit = 10) => {
      const ids: string[] = [];
      let after: CallPageKey | null = null;
      do {
        const page = await s.listCallPage({ filter: { ...NO_HISTORY_FILTER, state: 'ended' }, after, limit, scope });
        ids.push(...page.calls.map((call) => call.callId));
        after = page.next;
      } while (after !== null);
      return ids;
    };

    it('recomputes every call’s teams in batches, and a call in no team has no row', async () => {
      const { s } = await seed();
      const stored = await s.listCallTeams(['a', 'b', 'c', 'd', 'missing']);
      expect(Object.fromEntries(stored)).toEqual({ a: ['sea'], b: ['bos'], c: ['bos', 'sea'] });
      expect((await s.listCallTeamInputs(null, 2)).map((input) => input.callId)).toEqual(['a', 'b']);
      expect((await s.listCallTeamInputs('b', 10)).map((input) => input.callId)).toEqual(['c', 'd']);
    });

    it('replaces a call’s rows, ignores calls that do not exist, and keeps the assigned team as read back', async () => {
      const { s } = await seed();
      await s.setCallTeams([
        { callId: 'a', teamIds: ['bos', 'bos'] },
        { callId: 'ghost', teamIds: ['sea'] },
      ]);
      expect(Object.fromEntries(await s.listCallTeams(['a', 'ghost']))).toEqual({ a: ['bos'] });
      await s.setCallTeams([{ callId: 'a', teamIds: [] }]);
      expect((await s.listCallTeams(['a'])).has('a')).toBe(false);
      await s.ensureCall({ ...ended('e', 5_000, []), assignedTeamId: 'sea' });
      expect((await s.getCall('e'))?.assignedTeamId).toBe('sea');
      expect((await s.listCallTeamInputs('d', 10))[0]).toMatchObject({ callId: 'e', assignedTeamId: 'sea', participants: [] });
      expect((await s.mutateCall('e', (record) => (record.assignedTeamId = 'bos')))?.patch).toEqual({ assignedTeamId: 'bos' });
      expect((await s.getCall('e'))?.assignedTeamId).toBe('bos');
    });

    it('pages the history within a scope, Unassigned included, before paging', async () => {
      const { s } = await seed();
      expect(await history(s, { kind: 'all' }, 1)).toEqual(['d', 'c', 'b', 'a']);
      expect(await history(s, teams('sea'), 1)).toEqual(['c', 'a']);
      expect(await history(s, teams('bos'))).toEqual(['c', 'b']);
      expect(await history(s, teams(UNASSIGNED_TEAM_ID), 1)).toEqual(['d']);
      expect(await history(s, teams('sea', UNASSIGNED_TEAM_ID), 1)).toEqual(['d', 'c', 'a']);
      expect(await history(s, teams())).toEqual([]);
      expect(await history(s, teams('deleted-team'))).toEqual([]);
    });

    it('filters search hits and alerts by scope', async () => {
      const { s } = await seed();
      await s.appendFinals(['a', 'b', 'c', 'd'].map((callId, index) => ({ ...newFinal(callId, `refund please ${callId}`), receivedAt: 100 + index })));
      const parsed = parseSearchQuery('refund');
      if (!parsed.ok) throw new Error(parsed.message);
      const search = async (scope: TeamScope, limit = 10) => {
        const ids: string[] = [];
        let after;
        do {
          const page = await s.searchLines({ query: parsed.query, state: 'all', limit, scope, after });
          ids.push(...page.hits.map((hit) => hit.callId));
          expect(page.calls.map((call) => call.callId).sort()).toEqual([...new Set(page.hits.map((hit) => hit.callId))].sort());
          after = page.next ?? undefined;
        } while (after !== undefined);
        return ids;
      };
      expect(await search({ kind: 'all' })).toEqual(['d', 'c', 'b', 'a']);
      expect(await search(teams('bos'), 1)).toEqual(['c', 'b']);
      expect(await search(teams(UNASSIGNED_TEAM_ID))).toEqual(['d']);

      await s.addAlerts(['a', 'b', 'c', 'd'].map((callId, index) => alert(`al-${callId}`, callId, 10 + index)));
      const alerts = async (scope: TeamScope) => (await s.listAlerts({ state: 'all', limit: 2, scope })).map((entry) => entry.callId);
      expect(await alerts(teams('sea'))).toEqual(['c', 'a']);
      expect(await alerts(teams(UNASSIGNED_TEAM_ID))).toEqual(['d']);
      expect(await alerts({ kind: 'all' })).toEqual(['d', 'c']);
    });

    it('drops a deleted team’s rows (its calls may become Unassigned) and an erased call’s rows', async () => {
      const { s } = await seed();
      expect(await s.deleteTeam('bos')).toBe(true);
      expect(Object.fromEntries(await s.listCallTeams(['a', 'b', 'c']))).toEqual({ a: ['sea'], c: ['sea'] });
      expect(await history(s, teams(UNASSIGNED_TEAM_ID))).toEqual(['d', 'b']);
      expect(await s.eraseCall({ id: 'er-1', callId: 'c', actor: 'admin', at: 1, reason: null })).toBe('erased');
      expect((await s.listCallTeams(['c'])).size).toBe(0);
      expect(await s.deleteEndedCalls(['a'])).toEqual(['a']);
      expect((await s.listCallTeams(['a'])).size).toBe(0);
    });

    it('keeps Unassigned as a flag on the user, not a team', async () => {
      const { s } = await seed();
      // An admin first: the store refuses changes that leave none.
      expect(await s.createUser({ username: 'root', passwordHash: 'h', role: 'admin', teamIds: [], createdAt: 1 })).toBe('created');
      expect(await s.createUser({ username: 'u1', passwordHash: 'h', role: 'viewer', teamIds: ['sea', UNASSIGNED_TEAM_ID], createdAt: 1 })).toBe('created');
      expect((await s.getUser('u1'))?.teamIds).toEqual(['sea', UNASSIGNED_TEAM_ID]);
      expect(await s.updateUser('u1', { teamIds: [UNASSIGNED_TEAM_ID] })).toMatchObject({ ok: true, user: { teamIds: [UNASSIGNED_TEAM_ID] } });
      expect((await s.listUsers()).find((user) => user.username === 'u1')?.teamIds).toEqual([UNASSIGNED_TEAM_ID]);
      expect(await s.updateUser('u1', { teamIds: [] })).toMatchObject({ ok: true, user: { teamIds: [] } });
      expect((await s.listTeams()).map((team) => team.id)).toEqual(['bos', 'sea']);
    });
  });
}
