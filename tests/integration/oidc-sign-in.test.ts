/**
 * Single sign-on end to end over HTTP: the whole app (Next route handlers, tests/helpers/next-server.ts) against a
 * real OpenID provider in this process (tests/helpers/oidc-provider.ts), signing in through the provider's login
 * page with cookies carried from hop to hop as a browser would. Role and team mapping, refresh at every sign-in,
 * and the refusals: bad state, a replayed callback, no mapped role, a disabled account, cancelled sign-in, a
 * username that a local account holds, LOCAL_LOGIN=off and an unreachable provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../lib/protocol';
import type { Team, UserSummary } from '../../lib/users';
import { SUPERVISOR } from '../helpers/earshot-harness';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { CookieJar, follow, signInThrough, startTestOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider';
import { freePort } from '../helpers/server-process';
import { waitFor } from '../helpers/wait-for';

let provider: TestOidcProvider;
let app: NextServer;
let base: string;
let adminCookie: string;
let seattle: Team;

const derek = {
  claims: {
    preferred_username: 'derek@contoso.com',
    email: 'derek@contoso.com',
    name: 'Derek Jones',
    roles: ['Earshot.Supervisor', 'Unrelated.Role'],
    groups: ['grp-seattle', 'grp-unmapped', 'grp-ghost'],
    oid: 'oid-derek',
    tid: 'tenant-1',
  },
};

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startTestOidcProvider({
    redirectUri: `${base}/api/auth/oidc/callback`,
    postLogoutRedirectUri: `${base}/login`,
    users: {
      derek,
      nora: { claims: { preferred_username: 'nora@contoso.com', roles: ['Something.Else'], groups: [] } },
      vera: { claims: { preferred_username: 'vera@contoso.com', roles: ['Earshot.Viewer'] } },
      // Has the local admin's username at the provider.
      impostor: { claims: { preferred_username: SUPERVISOR.username, roles: ['Earshot.Viewer'] } },
    },
  });
  app = await startNextServer({
    env: {
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      ...provider.env(),
      OIDC_TEAM_CLAIM: 'groups',
      OIDC_TEAM_MAP: 'grp-seattle=Seattle,grp-ghost=No Such Team',
      OIDC_LOGOUT: 'provider',
    },
  });
  adminCookie = await app.login();
  const created = await api('POST', '/api/admin/teams', adminCookie, { name: 'Seattle', match: ['4:+1206*'] });
  seattle = (created.body as { data: Team }).data;
}, 240_000);

afterAll(async () => {
  await app?.close();
  await provider?.close();
});

async function api(method: string, path: string, cookie: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { cookie, origin: base, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function users(): Promise<UserSummary[]> {
  return ((await api('GET', '/api/admin/users', adminCookie)).body as { data: UserSummary[] }).data;
}

function sessionCookieOf(jar: CookieJar): string {
  const token = jar.get(SESSION_COOKIE);
  if (!token) throw new Error('no session cookie');
  return `${SESSION_COOKIE}=${token}`;
}

describe('single sign-on', () => {
  it('signs in through the provider, maps roles and groups, lands on `next` with a normal session and logs no secret', async () => {
    const jar = new CookieJar();
    const trip = await signInThrough(base, jar, 'derek', '/search?q=refund');
    expect(trip.finalUrl).toBe(`${base}/search?q=refund`);
    expect(trip.status).toBe(200);
    // The transaction cookie went with the callback.
    expect(jar.get('earshot_oidc')).toBeUndefined();
    const cookie = sessionCookieOf(jar);
    expect(await api('GET', '/api/session', cookie)).toMatchObject({ status: 200, body: { ok: true, data: { username: 'derek@contoso.com', role: 'supervisor' } } });
    expect((await users()).find((user) => user.username === 'derek@contoso.com')).toMatchObject({ role: 'supervisor', teamIds: [seattle.id], disabled: false });
    // The authorization went out with PKCE, state and nonce.
    const authorize = new URL(trip.hops.find((hop) => hop.url.startsWith(`${provider.issuer}/auth?`))?.url ?? 'http://none');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    // No password exists for the account: no password logs it in.
    expect((await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'derek@contoso.com', password: '!sso' }) })).status).toBe(401);
    // Changing "your password" says why not.
    expect(await api('POST', '/api/session/password', cookie, { currentPassword: 'whatever', newPassword: 'a-new-password-123' })).toMatchObject({
      status: 409,
      body: { ok: false, error: { code: 'sso_account' } },
    });
    const logs = app.lines().join('\n');
    const code = new URL(trip.callbackUrl ?? 'http://none').searchParams.get('code');
    expect(code).toBeTruthy();
    expect(logs).not.toContain(code);
    expect(logs).not.toContain(jar.get(SESSION_COOKIE));
    expect(logs).not.toContain(trip.transactionCookie);
    expect(logs).not.toContain(provider.clientSecret);
    await waitFor(() => app.lines().some((line) => line.includes('OIDC_TEAM_MAP names a team that does not exist')), 10_000, 'the unknown team in the log');
  });

  it('refreshes role and teams from the claims at every sign-in, on the same account', async () => {
    provider.users.set('derek', { claims: { ...derek.claims, roles: ['Earshot.Viewer', 'Earshot.Admin'], groups: [] } });
    const jar = new CookieJar();
    expect((await signInThrough(base, jar, 'derek')).finalUrl).toBe(`${base}/`);
    expect(await api('GET', '/api/session', sessionCookieOf(jar))).toMatchObject({ body: { data: { username: 'derek@contoso.com', role: 'admin' } } });
    expect((await users()).filter((user) => user.username.startsWith('derek'))).toEqual([expect.objectContaining({ username: 'derek@contoso.com', role: 'admin', teamIds: [] })]);
    provider.users.set('derek', derek);
    await signInThrough(base, new CookieJar(), 'derek');
    expect((await users()).find((user) => user.username === 'derek@contoso.com')).toMatchObject({ role: 'supervisor', teamIds: [seattle.id] });
  });

  it('refuses a replayed callback, even with its transaction cookie', async () => {
    const jar = new CookieJar();
    const trip = await signInThrough(base, jar, 'vera');
    expect(trip.finalUrl).toBe(`${base}/`);
    expect(trip.callbackUrl).toBeDefined();
    const replay = await fetch(trip.callbackUrl ?? '', { redirect: 'manual', headers: { cookie: `earshot_oidc=${trip.transactionCookie ?? ''}` } });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/login?error=replayed');
    expect(replay.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
  });

  it('refuses a callback whose state does not match its transaction, or that has none', async () => {
    const jar = new CookieJar();
    await follow(jar, `${base}/api/auth/oidc/start`);
    expect(jar.get('earshot_oidc')).toBeDefined();
    const forged = await fetch(`${base}/api/auth/oidc/callback?code=forged&state=not-the-state`, { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(forged.headers.get('location')).toBe('/login?error=expired');
    expect(forged.headers.getSetCookie().join('\n')).toMatch(/earshot_oidc=;.*Max-Age=0/);
    const bare = await fetch(`${base}/api/auth/oidc/callback?code=forged&state=x`, { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe('/login?error=expired');
    const tampered = await fetch(`${base}/api/auth/oidc/callback?code=forged&state=x`, { redirect: 'manual', headers: { cookie: `earshot_oidc=${(jar.get('earshot_oidc') ?? '').slice(0, -4)}AAAA` } });
    expect(tampered.headers.get('location')).toBe('/login?error=expired');
  });

  it('refuses a user with no mapped role, and creates no account', async () => {
    const trip = await signInThrough(base, new CookieJar(), 'nora');
    expect(trip.finalUrl).toBe(`${base}/login?error=no_role`);
    expect((await users()).some((user) => user.username.startsWith('nora'))).toBe(false);
    const page = await (await fetch(trip.finalUrl)).text();
    expect(page).toContain('Your account has no Earshot role');
  });

  it('refuses a disabled account', async () => {
    expect((await signInThrough(base, new CookieJar(), 'vera')).finalUrl).toBe(`${base}/`);
    expect((await api('PATCH', '/api/admin/users/vera%40contoso.com', adminCookie, { disabled: true })).status).toBe(200);
    expect((await signInThrough(base, new CookieJar(), 'vera')).finalUrl).toBe(`${base}/login?error=disabled`);
  });

  it('never takes over a local account of the same name: the provider user gets another', async () => {
    const jar = new CookieJar();
    expect((await signInThrough(base, jar, 'impostor')).finalUrl).toBe(`${base}/`);
    expect(await api('GET', '/api/session', sessionCookieOf(jar))).toMatchObject({ body: { data: { username: `${SUPERVISOR.username}-2`, role: 'viewer' } } });
    expect((await users()).find((user) => user.username === SUPERVISOR.username)).toMatchObject({ role: 'admin' });
    // The local account keeps its password login; signing in again reaches the same SSO account.
    expect(await app.login()).toContain(SESSION_COOKIE);
    await signInThrough(base, new CookieJar(), 'impostor');
    expect((await users()).filter((user) => user.username.startsWith(SUPERVISOR.username)).map((user) => user.username)).toEqual([SUPERVISOR.username, `${SUPERVISOR.username}-2`]);
  });

  it('ends on /login when the user cancels at the provider', async () => {
    const jar = new CookieJar();
    const started = await follow(jar, `${base}/api/auth/oidc/start`);
    await started.response.arrayBuffer();
    const interaction = started.hops.at(-1)?.url ?? '';
    expect(interaction).toMatch(/\/interaction\//);
    const aborted = await follow(jar, `${interaction}/abort`);
    await aborted.response.arrayBuffer();
    expect(aborted.hops.at(-1)?.url).toBe(`${base}/login?error=access_denied`);
  });

  it('logs out locally and hands back the provider logout (OIDC_LOGOUT=provider) for SSO accounts only', async () => {
    const jar = new CookieJar();
    await signInThrough(base, jar, 'derek');
    const cookie = sessionCookieOf(jar);
    const out = await api('POST', '/api/auth/logout', cookie, {});
    const redirect = (out.body as { data: { redirect: string } }).data.redirect;
    expect(redirect.startsWith(`${provider.issuer}/session/end?`)).toBe(true);
    expect(new URL(redirect).searchParams.get('post_logout_redirect_uri')).toBe(`${base}/login`);
    expect((await api('GET', '/api/session', cookie)).status).toBe(401);
    const local = await app.login();
    expect(await api('POST', '/api/auth/logout', local, {})).toMatchObject({ body: { ok: true, data: { redirect: null } } });
  });

  it('shows the sign-in button and the password form on /login, and only known error messages', async () => {
    const page = await (await fetch(`${base}/login?error=%3Cscript%3E`)).text();
    expect(page).toContain('data-testid="login.sso"');
    expect(page).toContain('Sign in with Microsoft');
    expect(page).toContain('data-testid="login.username"');
    expect(page).not.toContain('data-testid="login.sso-error"');
  });
});

describe('LOCAL_LOGIN=off, provider unreachable', () => {
  let offline: NextServer;
  let offlineUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    offlineUrl = `http://127.0.0.1:${port}`;
    offline = await startNextServer({
      env: { PORT: String(port), PUBLIC_BASE_URL: offlineUrl, LOCAL_LOGIN: 'off', OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`, OIDC_CLIENT_ID: 'earshot', OIDC_BUTTON_LABEL: 'Sign in with Contoso' },
    });
  }, 240_000);

  afterAll(async () => {
    await offline?.close();
  });

  it('refuses password login with 403 and hides the form', async () => {
    const response = await fetch(`${offlineUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: offlineUrl }, body: JSON.stringify(SUPERVISOR) });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'local_login_disabled' } });
    const page = await (await fetch(`${offlineUrl}/login`)).text();
    expect(page).toContain('Sign in with Contoso');
    expect(page).not.toContain('data-testid="login.username"');
  });

  it('ends on /login with a clear message when the provider cannot be reached', async () => {
    const response = await fetch(`${offlineUrl}/api/auth/oidc/start?next=/wall`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?error=provider_unavailable');
    // The log line crosses a pipe from the child process: wait for it rather than race it.
    await waitFor(() => offline.lines().some((line) => line.includes('OpenID provider discovery failed')), 10_000, 'the discovery failure in the log');
  });
});
