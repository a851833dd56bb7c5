/** The UserStore half of the Kysely stores (SQLite and PostgreSQL share it; see user-store.ts). */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { z } from 'zod';
import { ROLES, type Role } from '../../lib/permissions';
import { UNASSIGNED_TEAM_ID } from '../../lib/team-match';
import type { Team, UserSummary } from '../../lib/users';
import type { Database, SupervisorsTable, TeamsTable } from './database-schema';
import { CorruptRowError } from './row-mapping';
import type { NewSsoUser, NewUser, SsoUserCreation, TeamWrite, UserChange, UserCreation, UserStore, UserUpdate } from './user-store';

const RoleColumn = z.enum(ROLES);
const MatchColumn = z.array(z.string());

/** Thrown inside a transaction to roll it back when a change would leave no enabled admin. */
class LastAdminError extends Error {}
/** Thrown inside a transaction to roll back the new account when its identity was linked meanwhile. */
class IdentityExistsError extends Error {}

export class KyselyUserStore implements UserStore {
  constructor(private readonly db: Kysely<Database>) {}

  async listUsers(): Promise<UserSummary[]> {
    const [rows, memberships] = await Promise.all([
      this.db.selectFrom('supervisors').select(['username', 'role', 'disabled', 'created_at', 'sees_unassigned']).orderBy('username').execute(),
      this.db.selectFrom('user_teams').selectAll().orderBy('team_id').execute(),
    ]);
    const teams = new Map<string, string[]>();
    for (const { username, team_id } of memberships) teams.set(username, [...(teams.get(username) ?? []), team_id]);
    return rows.map((row) => rowToUser(row, teams.get(row.username) ?? []));
  }

  async getUser(username: string): Promise<UserSummary | null> {
    return readUser(this.db, username);
  }

  async createUser(user: NewUser): Promise<UserCreation> {
    return this.db.transaction().execute(async (trx) => {
      const teams = splitTeamIds(user.teamIds);
      if (!(await teamsExist(trx, teams.real))) return 'unknown_team';
      const result = await trx
        .insertInto('supervisors')
        .values({ username: user.username, password_hash: user.passwordHash, created_at: user.createdAt, role: user.role, disabled: 0, sees_unassigned: teams.unassigned ? 1 : 0 })
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return 'exists';
      await writeMemberships(trx, user.username, teams.real);
      return 'created';
    });
  }

  async updateUser(username: string, change: UserChange): Promise<UserUpdate> {
    try {
      return await this.db.transaction().execute(async (trx): Promise<UserUpdate> => {
        // Locks every admin row first (PostgreSQL row locks; SQLite has one writer anyway), so two admins demoting
        // each other at once cannot both pass the check below.
        await trx.updateTable('supervisors').set({ role: sql<string>`role` }).where('role', '=', 'admin').execute();
        if ((await readUser(trx, username)) === null) return { ok: false, reason: 'not_found' };
        const teams = change.teamIds ? splitTeamIds(change.teamIds) : null;
        if (teams && !(await teamsExist(trx, teams.real))) return { ok: false, reason: 'unknown_team' };
        const columns = {
          ...(teams ? { sees_unassigned: teams.unassigned ? 1 : 0 } : {}),
          ...(change.role !== undefined ? { role: change.role } : {}),
          ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
          ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
        };
        if (Object.keys(columns).length > 0) await trx.updateTable('supervisors').set(columns).where('username', '=', username).execute();
        if (teams) {
          await trx.deleteFrom('user_teams').where('username', '=', username).execute();
          await writeMemberships(trx, username, teams.real);
        }
        const admins = await trx
          .selectFrom('supervisors')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('role', '=', 'admin')
          .where('disabled', '=', 0)
          .executeTakeFirstOrThrow();
        if (Number(admins.count) === 0) throw new LastAdminError();
        const user = await readUser(trx, username);
        if (user === null) return { ok: false, reason: 'not_found' };
        return { ok: true, user };
      });
    } catch (error) {
      if (error instanceof LastAdminError) return { ok: false, reason: 'last_admin' };
      throw error;
    }
  }

  async ensureAdmin(username: string): Promise<void> {
    await this.db.updateTable('supervisors').set({ role: 'admin', disabled: 0 }).where('username', '=', username).execute();
  }

  async deleteSessionsOf(username: string, keepTokenHash?: string): Promise<string[]> {
    let query = this.db.deleteFrom('sessions').where('username', '=', username);
    if (keepTokenHash !== undefined) query = query.where('token_hash', '!=', keepTokenHash);
    const rows = await query.returning('token_hash').execute();
    return rows.map((row) => row.token_hash);
  }

  async findIdentityUser(issuer: string, subject: string): Promise<string | null> {
    const row = await this.db.selectFrom('user_identities').select('username').where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
    return row?.username ?? null;
  }

