import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth/password-hash';
import { hashSessionToken, SupervisorAuth } from '../../server/auth/supervisor-auth';
import { createLogger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { tempDatabasePath } from '../helpers/earshot-harness';

const PASSWORD = 'correct-horse-battery';
let store: CallStore | undefined;
let auth: SupervisorAuth | undefined;
afterEach(async () => {
  auth?.close();
  await store?.close();
  auth = undefined;
  store = undefined;
});

async function setUp(verify: (password: string, hash: string) => Promise<boolean> = verifyPassword) {
  store = await openSqliteCallStore(tempDatabasePath());
  auth = new SupervisorAuth({ store, sessionTtlMs: 60_000, log: createLogger('silent'), verifyPassword: verify });
  await auth.bootstrap({ username: 'sam', password: PASSWORD });
  return auth;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

describe('supervisor login', () => {
  it('spends one password check on every attempt, against a dummy hash for unknown usernames', async () => {
    const checked: string[] = [];
    const auth = await setUp(async (password, hash) => {
      checked.push(hash);
      return verifyPassword(password, hash);
    });
    const realHash = (await store?.getSupervisor('sam'))?.passwordHash;
    expect(await auth.login('sam', 'wrong-password', '192.0.2.1')).toMatchObject({ ok: false, code: 'invalid_credentials' });
    expect(await auth.login('nobody', 'wrong-password', '192.0.2.1')).toMatchObject({ ok: false, code: 'invalid_credentials' });
    expect(await auth.login('nobody-else', PASSWORD, '192.0.2.1')).toMatchObject({ ok: false, code: 'invalid_credentials' });
    expect(await auth.login('sam', PASSWORD, '192.0.2.1')).toMatchObject({ ok: true, username: 'sam' });
    expect(checked).toHaveLength(4);
    expect(checked[0]).toBe(realHash);
    expect(checked[3]).toBe(realHash);
    // The dummy is a real scrypt hash with the same parameters, not a string that fails fast.
    expect(checked[1]).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(checked[1]).toBe(checked[2]);
    expect(checked[1]).not.toBe(realHash);
  });

  it('takes about as long for an unknown username as for a known one (generous bounds)', async () => {
    const auth = await setUp();
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so machine load hits both alike; distinct clients keep the limiter out of the way.
    for (let round = 0; round < 5; round += 1) {
      for (const [username, times] of [['sam', known], [`ghost-${round}`, unknown]] as const) {
        const started = performance.now();
        await auth.login(username, 'wrong-password', `198.51.100.${round}`);
        times.push(performance.now() - started);
      }
    }
    // Without the dummy check an unknown username answers about 50 times faster; with it the ratio is about 1.
    expect(median(unknown)).toBeGreaterThan(median(known) / 4);
  });

  it('refuses with rate_limited and a Retry-After once an address spent its budget, without checking the password', async () => {
    let checks = 0;
    const auth = await setUp(async () => {
      checks += 1;
      return false;
    });
    for (let attempt = 0; attempt < 10; attempt += 1) await auth.login('sam', 'guess', '203.0.113.9');
    expect(checks).toBe(10);
    const refused = await auth.login('sam', 'guess', '203.0.113.9');
    expect(refused).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(refused.ok === false && refused.code === 'rate_limited' ? refused.retryAfterSeconds : 0).toBeGreaterThan(200);
    expect(checks).toBe(10);
  });

  it('on logout forgets the cached session and tells listeners which session ended', async () => {
    const auth = await setUp();
    const login = await auth.login('sam', PASSWORD, '192.0.2.1');
    if (!login.ok) throw new Error('login failed');
    const session = await auth.session(login.token);
    expect(session).toMatchObject({ username: 'sam' });
    expect(session?.tokenHash).not.toContain(login.token);
    const ended: [string, string][] = [];
    auth.onSessionEnded((tokenHash, reason) => ended.push([tokenHash, reason]));
    await auth.logout(login.token);
    expect(ended).toEqual([[session?.tokenHash, 'logged_out']]);
    // Straight after, within the cache's lifetime, the session is gone.
    expect(await auth.authenticate(login.token)).toBeNull();
  });

  it('still spends the scrypt time on a stored hash it cannot use', async () => {
    const hash = await hashPassword('anything-else');
    const malformed: number[] = [];
    const usable: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const [stored, times] of [['scrypt$1024$8$1$c2FsdA$aGFzaA', malformed], [hash, usable]] as const) {
        const started = performance.now();
        expect(await verifyPassword('anything', stored)).toBe(false);
        times.push(performance.now() - started);
      }
    }
    expect(median(malformed)).toBeGreaterThan(median(usable) / 4);
  });

  it('refuses a disabled account like a wrong password, ends a user\'s sessions as revoked, and keeps the configured account an admin', async () => {
    const checked: string[] = [];
    const auth = await setUp(async (password, hash) => {
      checked.push(hash);
      return verifyPassword(password, hash);
    });
    const first = await auth.login('sam', PASSWORD, '192.0.2.7');
    const second = await auth.login('sam', PASSWORD, '192.0.2.7');
    if (!first.ok || !second.ok) throw new Error('login failed');
    const ended: string[] = [];
    auth.onSessionEnded((tokenHash, reason) => ended.push(`${tokenHash}:${reason}`));
    const keep = (await auth.session(second.token))?.tokenHash;
    expect(await auth.endSessionsOf('sam', keep)).toBe(1);
    expect(ended).toEqual([`${hashSessionToken(first.token)}:revoked`]);
    expect(await auth.authenticate(first.token)).toBeNull();
    expect(await auth.authenticate(second.token)).toBe('sam');

    await store?.createUser({ username: 'kim', passwordHash: await hashPassword(PASSWORD), role: 'viewer', teamIds: [], createdAt: 1 });
    await store?.updateUser('kim', { disabled: true });
    checked.length = 0;
    expect(await auth.login('kim', PASSWORD, '192.0.2.8')).toMatchObject({ ok: false, code: 'invalid_credentials' });
    expect(checked).toHaveLength(1);

    // An admin demoted the configured account; the next start makes it an enabled admin again.
    await store?.updateUser('kim', { role: 'admin', disabled: false });
    await store?.updateUser('sam', { role: 'viewer', disabled: true });
    await auth.bootstrap({ username: 'sam', password: PASSWORD });
    expect(await store?.getUser('sam')).toMatchObject({ role: 'admin', disabled: false });
  });
});
