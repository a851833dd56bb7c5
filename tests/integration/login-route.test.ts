/**
 * The login and logout routes through the real Next route handlers (the whole app in a child process): the login
 * limiter keys on the address the gate resolved, never on a header the client wrote; foreign origins are
 * refused; and logging out ends that session's live sockets.
 */
import { request } from 'node:http';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEnded } from '../../lib/protocol';
import { SUPERVISOR, type SupervisorSocket } from '../helpers/earshot-harness';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { waitFor } from '../helpers/wait-for';

let app: NextServer;

beforeAll(async () => {
  app = await startNextServer();
}, 180_000);

afterAll(async () => {
  await app.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A POST from a chosen local address: the server listens on 127.0.0.1 and sees 127.0.0.x as the TCP peer. */
function postFrom(localAddress: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, app.url);
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? null : (JSON.parse(text) as unknown) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function connect(cookie: string): Promise<SupervisorSocket> {
  const socket: SupervisorSocket = connectSocket(app.url, { transports: ['websocket'], extraHeaders: { cookie, origin: app.url }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe('login route', () => {
  it('limits by the TCP peer: a new X-Forwarded-For (or a forged internal header) on every try does not reset it', async () => {
    const tries: Answer[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const forged = `198.51.100.${attempt}`;
      tries.push(await postFrom('127.0.0.2', '/api/auth/login', { username: SUPERVISOR.username, password: `guess-${attempt}` }, { 'x-forwarded-for': forged, 'x-earshot-client-address': forged }));
    }
    expect(tries.slice(0, 10).map((answer) => answer.status)).toEqual(Array.from({ length: 10 }, () => 401));
    const refused = tries[10];
    expect(refused?.status).toBe(429);
    expect(refused?.body).toEqual({ ok: false, error: { code: 'rate_limited', message: expect.any(String) } });
    const retryAfter = Number(refused?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300);
    // Even the right password waits now, from this address; another address is not affected.
    expect((await postFrom('127.0.0.2', '/api/auth/login', SUPERVISOR, { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429);
    expect((await postFrom('127.0.0.3', '/api/auth/login', SUPERVISOR)).status).toBe(200);
    expect(app.lines().join('\n')).not.toContain('guess-');
  });

  it('limits one address across usernames, so it cannot spray them', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 31; attempt += 1) {
      statuses.push((await postFrom('127.0.0.4', '/api/auth/login', { username: `user-${attempt}`, password: 'guess' })).status);
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('refuses a login posted from another site (login CSRF)', async () => {
    const foreign = await postFrom('127.0.0.5', '/api/auth/login', SUPERVISOR, { origin: 'https://evil.example' });
    expect(foreign).toMatchObject({ status: 403, body: { ok: false, error: { code: 'forbidden_origin' } } });
    expect(foreign.headers['set-cookie']).toBeUndefined();
    expect((await postFrom('127.0.0.5', '/api/auth/login', SUPERVISOR, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await postFrom('127.0.0.5', '/api/auth/login', SUPERVISOR, { origin: app.url })).status).toBe(200);
  });
});

describe('logout route', () => {
  it('ends the live sockets of that session at once, and no other', async () => {
    const cookie = await app.login();
    const otherCookie = await app.login();
    const socket = await connect(cookie);
    const other = await connect(otherCookie);
    const ended: SessionEnded[] = [];
    let disconnected: string | null = null;
    socket.on('session:ended', (event) => ended.push(event));
    socket.on('disconnect', (reason) => {
      disconnected = reason;
    });

    const response = await fetch(`${app.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: app.url } });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    await waitFor(() => disconnected, 5_000, 'the logged-out socket disconnected');
    expect(ended).toEqual([{ reason: 'logged_out' }]);
    expect(disconnected).toBe('io server disconnect');
    expect(other.connected).toBe(true);
    expect((await other.timeout(5_000).emitWithAck('calls:watch')).ok).toBe(true);
    other.disconnect();
  });

  it('refuses a logout posted from another site', async () => {
    const cookie = await app.login();
    const response = await fetch(`${app.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect((await fetch(`${app.url}/api/session`, { headers: { cookie } })).status).toBe(200);
  });
});