  async createSsoUser(user: NewSsoUser): Promise<SsoUserCreation> {
    try {
      return await this.db.transaction().execute(async (trx): Promise<SsoUserCreation> => {
        if (!(await teamsExist(trx, user.teamIds))) return 'unknown_team';
        const inserted = await trx
          .insertInto('supervisors')
          .values({ username: user.username, password_hash: user.passwordHash, created_at: user.createdAt, role: user.role, disabled: 0 })
          .onConflict((oc) => oc.column('username').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return 'username_taken';
        const linked = await trx
          .insertInto('user_identities')
          .values({ issuer: user.issuer, subject: user.subject, username: user.username, created_at: user.createdAt, last_login_at: user.createdAt })
          .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
          .executeTakeFirst();
        if (Number(linked.numInsertedOrUpdatedRows ?? 0n) === 0) throw new IdentityExistsError();
        await writeMemberships(trx, user.username, user.teamIds);
        return 'created';
      });
    } catch (error) {
      if (error instanceof IdentityExistsError) return 'identity_exists';
      throw error;
    }
  }

  async recordIdentityLogin(issuer: string, subject: string, at: number): Promise<void> {
    await this.db.updateTable('user_identities').set({ last_login_at: at }).where('issuer', '=', issuer).where('subject', '=', subject).execute();
  }

  async hasIdentity(username: string): Promise<boolean> {
    const row = await this.db.selectFrom('user_identities').select('username').where('username', '=', username).executeTakeFirst();
    return row !== undefined;
  }

  async listTeams(): Promise<Team[]> {
    const rows = await this.db.selectFrom('teams').selectAll().orderBy('name').orderBy('id').execute();
    return rows.map(rowToTeam);
  }

  async createTeam(team: Team): Promise<TeamWrite> {
    const result = await this.db
      .insertInto('teams')
      .values({ id: team.id, name: team.name, match_json: JSON.stringify(team.match), created_at: team.createdAt })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 ? { ok: true, team } : { ok: false, reason: 'duplicate_name' };
  }

  async updateTeam(id: string, change: { name?: string; match?: string[] }): Promise<TeamWrite> {
    return this.db.transaction().execute(async (trx): Promise<TeamWrite> => {
      if (change.name !== undefined) {
        const clash = await trx.selectFrom('teams').select('id').where('name', '=', change.name).where('id', '!=', id).executeTakeFirst();
        if (clash) return { ok: false, reason: 'duplicate_name' };
      }
      const columns = {
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.match !== undefined ? { match_json: JSON.stringify(change.match) } : {}),
      };
      if (Object.keys(columns).length > 0) await trx.updateTable('teams').set(columns).where('id', '=', id).execute();
      const row = await trx.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? { ok: true, team: rowToTeam(row) } : { ok: false, reason: 'not_found' };
    });
  }

  async deleteTeam(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_teams').where('team_id', '=', id).execute();
      // Removing one team changes no other team's matches: its calls only lose this team (call-visibility.ts).
      await trx.deleteFrom('call_teams').where('team_id', '=', id).execute();
      const result = await trx.deleteFrom('teams').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }
}

async function readUser(db: Kysely<Database> | Transaction<Database>, username: string): Promise<UserSummary | null> {
  const row = await db.selectFrom('supervisors').select(['username', 'role', 'disabled', 'created_at', 'sees_unassigned']).where('username', '=', username).executeTakeFirst();
  if (!row) return null;
  const teams = await db.selectFrom('user_teams').select('team_id').where('username', '=', username).orderBy('team_id').execute();
  return rowToUser(row, teams.map((team) => team.team_id));
}

async function teamsExist(trx: Transaction<Database>, teamIds: readonly string[]): Promise<boolean> {
  if (teamIds.length === 0) return true;
  const found = await trx.selectFrom('teams').select('id').where('id', 'in', teamIds).execute();
  return found.length === new Set(teamIds).size;
}

async function writeMemberships(trx: Transaction<Database>, username: string, teamIds: readonly string[]) {
  if (teamIds.length === 0) return;
  await trx.insertInto('user_teams').values(teamIds.map((teamId) => ({ username, team_id: teamId }))).execute();
}

/** "Unassigned" is a flag on the user, not a membership row (no `teams` row to reference; see migration 016). */
function splitTeamIds(teamIds: readonly string[]): { real: string[]; unassigned: boolean } {
  return { real: teamIds.filter((id) => id !== UNASSIGNED_TEAM_ID), unassigned: teamIds.includes(UNASSIGNED_TEAM_ID) };
}

function rowToUser(row: Pick<Selectable<SupervisorsTable>, 'username' | 'role' | 'disabled' | 'created_at' | 'sees_unassigned'>, teamIds: string[]): UserSummary {
  const role = RoleColumn.safeParse(row.role);
  if (!role.success) throw new CorruptRowError('supervisors', row.username, 'role');
  const allTeamIds = Number(row.sees_unassigned) !== 0 ? [...teamIds, UNASSIGNED_TEAM_ID].sort() : teamIds;
  return { username: row.username, role: role.data satisfies Role, disabled: Number(row.disabled) !== 0, teamIds: allTeamIds, createdAt: Number(row.created_at) };
}

function rowToTeam(row: Selectable<TeamsTable>): Team {
  const match = MatchColumn.safeParse(safeJson(row.match_json));
  if (!match.success) throw new CorruptRowError('teams', row.id, 'match_json');
  return { id: row.id, name: row.name, match: match.data, createdAt: Number(row.created_at) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
