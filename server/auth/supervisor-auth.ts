/**
 * Supervisor accounts and sessions. Sessions are random tokens in an HttpOnly cookie; the store keeps only
 * their SHA-256, so a leaked database cannot be replayed as a login. Any instance can check a session.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionEndReason } from '../../lib/protocol';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';
import { DEFAULT_LOGIN_LIMITS, MemoryLoginLimiter, type LoginLimiter } from './login-limiter';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hash';

export const DEFAULT_SUPERVISOR = 'supervisor';
const CACHE_MS = 5_000;
const MAX_CACHED_SESSIONS = 10_000;

export type LoginResult =
  | { ok: true; token: string; username: string; expiresAt: number }
  | { ok: false; code: 'invalid_credentials'; message: string }
  | { ok: false; code: 'rate_limited'; message: string; retryAfterSeconds: number };

export type PasswordChange =
  | { ok: true }
  | { ok: false; code: 'wrong_password'; message: string }
  | { ok: false; code: 'rate_limited'; message: string; retryAfterSeconds: number };

/** A live session. `tokenHash` names it everywhere outside the cookie (store key, socket.io room); never the token. */
export interface SessionInfo {
  username: string;
  tokenHash: string;
  expiresAt: number;
}

export type SessionEndedListener = (tokenHash: string, reason: SessionEndReason) => void;

export interface SupervisorAuthOptions {
  store: CallStore;
  sessionTtlMs: number;
  log: Logger;
  now?: () => number;
  /** Login attempt limits; in memory by default (one instance). */
  limiter?: LoginLimiter;
  /** The password check; injectable so tests can see that every login spends one. */
  verifyPassword?: (password: string, storedHash: string) => Promise<boolean>;
}

export class SupervisorAuth {
  private readonly cache = new Map<string, { username: string; expiresAt: number; checkedAt: number }>();
  private readonly listeners = new Set<SessionEndedListener>();
  private readonly store: CallStore;
  private readonly sessionTtlMs: number;
  private readonly log: Logger;
  private readonly limiter: LoginLimiter;
  private readonly verify: (password: string, storedHash: string) => Promise<boolean>;
  /** The clock sessions expire by; shared with whatever watches sessions. */
  readonly now: () => number;

  constructor(options: SupervisorAuthOptions) {
    this.store = options.store;
    this.sessionTtlMs = options.sessionTtlMs;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.limiter = options.limiter ?? new MemoryLoginLimiter(DEFAULT_LOGIN_LIMITS, this.now);
    this.verify = options.verifyPassword ?? verifyPassword;
  }

  /**
   * Makes sure a supervisor account exists. Configured credentials are applied as given; with none, the first
   * start generates a password, stores only its hash and prints it once.
   */
  async bootstrap(configured: { username: string | undefined; password: string | undefined }): Promise<void> {
    // Made now, so the first login for an unknown username does not take longer than later ones.
    await dummyPasswordHash();
    if (configured.username !== undefined && configured.password !== undefined) {
      const hash = await hashPassword(configured.password);
      const created = await this.store.createSupervisor({ username: configured.username, passwordHash: hash, createdAt: this.now() });
      if (!created) await this.store.setSupervisorPassword(configured.username, hash);
      // The configured account is the way back in: whatever was changed in the admin page, it starts as an enabled admin.
      await this.store.ensureAdmin(configured.username);
      return;
    }
    if ((await this.store.countSupervisors()) > 0) return;
    const password = randomBytes(12).toString('base64url');
    const created = await this.store.createSupervisor({ username: DEFAULT_SUPERVISOR, passwordHash: await hashPassword(password), createdAt: this.now() });
    if (!created) return;
    // Printed straight to the terminal, not through the logger: this secret must never land in log storage.
    process.stdout.write(
      `\n  Earshot created a supervisor account.\n    username: ${DEFAULT_SUPERVISOR}\n    password: ${password}\n  It is shown only this once; set SUPERVISOR_USERNAME / SUPERVISOR_PASSWORD to choose your own.\n\n`,
    );
    this.log.info({ username: DEFAULT_SUPERVISOR }, 'generated the supervisor account');
  }

