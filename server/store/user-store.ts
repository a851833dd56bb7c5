/**
 * Storage for users (the `supervisors` table, with a role and a disabled flag) and teams (migration 014).
 * Part of the CallStore contract. Team membership is kept by team id so team scoping can match a call's
 * participants against the patterns of the teams a user is in.
 */
import type { Role } from '../../lib/permissions';
import type { Team, UserSummary } from '../../lib/users';

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
  teamIds: string[];
  createdAt: number;
}

export interface UserChange {
  role?: Role;
  disabled?: boolean;
  teamIds?: string[];
  passwordHash?: string;
}

/** `last_admin`: the change would leave no enabled admin, so nobody could manage users any more. */
export type UserUpdate = { ok: true; user: UserSummary } | { ok: false; reason: 'not_found' | 'unknown_team' | 'last_admin' };
export type UserCreation = 'created' | 'exists' | 'unknown_team';
/** An account that signs in through an OpenID provider (migration 017); it has no usable local password. */
export interface NewSsoUser {
  issuer: string;
  subject: string;
  username: string;
  passwordHash: string;
  role: Role;
  teamIds: string[];
  createdAt: number;
}

/**
 * `username_taken`: an account of that name exists (local, or another identity's); it is never taken over, the
 * caller picks another name. `identity_exists`: the identity got an account meanwhile (two first sign-ins at once).
 */
export type SsoUserCreation = 'created' | 'username_taken' | 'identity_exists' | 'unknown_team';

export type TeamWrite = { ok: true; team: Team } | { ok: false; reason: 'not_found' | 'duplicate_name' };

export interface UserStore {
  /** Every user, by username. */
  listUsers(): Promise<UserSummary[]>;
  getUser(username: string): Promise<UserSummary | null>;
  createUser(user: NewUser): Promise<UserCreation>;
  /** Applies the change in one transaction, refusing one that leaves no enabled admin. */
  updateUser(username: string, change: UserChange): Promise<UserUpdate>;
  /** Makes the account an enabled admin (the configured bootstrap account: the way back in). */
  ensureAdmin(username: string): Promise<void>;
  /** Deletes the user's sessions but `keepTokenHash`, returning the token hashes deleted (their sockets end too). */
  deleteSessionsOf(username: string, keepTokenHash?: string): Promise<string[]>;

  /** The username of the account linked to this provider identity, or null. */
  findIdentityUser(issuer: string, subject: string): Promise<string | null>;
  /** Creates the account and links the identity, in one transaction. */
  createSsoUser(user: NewSsoUser): Promise<SsoUserCreation>;
  recordIdentityLogin(issuer: string, subject: string, at: number): Promise<void>;
  /** Whether the account signs in through a provider (then it has no local password to change). */
  hasIdentity(username: string): Promise<boolean>;

  /** Every team, by name. */
  listTeams(): Promise<Team[]>;
  createTeam(team: Team): Promise<TeamWrite>;
  updateTeam(id: string, change: { name?: string; match?: string[] }): Promise<TeamWrite>;
  /** Deletes the team and its memberships; false when there was none. */
  deleteTeam(id: string): Promise<boolean>;
}
