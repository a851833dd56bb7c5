/**
 * Login attempt limits: per (client address, username), so one account cannot be guessed at, and per client
 * address overall, so one address cannot spray many usernames. An attempt is counted before its password is
 * checked, so a thousand parallel requests cannot all slip in before the first failure is recorded.
 *
 * `LoginLimiter` is the seam for several instances: a store- or Redis-backed limiter can implement it. The
 * in-memory one here is hand-written because the libraries for this (rate-limiter-flexible, say) do not cap
 * their memory, and an attacker with many addresses must not be able to grow it.
 */
import { addressBucket } from '../http/client-address';

export type LoginLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface LoginLimiter {
  /** Counts one attempt for this client and username, or refuses it when either budget is spent. */
  take(client: string, username: string): Promise<LoginLimitDecision>;
  /** The password was right: this (client, username) budget starts over and the attempt goes back to the client. */
  succeeded(client: string, username: string): Promise<void>;
  close(): void;
}

export interface LoginLimits {
  /** Attempts per (client address, username) per window. */
  perClientAndUser: number;
  /** Attempts per client address per window, whatever the usernames. */
  perClient: number;
  windowMs: number;
  /** Counters kept at most; beyond it the ones closest to expiring are dropped first. */
  maxEntries: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perClientAndUser: 10, perClient: 30, windowMs: 5 * 60_000, maxEntries: 50_000 };
const PRUNE_INTERVAL_MS = 60_000;

interface Window {
  count: number;
  resetAt: number;
}

export class MemoryLoginLimiter implements LoginLimiter {
  /**
   * Fixed windows. A key is deleted and re-inserted whenever its window restarts, so the Map's insertion order is
   * also resetAt order: expired entries are always at the front, and pruning never has to scan the rest.
   */
  private readonly windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.prune(this.now()), PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  get size(): number {
    return this.windows.size;
  }

  take(client: string, username: string): Promise<LoginLimitDecision> {
    const at = this.now();
    this.prune(at);
    const keys = this.keys(client, username);
    const pair = this.current(keys.pair, at);
    const whole = this.current(keys.client, at);
    const spent = [pair && pair.count >= this.limits.perClientAndUser ? pair : undefined, whole && whole.count >= this.limits.perClient ? whole : undefined]
      .filter((window) => window !== undefined);
    if (spent.length > 0) {
      return Promise.resolve({ allowed: false, retryAfterMs: Math.max(1, ...spent.map((window) => window.resetAt - at)) });
    }
    this.count(keys.client, whole, at);
    this.count(keys.pair, pair, at);
    return Promise.resolve({ allowed: true });
  }

  succeeded(client: string, username: string): Promise<void> {
    const keys = this.keys(client, username);
    this.windows.delete(keys.pair);
    const whole = this.windows.get(keys.client);
    if (whole && whole.count > 0) whole.count -= 1;
    return Promise.resolve();
  }

  close(): void {
    clearInterval(this.timer);
  }

  private keys(client: string, username: string) {
    const bucket = addressBucket(client);
    // Case and Unicode variants of one name share a budget.
    return { client: `c|${bucket}`, pair: `u|${bucket}|${username.normalize('NFKC').toLowerCase()}` };
  }

  private current(key: string, at: number): Window | undefined {
    const window = this.windows.get(key);
    return window && window.resetAt > at ? window : undefined;
  }

  private count(key: string, window: Window | undefined, at: number) {
    if (window) {
      window.count += 1;
      return;
    }
    this.windows.delete(key);
    while (this.windows.size >= this.limits.maxEntries) this.dropOldest();
    this.windows.set(key, { count: 1, resetAt: at + this.limits.windowMs });
  }

  private prune(at: number) {
    for (const [key, window] of this.windows) {
      if (window.resetAt > at) return;
      this.windows.delete(key);
    }
  }

  private dropOldest() {
    const oldest = this.windows.keys().next();
    if (!oldest.done) this.windows.delete(oldest.value);
  }
}
