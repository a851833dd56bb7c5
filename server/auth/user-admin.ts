/**
 * The admin API's work (`/api/admin/users*`, `/api/admin/teams*`): validation, password hashing, the last-admin
 * guard's answer, ending sessions when an account is disabled or its password reset, and an audit line in the log
 * for every change (who, what; never a password).
 */
import { randomUUID } from 'node:crypto';
import type { Result } from '../../lib/protocol';
import { CreateTeamSchema, CreateUserSchema, UpdateTeamSchema, UpdateUserSchema, validationError, type Team, type UserSummary } from '../../lib/users';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';
import { hashPassword } from './password-hash';
import type { SupervisorAuth } from './supervisor-auth';
import type { AccessChangeListener } from './access-changes';

export interface AdminAnswer<T> {
  status: number;
  result: Result<T>;
}

const ok = <T>(status: number, data: T): AdminAnswer<T> => ({ status, result: { ok: true, data } });
const refuse = <T>(status: number, code: string, message: string): AdminAnswer<T> => ({ status, result: { ok: false, error: { code, message } } });
const LAST_ADMIN = 'That would leave no enabled admin: make someone else an admin first.';
const UNKNOWN_TEAM = 'teamIds: one of these teams does not exist.';

export interface UserAdminOptions {
  store: CallStore;
  auth: SupervisorAuth;
  log: Logger;
  now: () => number;
  /** Told when who sees which calls changes, so open sockets follow (access-changes.ts). */
  access?: AccessChangeListener;
}

export class UserAdmin {
  constructor(private readonly options: UserAdminOptions) {}

  get store(): CallStore {
    return this.options.store;
  }

  async listUsers(): Promise<AdminAnswer<UserSummary[]>> {
    return ok(200, await this.store.listUsers());
  }

  async createUser(actor: string, body: unknown): Promise<AdminAnswer<UserSummary>> {
    const parsed = CreateUserSchema.safeParse(body);
    if (!parsed.success) return { status: 400, result: { ok: false, error: validationError(parsed.error) } };
    const { username, password, role, teamIds } = parsed.data;
    const outcome = await this.store.createUser({ username, role, teamIds, passwordHash: await hashPassword(password), createdAt: this.options.now() });
    switch (outcome) {
      case 'exists':
        return refuse(409, 'conflict', `username: ${username} is taken.`);
      case 'unknown_team':
        return refuse(400, 'invalid_request', UNKNOWN_TEAM);
      case 'created': {
        this.options.log.info({ audit: 'user_created', actor, username, role, teamIds }, 'admin created a user');
        const user = await this.store.getUser(username);
        return user ? ok(201, user) : refuse(404, 'not_found', `No user ${username}.`);
      }
    }
  }

  async updateUser(actor: string, username: string, body: unknown): Promise<AdminAnswer<UserSummary>> {
    const parsed = UpdateUserSchema.safeParse(body);
    if (!parsed.success) return { status: 400, result: { ok: false, error: validationError(parsed.error) } };
    const { password, ...change } = parsed.data;
    const outcome = await this.store.updateUser(username, { ...change, ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}) });
    if (!outcome.ok) {
      switch (outcome.reason) {
        case 'not_found':
          return refuse(404, 'not_found', `No user ${username}.`);
        case 'unknown_team':
          return refuse(400, 'invalid_request', UNKNOWN_TEAM);
        case 'last_admin':
          return refuse(409, 'last_admin', LAST_ADMIN);
      }
    }
    // A disabled account or a reset password must not keep a way in: its sessions end now, sockets included.
    const endedSessions = change.disabled === true || password !== undefined ? await this.options.auth.endSessionsOf(username) : 0;
    if (change.role !== undefined || change.teamIds !== undefined) await this.options.access?.usersChanged([username]);
    this.options.log.info(
      { audit: 'user_updated', actor, username, role: change.role, teamIds: change.teamIds, disabled: change.disabled, passwordReset: password !== undefined, endedSessions },
      'admin changed a user',
    );
    return ok(200, outcome.user);
  }

  async listTeams(): Promise<AdminAnswer<Team[]>> {
    return ok(200, await this.store.listTeams());
  }

  async createTeam(actor: string, body: unknown): Promise<AdminAnswer<Team>> {
    const parsed = CreateTeamSchema.safeParse(body);
    if (!parsed.success) return { status: 400, result: { ok: false, error: validationError(parsed.error) } };
    const written = await this.store.createTeam({ id: randomUUID(), name: parsed.data.name, match: parsed.data.match, createdAt: this.options.now() });
    if (!written.ok) return refuse(409, 'conflict', `name: a team called ${parsed.data.name} exists.`);
    this.options.log.info({ audit: 'team_created', actor, teamId: written.team.id, patterns: written.team.match.length }, 'admin created a team');
    await this.options.access?.teamsChanged();
    return ok(201, written.team);
  }

  async updateTeam(actor: string, id: string, body: unknown): Promise<AdminAnswer<Team>> {
    const parsed = UpdateTeamSchema.safeParse(body);
    if (!parsed.success) return { status: 400, result: { ok: false, error: validationError(parsed.error) } };
    const written = await this.store.updateTeam(id, parsed.data);
    if (!written.ok) return written.reason === 'not_found' ? refuse(404, 'not_found', `No team ${id}.`) : refuse(409, 'conflict', `name: a team called ${parsed.data.name ?? ''} exists.`);
    this.options.log.info({ audit: 'team_updated', actor, teamId: id, renamed: parsed.data.name !== undefined, patterns: written.team.match.length }, 'admin changed a team');
    if (parsed.data.match !== undefined) await this.options.access?.teamsChanged();
    return ok(200, written.team);
  }

  async deleteTeam(actor: string, id: string): Promise<AdminAnswer<{ id: string }>> {
    if (!(await this.store.deleteTeam(id))) return refuse(404, 'not_found', `No team ${id}.`);
    this.options.log.info({ audit: 'team_deleted', actor, teamId: id }, 'admin deleted a team');
    await this.options.access?.teamsChanged();
    return ok(200, { id });
  }
}
