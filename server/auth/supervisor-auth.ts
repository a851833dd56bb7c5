/**
 * Supervisor accounts and sessions. Sessions are random tokens in an HttpOnly cookie; the store keeps only
 * their SHA-256, so a leaked database cannot be replayed as a login. Any instance can check a session.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';
import { hashPassword, verifyPassword } from './password-hash';

const MAX_ATTEMPTS = 10;
const ATTEMPT_WINDOW_MS = 5 * 60_000;
export const DEFAULT_SUPERVISOR = 'supervisor';

export type LoginResult =
  | { ok: true; token: string; username: string; expiresAt: number }
  | { ok: false; code: 'invalid_credentials' | 'rate_limited'; message: string };

export class SupervisorAuth {
  private readonly attempts = new Map<string, { count: number; resetAt: number }>();
  private readonly cache = new Map<string, { username: string; expiresAt: number; checkedAt: number }>();

  constructor(
    private readonly store: CallStore,
    private readonly sessionTtlMs: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Makes sure a supervisor account exists. Configured credentials are applied as given; with none, the first
   * start generates a password, stores only its hash and prints it once.
   */
  async bootstrap(configured: { username: string | undefined; password: string | undefined }): Promise<void> {
    if (configured.username !== undefined && configured.password !== undefined) {
      const hash = await hashPassword(configured.password);
      const created = await this.store.createSupervisor({ username: configured.username, passwordHash: hash, createdAt: this.now() });
      if (!created) await this.store.setSupervisorPassword(configured.username, hash);
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

  async login(username: string, password: string, clientKey: string): Promise<LoginResult> {
    const key = `${clientKey}|${username}`;
    const at = this.now();
    const attempt = this.attempts.get(key);
    if (attempt && attempt.resetAt > at && attempt.count >= MAX_ATTEMPTS) {
      return { ok: false, code: 'rate_limited', message: 'Too many attempts. Wait a few minutes and try again.' };
    }
    const supervisor = await this.store.getSupervisor(username);
    const valid = supervisor !== null && (await verifyPassword(password, supervisor.passwordHash));
    if (!valid) {
      const current = attempt && attempt.resetAt > at ? attempt : { count: 0, resetAt: at + ATTEMPT_WINDOW_MS };
      current.count += 1;
      this.attempts.set(key, current);
      // Not the typed username: people type passwords into it by mistake. Whether it exists is enough to spot attacks.
      this.log.warn({ knownUser: supervisor !== null, clientKey }, 'failed supervisor login');
      return { ok: false, code: 'invalid_credentials', message: 'Wrong username or password.' };
    }
    this.attempts.delete(key);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = at + this.sessionTtlMs;
    await this.store.createSession({ tokenHash: hashToken(token), username, createdAt: at, expiresAt });
    this.log.info({ username }, 'supervisor logged in');
    return { ok: true, token, username, expiresAt };
  }

  /** Resolves a session token to its supervisor, or null. Results are cached briefly for page-asset bursts. */
  async authenticate(token: string | undefined): Promise<string | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = hashToken(token);
    const at = this.now();
    const cached = this.cache.get(tokenHash);
    if (cached && cached.expiresAt > at && at - cached.checkedAt < 5_000) return cached.username;
    const session = await this.store.getSession(tokenHash);
    if (!session || session.expiresAt <= at) {
      this.cache.delete(tokenHash);
      return null;
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(tokenHash, { username: session.username, expiresAt: session.expiresAt, checkedAt: at });
    return session.username;
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    const tokenHash = hashToken(token);
    this.cache.delete(tokenHash);
    await this.store.deleteSession(tokenHash);
  }

  async pruneExpired(): Promise<void> {
    await this.store.deleteExpiredSessions(this.now());
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
