/**
 * A real OpenID provider (`oidc-provider`) in the test process, on a free loopback port: one confidential client
 * registered for the Earshot under test, PKCE (S256) required, and test users whose ID tokens carry `roles` and
 * `groups` claims the way Entra ID sends app roles and security groups. Its development login page (any password)
 * is what a browser, or `signInThrough` below, signs in at; consent is skipped for the one client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

export interface TestUser {
  /** Claims besides `sub` (the account id): preferred_username, email, name, roles, groups, oid, tid… */
  claims: Record<string, unknown>;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by id (what is typed into the login page); change them between sign-ins to test refreshes. */
  users: Map<string, TestUser>;
  /** The env that points an Earshot at this provider. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export interface TestOidcProviderOptions {
  /** Earshot's callback URL, registered for the client exactly. */
  redirectUri: string;
  /** Where the provider may send the browser after logout (RP-initiated logout). */
  postLogoutRedirectUri?: string;
  users?: Record<string, TestUser>;
}

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'earshot-test';
  const clientSecret = 'earshot-test-client-secret-0123456789';
  const users = new Map(Object.entries(options.users ?? {}));

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: options.postLogoutRedirectUri ? [options.postLogoutRedirectUri] : [],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { methods: ['S256'], required: () => true },
    // Profile and custom claims in the ID token itself, as Entra ID puts them there.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'roles', 'groups', 'oid', 'tid', '_claim_names'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
    },
    cookies: { keys: ['earshot-test-provider-cookie-key'] },
    // Set, so the provider does not print a notice for each default it uses.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx, id) => {
      const user = users.get(id);
      if (!user) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...user.claims }) };
    },
    // No consent screen for the one test client: the grant covers what was asked.
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      if (!accountId || !client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    users,
    env: () => ({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A cookie jar for one host (cookies ignore ports, so Earshot's and the provider's share it, as in a browser). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=thu, 01 jan 1970/i.test(attribute));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export interface Hop {
  url: string;
  status: number;
  location: string | null;
}

/**
 * Follows redirects by hand with `fetch`, carrying the jar's cookies, until a response that is not a redirect;
 * returns it and every hop (so a test can replay one).
 */
export async function follow(jar: CookieJar, url: string, init: RequestInit = {}, hops: Hop[] = []): Promise<{ response: Response; hops: Hop[] }> {
  let current = url;
  let request: RequestInit = init;
  for (let hop = 0; hop < 20; hop += 1) {
    const response = await fetch(current, { ...request, redirect: 'manual', headers: { ...(request.headers as Record<string, string> | undefined), cookie: jar.header() } });
    jar.store(response);
    const location = response.headers.get('location');
    hops.push({ url: current, status: response.status, location });
    if (response.status < 300 || response.status >= 400 || location === null) return { response, hops };
    await response.arrayBuffer();
    current = new URL(location, current).href;
    request = {};
  }
  throw new Error(`more than 20 redirects from ${url}`);
}

/**
 * Signs in through Earshot's single sign-on the way a browser does: start, the provider's login page (the form is
 * read and posted as a browser would), back to Earshot's callback. Returns where it ended and the hops.
 */
export interface SignInTrip {
  /** The last URL requested (Earshot's page after the callback's redirect, or /login?error=…). */
  finalUrl: string;
  status: number;
  hops: Hop[];
  /** Earshot's transaction cookie as it was while the browser was at the provider (to replay a callback). */
  transactionCookie: string | undefined;
  /** The callback URL the provider redirected to (code and state). */
  callbackUrl: string | undefined;
}

export async function signInThrough(earshotUrl: string, jar: CookieJar, account: string, next = '/'): Promise<SignInTrip> {
  const started = await follow(jar, `${earshotUrl}/api/auth/oidc/start?next=${encodeURIComponent(next)}`);
  const page = started.response;
  const loginPageUrl = started.hops.at(-1)?.url ?? '';
  const transactionCookie = jar.get('earshot_oidc');
  if (page.status !== 200 || !loginPageUrl.startsWith('http://127.0.0.1') || loginPageUrl.startsWith(earshotUrl)) {
    await page.arrayBuffer();
    return { finalUrl: loginPageUrl, status: page.status, hops: started.hops, transactionCookie, callbackUrl: undefined };
  }
  const html = await page.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form at ${loginPageUrl}`);
  const finished = await follow(jar, new URL(action, loginPageUrl).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login: account, password: 'any' }).toString(),
  }, started.hops);
  await finished.response.arrayBuffer();
  const last = finished.hops.at(-1);
  const callbackUrl = finished.hops.find((hop) => hop.url.startsWith(`${earshotUrl}/api/auth/oidc/callback`))?.url;
  return { finalUrl: last?.url ?? '', status: finished.response.status, hops: finished.hops, transactionCookie, callbackUrl };
}
