/**
 * The login limits of login-limiter.ts counted in Redis, so an attacker spreading attempts over several instances
 * gets the same budget as against one. Fixed windows: INCR, and PEXPIRE on the first attempt of a window.
 */
import { addressBucket } from '../http/client-address';
import type { RedisClient } from '../cluster/redis';
import { DEFAULT_LOGIN_LIMITS, type LoginLimitDecision, type LoginLimiter, type LoginLimits } from './login-limiter';

export class RedisLoginLimiter implements LoginLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  async take(client: string, username: string): Promise<LoginLimitDecision> {
    const keys = this.keys(client, username);
    const [pair, whole] = await Promise.all([this.peek(keys.pair), this.peek(keys.client)]);
    const spent = [pair.count >= this.limits.perClientAndUser ? pair : null, whole.count >= this.limits.perClient ? whole : null].filter((window) => window !== null);
    if (spent.length > 0) return { allowed: false, retryAfterMs: Math.max(1, ...spent.map((window) => window.ttlMs)) };
    await Promise.all([this.count(keys.pair), this.count(keys.client)]);
    return { allowed: true };
  }

  async succeeded(client: string, username: string): Promise<void> {
    const keys = this.keys(client, username);
    await this.redis.del(keys.pair);
    const remaining = await this.redis.decr(keys.client);
    if (remaining < 0) await this.redis.del(keys.client);
  }

  close(): void {}

  private keys(client: string, username: string) {
    const bucket = addressBucket(client);
    return { client: `${this.prefix}login:c|${bucket}`, pair: `${this.prefix}login:u|${bucket}|${username.normalize('NFKC').toLowerCase()}` };
  }

  private async peek(key: string) {
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.pTTL(key)]);
    return { count: Number(count ?? 0), ttlMs: ttl > 0 ? ttl : this.limits.windowMs };
  }

  private async count(key: string) {
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.pExpire(key, this.limits.windowMs);
  }
}
