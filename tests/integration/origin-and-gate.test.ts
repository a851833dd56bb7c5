/**
 * The request gate and the socket.io handshake against a forged Origin, and the client address the gate hands to
 * route handlers. A stand-in for Next echoes what reached it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EarshotServer } from '../../server/create-app';
import { connectSupervisor, loginCookie, startEarshot, startTestAcs, tempDatabasePath, type TestAcs } from '../helpers/earshot-harness';

const PUBLIC_ORIGIN = 'https://earshot.example.com';
const WALLBOARD_ORIGIN = 'https://wallboard.example.com:8443';
const EVIL = 'https://evil.example';

let acs: TestAcs;
let server: EarshotServer;
let proxied: EarshotServer;
let cookie: string;

/** What Next would have been given. */
function echo(req: IncomingMessage, res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ reached: true, client: req.headers['x-earshot-client-address'] ?? null, supervisor: req.headers['x-earshot-supervisor'] ?? null }));
}

beforeAll(async () => {
  acs = await startTestAcs();
  server = await startEarshot({
    databasePath: tempDatabasePath(),
    jwksUrl: acs.jwksUrl,
    env: { PUBLIC_BASE_URL: `${PUBLIC_ORIGIN}/earshot`, ALLOWED_ORIGINS: WALLBOARD_ORIGIN },
    handleRequest: echo,
  });
  proxied = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, env: { TRUST_PROXY: '2' }, handleRequest: echo });
  cookie = await loginCookie(server);
});

afterAll(async () => {
  await server.close();
  await proxied.close();
  await acs.close();
});

async function post(path: string, headers: Record<string, string>, target: EarshotServer = server) {
  const response = await fetch(`${target.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: '{}' });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const FORBIDDEN = { ok: false, error: { code: 'forbidden_origin', message: expect.any(String) } };

describe('Origin checks on HTTP', () => {
  it('refuses a state-changing request from another site, and lets the same request from Earshot’s own origins through', async () => {
    expect(await post('/api/calls', { origin: EVIL })).toEqual({ status: 403, body: FORBIDDEN });
    expect(await post('/api/calls/some-call/hang-up', { origin: 'null' })).toEqual({ status: 403, body: FORBIDDEN });
    for (const origin of [server.url, PUBLIC_ORIGIN, WALLBOARD_ORIGIN]) {
      expect(await post('/api/calls', { origin })).toMatchObject({ status: 200, body: { reached: true } });
    }
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const response = await fetch(`${server.url}/api/calls/x`, { method, headers: { origin: EVIL, cookie } });
      expect(response.status).toBe(403);
    }
  });

  it('guards the login route too (login CSRF), with or without a session', async () => {
    const response = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { origin: EVIL, 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(FORBIDDEN);
  });

  it('without Origin, refuses what the browser marks cross-site and accepts non-browser clients', async () => {
    expect(await post('/api/calls', { 'sec-fetch-site': 'cross-site' })).toEqual({ status: 403, body: FORBIDDEN });
    expect(await post('/api/calls', {})).toMatchObject({ status: 200, body: { reached: true } });
  });

  it('never refuses reads, nor the ACS webhooks (server to server, authenticated by JWT / secret)', async () => {
    const read = await fetch(`${server.url}/api/calls`, { headers: { origin: EVIL, cookie } });
    expect(read.status).toBe(200);
    for (const path of ['/api/acs/callbacks', '/api/acs/incoming-call?secret=x']) {
      expect(await post(path, { origin: EVIL, 'sec-fetch-site': 'cross-site' })).toMatchObject({ status: 200, body: { reached: true } });
    }
  });
});

describe('Origin checks on socket.io', () => {
  it('refuses a handshake from another site and accepts Earshot’s own origins', async () => {
    await expect(connectSupervisor(server, cookie, { origin: EVIL })).rejects.toThrow();
    for (const origin of [server.url, PUBLIC_ORIGIN, WALLBOARD_ORIGIN]) {
      const socket = await connectSupervisor(server, cookie, { origin });
      expect(socket.connected).toBe(true);
      socket.disconnect();
    }
  });

  it('refuses a long-polling handshake from another site too', async () => {
    const handshake = (origin: string) => fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin, cookie } });
    expect((await handshake(EVIL)).status).toBe(403);
    expect((await handshake(server.url)).status).toBe(200);
  });
});

describe('client address', () => {
  it('without trusted proxies is the TCP peer; a forged X-Forwarded-For or internal header changes nothing', async () => {
    const response = await post('/api/calls', { 'x-forwarded-for': '6.6.6.6', 'x-earshot-client-address': '7.7.7.7', 'x-earshot-supervisor': 'mallory' });
    expect(response.body).toEqual({ reached: true, client: '127.0.0.1', supervisor: 'sam' });
    const anonymous = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'x-earshot-client-address': '7.7.7.7', 'x-earshot-supervisor': 'mallory' } });
    expect(await anonymous.json()).toEqual({ reached: true, client: '127.0.0.1', supervisor: null });
  });

  it('behind TRUST_PROXY=2, is the address the outer trusted proxy saw', async () => {
    const through = (forwardedFor: string) => post('/api/auth/login', { 'x-forwarded-for': forwardedFor, 'x-earshot-client-address': '7.7.7.7' }, proxied);
    expect((await through('6.6.6.6, 203.0.113.7, 10.0.0.2')).body).toMatchObject({ client: '203.0.113.7' });
    expect((await through('203.0.113.7:50123, 10.0.0.2')).body).toMatchObject({ client: '203.0.113.7' });
    // Fewer entries than trusted proxies: the request did not come through them, so the peer it is.
    expect((await through('203.0.113.7')).body).toMatchObject({ client: '127.0.0.1' });
  });
});
