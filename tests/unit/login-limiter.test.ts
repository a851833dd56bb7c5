import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLoginLimiter, type LoginLimits } from '../../server/auth/login-limiter';

const LIMITS: LoginLimits = { perClientAndUser: 3, perClient: 5, windowMs: 60_000, maxEntries: 1_000 };
let limiter: MemoryLoginLimiter | undefined;
afterEach(() => limiter?.close());

function make(limits: LoginLimits = LIMITS) {
  const clock = { now: 1_000_000 };
  limiter = new MemoryLoginLimiter(limits, () => clock.now);
  return { limiter, clock };
}

async function allowedCount(limiter: MemoryLoginLimiter, attempts: [string, string][]) {
  let allowed = 0;
  for (const [client, username] of attempts) if ((await limiter.take(client, username)).allowed) allowed += 1;
  return allowed;
}

describe('login limiter', () => {
  it('limits attempts per (address, username) and says when to come back', async () => {
    const { limiter, clock } = make();
    expect(await allowedCount(limiter, Array.from({ length: 3 }, () => ['1.2.3.4', 'sam']))).toBe(3);
    clock.now += 20_000;
    expect(await limiter.take('1.2.3.4', 'sam')).toEqual({ allowed: false, retryAfterMs: 40_000 });
    // Case variants are the same name.
    expect((await limiter.take('1.2.3.4', 'SAM')).allowed).toBe(false);
    // Another address has its own budget.
    expect((await limiter.take('5.6.7.8', 'sam')).allowed).toBe(true);
    clock.now += 40_000;
    expect((await limiter.take('1.2.3.4', 'sam')).allowed).toBe(true);
  });

  it('limits one address overall, so it cannot spray usernames', async () => {
    const { limiter } = make();
    const spray = Array.from({ length: 20 }, (_, index): [string, string] => ['1.2.3.4', `user-${index}`]);
    expect(await allowedCount(limiter, spray)).toBe(LIMITS.perClient);
    // One IPv6 /64 is one client.
    const v6 = Array.from({ length: 20 }, (_, index): [string, string] => [`2001:db8:1:2::${(index + 1).toString(16)}`, `user-${index}`]);
    expect(await allowedCount(limiter, v6)).toBe(LIMITS.perClient);
  });

  it('starts the (address, username) budget over after a success and gives the attempt back to the address', async () => {
    const { limiter } = make();
    await allowedCount(limiter, [['1.2.3.4', 'sam'], ['1.2.3.4', 'sam']]);
    await limiter.succeeded('1.2.3.4', 'sam');
    expect(await allowedCount(limiter, Array.from({ length: 4 }, () => ['1.2.3.4', 'sam']))).toBe(3);
    // 2 + 3 taken, 1 given back: one more attempt for another name fits in the address budget of 5.
    expect(await allowedCount(limiter, [['1.2.3.4', 'kim'], ['1.2.3.4', 'lee']])).toBe(1);
  });

  it('counts an attempt before the password check, so parallel attempts cannot all get through', async () => {
    const { limiter } = make();
    const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.take('1.2.3.4', 'sam')));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
  });

  it('prunes expired windows and never holds more than maxEntries', async () => {
    const { limiter, clock } = make({ ...LIMITS, maxEntries: 100 });
    for (let index = 0; index < 40; index += 1) await limiter.take(`10.0.${Math.floor(index / 250)}.${index % 250}`, 'sam');
    expect(limiter.size).toBe(80);
    clock.now += LIMITS.windowMs;
    await limiter.take('192.0.2.1', 'sam');
    expect(limiter.size).toBe(2);
    // An attacker with many addresses: memory stays capped.
    for (let index = 0; index < 5_000; index += 1) await limiter.take(`10.${Math.floor(index / 65_536)}.${Math.floor(index / 256) % 256}.${index % 256}`, 'sam');
    expect(limiter.size).toBeLessThanOrEqual(100);
    // The newest windows survive, so the addresses attacking right now are still limited.
    expect(await allowedCount(limiter, [['10.0.19.135', 'sam'], ['10.0.19.135', 'sam'], ['10.0.19.135', 'sam']])).toBe(2);
  });
});
