/**
 * Users, roles and teams through the real Next route handlers (the whole app in a child process): every admin route
 * and every sensitive route as admin, supervisor, viewer and anonymous; validation naming the field; the last-admin
 * guard; disabling a user ending their open socket at once; password resets and changes ending sessions.
 */
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, Result, ServerToClientEvents, SessionEnded } from '../../lib/protocol';
import type { SessionView, Team, UserSummary } from '../../lib/users';
import { SUPERVISOR } from '../helpers/earshot-harness';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { waitFor } from '../helpers/wait-for';

type Who = 'admin' | 'supervisor' | 'viewer' | 'anonymous';

let server: NextServer;
const cookies: Record<Who, string> = { admin: '', supervisor: '', viewer: '', anonymous: '' };
const PASSWORD = 'a-long-enough-password';

beforeAll(async () => {
  server = await startNextServer({ env: { DEMO_CALLS: '0' } });
  cookies.admin = await server.login();
}, 600_000);

afterAll(async () => {
  await server?.close();
});

interface Answer<T = unknown> {
  status: number;
  body: Result<T> | null;
}

async function call<T = unknown>(who: Who | string, method: string, pathname: string, body?: unknown): Promise<Answer<T>> {
  const cookie = who in cookies ? cookies[who as Who] : who;
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), origin: server.url, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('application/json') ? (JSON.parse(text) as Result<T>) : null;
  return { status: response.status, body: json };
}

function data<T>(answer: Answer<T>): T {
  if (!answer.body?.ok) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.data;
}