  /** `client` is the caller's address as the request gate resolved it; it keys the attempt limits. */
  async login(username: string, password: string, client: string): Promise<LoginResult> {
    const decision = await this.limiter.take(client, username);
    if (!decision.allowed) {
      this.log.debug({ client }, 'supervisor login rate limited');
      return {
        ok: false,
        code: 'rate_limited',
        message: 'Too many attempts. Wait a few minutes and try again.',
        retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)),
      };
    }
    const supervisor = await this.store.getSupervisor(username);
    // Unknown usernames are checked against a dummy hash: the same scrypt time, so timing reveals no usernames.
    const matches = await this.verify(password, supervisor?.passwordHash ?? (await dummyPasswordHash()));
    // A disabled account fails like a wrong password, after the same hashing work: no hint that it exists.
    if (supervisor === null || !matches || supervisor.disabled === true) {
      // Not the typed username: people type passwords into it by mistake. Whether it exists is enough to spot attacks.
      this.log.warn({ knownUser: supervisor !== null, client }, 'failed supervisor login');
      return { ok: false, code: 'invalid_credentials', message: 'Wrong username or password.' };
    }
    await this.limiter.succeeded(client, username);
    const { token, expiresAt } = await this.openSession(username);
    this.log.info({ username }, 'supervisor logged in');
    return { ok: true, token, username, expiresAt };
  }

  /** A new session for an account whose sign-in was checked elsewhere (a password above, or single sign-on). */
  async openSession(username: string): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const at = this.now();
    const expiresAt = at + this.sessionTtlMs;
    await this.store.createSession({ tokenHash: hashSessionToken(token), username, createdAt: at, expiresAt });
    return { token, expiresAt };
  }

  /** Resolves a session token to its supervisor, or null. */
  async authenticate(token: string | undefined): Promise<string | null> {
    return (await this.session(token))?.username ?? null;
  }

  /** Resolves a session token to its session, or null. Results are cached briefly for page-asset bursts. */
  async session(token: string | undefined): Promise<SessionInfo | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = hashSessionToken(token);
    const at = this.now();
    const cached = this.cache.get(tokenHash);
    if (cached && cached.expiresAt > at && at - cached.checkedAt < CACHE_MS) return { username: cached.username, tokenHash, expiresAt: cached.expiresAt };
    return this.findSession(tokenHash);
  }

  /** Looks a session up in the store, never in the cache: for re-checks that must see a logout on any instance. */
  async findSession(tokenHash: string): Promise<SessionInfo | null> {
    const at = this.now();
    const session = await this.store.getSession(tokenHash);
    if (!session || session.expiresAt <= at) {
      this.cache.delete(tokenHash);
      return null;
    }
    if (this.cache.size >= MAX_CACHED_SESSIONS) this.cache.clear();
    this.cache.set(tokenHash, { username: session.username, expiresAt: session.expiresAt, checkedAt: at });
    return { username: session.username, tokenHash, expiresAt: session.expiresAt };
  }

  /** Revokes the session, then tells every listener (the socket.io session watch) so its sockets end at once. */
  async logout(token: string | undefined): Promise<void> {
    if (!token || token.length > 200) return;
    const tokenHash = hashSessionToken(token);
    this.cache.delete(tokenHash);
    await this.store.deleteSession(tokenHash);
    this.cache.delete(tokenHash);
    this.log.info('supervisor logged out');
    this.sessionEnded(tokenHash, 'logged_out');
  }

  /**
   * Ends every session of `username` but `keepTokenHash` (disabling, a password reset or change), sockets included
   * on every instance through the same path as a logout.
   */
  async endSessionsOf(username: string, keepTokenHash?: string): Promise<number> {
    const ended = await this.store.deleteSessionsOf(username, keepTokenHash);
    for (const tokenHash of ended) {
      this.cache.delete(tokenHash);
      this.sessionEnded(tokenHash, 'revoked');
    }
    if (ended.length > 0) this.log.info({ username, sessions: ended.length }, 'ended a user\'s sessions');
    return ended.length;
  }

  /**
   * A user's own password change: the current password is checked under the login limits (it is a password guess),
   * the new one stored, and the user's other sessions end.
   */
  async changePassword(input: { username: string; tokenHash: string; currentPassword: string; newPassword: string; client: string }): Promise<PasswordChange> {
    const decision = await this.limiter.take(input.client, input.username);
    if (!decision.allowed) return { ok: false, code: 'rate_limited', message: 'Too many attempts. Wait a few minutes and try again.', retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) };
    const supervisor = await this.store.getSupervisor(input.username);
    const matches = await this.verify(input.currentPassword, supervisor?.passwordHash ?? (await dummyPasswordHash()));
    if (supervisor === null || !matches) {
      this.log.warn({ username: input.username, client: input.client }, 'wrong current password in a password change');
      return { ok: false, code: 'wrong_password', message: 'currentPassword: that is not your current password.' };
    }
    await this.limiter.succeeded(input.client, input.username);
    await this.store.setSupervisorPassword(input.username, await hashPassword(input.newPassword));
    const ended = await this.endSessionsOf(input.username, input.tokenHash);
    this.log.info({ username: input.username, endedSessions: ended }, 'user changed their password');
    return { ok: true };
  }

  /** Another instance ended this session: drop the cached lookup so this instance refuses it at once too. */
  forgetSession(tokenHash: string): void {
    this.cache.delete(tokenHash);
  }

  /** Calls `listener` whenever a session ends on this instance (logout). Returns the unsubscribe function. */
  onSessionEnded(listener: SessionEndedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async pruneExpired(): Promise<void> {
    await this.store.deleteExpiredSessions(this.now());
  }

  close(): void {
    this.limiter.close();
    this.listeners.clear();
  }

  private sessionEnded(tokenHash: string, reason: SessionEndReason) {
    for (const listener of this.listeners) {
      try {
        listener(tokenHash, reason);
      } catch (error) {
        this.log.error({ err: error }, 'a session-ended listener failed');
      }
    }
  }
}

/** The SHA-256 of a session token: what the store keeps and what names the session anywhere else. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