async function login(username: string, password: string): Promise<{ status: number; cookie: string }> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { origin: server.url, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await response.text();
  return { status: response.status, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

async function openSocket(cookie: string) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(server.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  const ended: SessionEnded[] = [];
  socket.on('session:ended', (event) => ended.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, ended };
}

describe('roles and permissions', () => {
  let team: Team;

  it('lets the bootstrap admin create a team and users, each of whom logs in with their role', async () => {
    team = data(await call<Team>('admin', 'POST', '/api/admin/teams', { name: 'Seattle', match: ['4:+1425555*', '8:acs:bot'] }));
    expect(team).toMatchObject({ name: 'Seattle', match: ['4:+1425555*', '8:acs:bot'] });
    for (const role of ['supervisor', 'viewer'] as const) {
      const created = await call<UserSummary>('admin', 'POST', '/api/admin/users', { username: `${role}-1`, password: PASSWORD, role, teamIds: [team.id] });
      expect(created).toMatchObject({ status: 201, body: { ok: true, data: { username: `${role}-1`, role, disabled: false, teamIds: [team.id] } } });
      const session = await login(`${role}-1`, PASSWORD);
      expect(session.status).toBe(200);
      cookies[role] = session.cookie;
    }
    expect(data(await call<SessionView>('admin', 'GET', '/api/session'))).toEqual({ username: SUPERVISOR.username, role: 'admin', permissions: ['manageUsers', 'manageTeams', 'manageRules', 'control', 'export', 'erase'] });
    expect(data(await call<SessionView>('supervisor', 'GET', '/api/session'))).toEqual({ username: 'supervisor-1', role: 'supervisor', permissions: ['control', 'export'] });
    expect(data(await call<SessionView>('viewer', 'GET', '/api/session'))).toEqual({ username: 'viewer-1', role: 'viewer', permissions: [] });
    expect((await call('anonymous', 'GET', '/api/session')).status).toBe(401);
    expect(data(await call<UserSummary[]>('admin', 'GET', '/api/admin/users')).map((user) => `${user.username}:${user.role}`)).toEqual([
      `${SUPERVISOR.username}:admin`,
      'supervisor-1:supervisor',
      'viewer-1:viewer',
    ]);
  });

  it('walks every admin route: admins get through, others 403, nobody logged in 401', async () => {
    const routes: [string, string, unknown][] = [
      ['GET', '/api/admin/users', undefined],
      ['POST', '/api/admin/users', { username: 'walk-user', password: PASSWORD, role: 'viewer' }],
      ['PATCH', '/api/admin/users/walk-user', { role: 'supervisor' }],
      ['GET', '/api/admin/teams', undefined],
      ['POST', '/api/admin/teams', { name: 'Walk', match: ['8:acs:walk'] }],
    ];
    for (const [method, pathname, body] of routes) {
      for (const who of ['anonymous', 'viewer', 'supervisor'] as const) {
        const answer = await call(who, method, pathname, body);
        expect({ who, method, pathname, status: answer.status, code: answer.body?.ok === false ? answer.body.error.code : null }).toEqual({
          who,
          method,
          pathname,
          status: who === 'anonymous' ? 401 : 403,
          code: who === 'anonymous' ? 'unauthorized' : 'forbidden',
        });
      }
      expect((await call('admin', method, pathname, body)).status, `${method} ${pathname}`).toBeLessThan(300);
    }
    const walk = data(await call<Team[]>('admin', 'GET', '/api/admin/teams')).find((entry) => entry.name === 'Walk');
    expect(walk).toBeDefined();
    for (const [method, body] of [['PATCH', { name: 'Walked' }], ['DELETE', undefined]] as const) {
      for (const who of ['anonymous', 'viewer', 'supervisor'] as const) expect((await call(who, method, `/api/admin/teams/${walk?.id}`, body)).status).toBe(who === 'anonymous' ? 401 : 403);
      expect((await call('admin', method, `/api/admin/teams/${walk?.id}`, body)).status).toBe(200);
    }
    expect((await call('admin', 'DELETE', `/api/admin/teams/${walk?.id}`)).status).toBe(404);
    const viewerSaid = await call('viewer', 'GET', '/api/admin/users');
    expect(viewerSaid.body).toEqual({ ok: false, error: { code: 'forbidden', message: 'Viewers cannot manage users.' } });
  });

  it('walks every sensitive route: control and export for supervisors, erasure and rule writes for admins only, nothing for viewers', async () => {
    const call404 = 'no-such-call';
    const routes: [string, string, unknown, 'control' | 'export' | 'erase' | 'manageRules'][] = [
      ['POST', `/api/calls/${call404}/hang-up`, {}, 'control'],
      ['POST', `/api/calls/${call404}/transcription/start`, {}, 'control'],
      ['POST', `/api/calls/${call404}/transcription/stop`, {}, 'control'],
      ['POST', `/api/calls/${call404}/transcription/update`, { locale: 'en-US' }, 'control'],
      ['POST', `/api/calls/${call404}/summarize`, {}, 'control'],
      ['POST', '/api/calls', {}, 'control'],
      ['POST', '/api/calls/connect', {}, 'control'],
      ['POST', '/api/calls/ringing/no-such-ring/answer', {}, 'control'],
      ['GET', `/api/calls/${call404}/export?format=json`, undefined, 'export'],
      ['GET', '/api/export?format=json', undefined, 'export'],
      ['DELETE', `/api/calls/${call404}`, {}, 'erase'],
      ['POST', '/api/rules', {}, 'manageRules'],
      ['PUT', '/api/rules/no-such-rule', {}, 'manageRules'],
      ['DELETE', '/api/rules/no-such-rule', undefined, 'manageRules'],
    ];
    const allowed: Record<Who, string[]> = { admin: ['control', 'export', 'erase', 'manageRules'], supervisor: ['control', 'export'], viewer: [], anonymous: [] };
    for (const [method, pathname, body, permission] of routes) {
      for (const who of ['admin', 'supervisor', 'viewer', 'anonymous'] as const) {
        const answer = await call(who, method, pathname, body);
        const label = `${who} ${method} ${pathname}`;
        if (who === 'anonymous') expect(answer.status, label).toBe(401);
        else if (allowed[who].includes(permission)) expect([401, 403], label).not.toContain(answer.status);
        else {
          expect(answer.status, label).toBe(403);
          expect(answer.body, label).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/^(Viewers|Supervisors) cannot /) } });
        }
      }
    }
    // Reading stays open to every role.
    for (const pathname of ['/api/rules', '/api/alerts', '/api/calls']) expect((await call('viewer', 'GET', pathname)).status, pathname).toBe(200);
  });

  it('validates admin input naming the field, refuses duplicates and never leaves no enabled admin', async () => {
    const bad = await call('admin', 'POST', '/api/admin/users', { username: 'kim', password: 'short', role: 'viewer' });
    expect(bad).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/^password: /) } } });
    expect(await call('admin', 'POST', '/api/admin/users', { username: 'kim', password: PASSWORD, role: 'root' })).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/^role: /) } } });
    expect(await call('admin', 'POST', '/api/admin/users', { username: 'kim;--', password: PASSWORD, role: 'viewer' })).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/^username: /) } } });
    expect(await call('admin', 'POST', '/api/admin/users', { username: 'kim', password: PASSWORD, role: 'viewer', teamIds: ['nope'] })).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/^teamIds: /) } } });
    expect(await call('admin', 'POST', '/api/admin/users', { username: 'viewer-1', password: PASSWORD, role: 'viewer' })).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect(await call('admin', 'POST', '/api/admin/teams', { name: 'Seattle', match: [] })).toMatchObject({ status: 409 });
    expect(await call('admin', 'POST', '/api/admin/teams', { name: 'Bad', match: ['4:+1*2*'] })).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/^match\.0: /) } } });
    expect(await call('admin', 'PATCH', '/api/admin/users/nobody', { role: 'viewer' })).toMatchObject({ status: 404 });
    expect(await call('admin', 'PATCH', '/api/admin/users/viewer-1', {})).toMatchObject({ status: 400 });
    // The bootstrap admin is the only admin: it can be neither demoted nor disabled.
    expect(await call('admin', 'PATCH', `/api/admin/users/${SUPERVISOR.username}`, { role: 'viewer' })).toMatchObject({ status: 409, body: { error: { code: 'last_admin' } } });
    expect(await call('admin', 'PATCH', `/api/admin/users/${SUPERVISOR.username}`, { disabled: true })).toMatchObject({ status: 409, body: { error: { code: 'last_admin' } } });
    expect(data(await call<SessionView>('admin', 'GET', '/api/session')).role).toBe('admin');
  });

  it('disabling a user ends their open socket at once, and they cannot log in again until enabled', async () => {
    const { socket, ended } = await openSocket(cookies.viewer);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    expect(data(await call<UserSummary>('admin', 'PATCH', '/api/admin/users/viewer-1', { disabled: true })).disabled).toBe(true);
    await disconnected;
    expect(ended).toEqual([{ reason: 'revoked' }]);
    expect((await call('viewer', 'GET', '/api/session')).status).toBe(401);
    expect((await login('viewer-1', PASSWORD)).status).toBe(401);
    await call('admin', 'PATCH', '/api/admin/users/viewer-1', { disabled: false });
    const again = await login('viewer-1', PASSWORD);
    expect(again.status).toBe(200);
    cookies.viewer = again.cookie;
    socket.close();
  });

  it('a password reset ends that user\'s sessions; changing your own ends your other sessions only', async () => {
    const other = (await login('supervisor-1', PASSWORD)).cookie;
    expect(data(await call<UserSummary>('admin', 'PATCH', '/api/admin/users/supervisor-1', { password: 'reset-by-the-admin' })).username).toBe('supervisor-1');
    for (const cookie of [cookies.supervisor, other]) expect((await call(cookie, 'GET', '/api/session')).status).toBe(401);
    expect((await login('supervisor-1', PASSWORD)).status).toBe(401);
    const first = (await login('supervisor-1', 'reset-by-the-admin')).cookie;
    const second = (await login('supervisor-1', 'reset-by-the-admin')).cookie;
    const { socket, ended } = await openSocket(second);
    expect(await call(first, 'POST', '/api/session/password', { currentPassword: 'wrong-password', newPassword: 'my-own-new-password' })).toMatchObject({
      status: 403,
      body: { ok: false, error: { code: 'wrong_password', fields: [{ path: 'currentPassword' }] } },
    });
    expect(await call(first, 'POST', '/api/session/password', { currentPassword: 'reset-by-the-admin', newPassword: 'short' })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/^newPassword: /) } },
    });
    expect((await call(first, 'POST', '/api/session/password', { currentPassword: 'reset-by-the-admin', newPassword: 'my-own-new-password' })).status).toBe(200);
    await waitFor(() => ended.length > 0, 5_000, 'the other session\'s socket to end');
    expect(ended).toEqual([{ reason: 'revoked' }]);
    expect((await call(first, 'GET', '/api/session')).status).toBe(200);
    expect((await call(second, 'GET', '/api/session')).status).toBe(401);
    expect((await login('supervisor-1', 'my-own-new-password')).status).toBe(200);
    socket.close();
  });

  it('rate-limits guesses at the current password like logins', async () => {
    const cookie = (await login('walk-user', PASSWORD)).cookie;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) statuses.push((await call(cookie, 'POST', '/api/session/password', { currentPassword: `guess-${attempt}`, newPassword: 'never-set-password' })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(statuses[10]).toBe(429);
  });
});
