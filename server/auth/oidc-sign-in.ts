/**
 * Single sign-on with an OpenID provider (Microsoft Entra ID, or any other), with `openid-client`: discovery,
 * the authorization code flow with PKCE, state and nonce, and ID token validation are the library's. This module
 * decides what Earshot does with a validated sign-in: which account it is (issuer + subject, lib/oidc-claims.ts),
 * its role and teams from the claims (refreshed at every sign-in), and a normal Earshot session.
 */
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { claimValues, hasClaimOverage, identitySubject, mapRole, mapTeamNames, usernameCandidates, usernameFromClaims } from '../../lib/oidc-claims';
import type { Role } from '../../lib/permissions';
import type { SignInError } from '../../lib/sign-in-errors';
import type { OidcConfig } from '../config';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';
import { openTransaction, sealTransaction, transactionCookie, type OidcTransaction } from './oidc-transaction';
import type { SupervisorAuth } from './supervisor-auth';

/** What SSO accounts get as a password hash: not a scrypt hash, so no password ever matches it (password-hash.ts). */
export const NO_LOCAL_PASSWORD = '!sso';
const USERNAME_TRIES = 20;
const PROVIDER_TIMEOUT_SECONDS = 10;

export type OidcStart = { ok: true; location: string; cookie: string } | { ok: false; error: SignInError };
export type OidcFinish = { ok: true; username: string; token: string; expiresAt: number; next: string } | { ok: false; error: SignInError };

export interface OidcSignInOptions {
  config: OidcConfig;
  store: CallStore;
  auth: SupervisorAuth;
  log: Logger;
  now: () => number;
  secureCookies: boolean;
  /** The transaction cookie's key (oidc-transaction.ts). */
  transactionKey: Uint8Array;
  /**
   * Told when a sign-in changed an existing account's role or teams, so the user's other open sockets (another tab,
   * another instance) are re-scoped at once, as an admin's edit is (AccessChanges.usersChanged).
   */
  usersChanged?: (usernames: readonly string[]) => Promise<void>;
}

/** A sign-in refused for a reason the user is told. */
class SignInRefused extends Error {
  constructor(readonly reason: SignInError) {
    super(reason);
  }
}

export class OidcSignIn {
  private discovered: Promise<client.Configuration> | null = null;

  constructor(private readonly options: OidcSignInOptions) {}

  get buttonLabel(): string {
    return this.options.config.buttonLabel;
  }

  /** The provider's authorization URL for a new transaction, and the cookie that carries the transaction. */
  async start(next: string): Promise<OidcStart> {
    try {
      return await this.begin(next);
    } catch (error) {
      this.options.log.error({ err: describeError(error) }, 'could not start a single sign-on');
      return { ok: false, error: 'failed' };
    }
  }

  /** The provider's redirect back: `query` is the callback's query string, `sealed` the transaction cookie. */
  async finish(query: URLSearchParams, sealed: string | undefined): Promise<OidcFinish> {
    try {
      return await this.complete(query, sealed);
    } catch (error) {
      // A store failure, say: the user gets the generic message, the log the cause (never a token).
      this.options.log.error({ err: describeError(error) }, 'a single sign-on failed');
      return { ok: false, error: 'failed' };
    }
  }

  private async begin(next: string): Promise<OidcStart> {
    const configuration = await this.configuration();
    if (configuration === null) return { ok: false, error: 'provider_unavailable' };
    const transaction: OidcTransaction = {
      id: randomBytes(18).toString('base64url'),
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      next,
    };
    const location = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.options.config.redirectUri,
      scope: this.options.config.scopes,
      response_type: 'code',
      // The provider redirects back with a GET (query), so the SameSite=Lax transaction cookie comes along.
      response_mode: 'query',
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
      code_challenge_method: 'S256',
    });
    const sealed = await sealTransaction(transaction, this.options.transactionKey, this.options.now());
    return { ok: true, location: location.href, cookie: transactionCookie(sealed, this.options.secureCookies) };
  }

  private async complete(query: URLSearchParams, sealed: string | undefined): Promise<OidcFinish> {
    const { log } = this.options;
    const transaction = await openTransaction(sealed, this.options.transactionKey, this.options.now());
    const providerError = query.get('error');
    if (providerError !== null) {
      // error_description is the provider's text (no token); error codes are RFC 6749's (access_denied…).
      log.warn({ error: providerError.slice(0, 100), description: query.get('error_description')?.slice(0, 300) }, 'the identity provider refused a sign-in');
      return { ok: false, error: providerError === 'access_denied' ? 'access_denied' : 'failed' };
    }
    if (transaction === null || query.get('state') !== transaction.state) {
      log.warn({ transaction: transaction === null ? 'missing or expired' : 'state mismatch' }, 'refused a sign-in callback without its transaction');
      return { ok: false, error: 'expired' };
    }
    // Each transaction is good for one callback, on any instance: the processed-events table makes it single use.
    if (!(await this.options.store.recordProcessedEvent(`oidc-transaction:${transaction.id}`, this.options.now()))) {
      log.warn('refused a replayed sign-in callback');
      return { ok: false, error: 'replayed' };
    }
    const configuration = await this.configuration();
    if (configuration === null) return { ok: false, error: 'provider_unavailable' };
    let claims: Record<string, unknown>;
    try {
      const callbackUrl = new URL(this.options.config.redirectUri);
      callbackUrl.search = query.toString();
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      const idTokenClaims = tokens.claims();
      if (idTokenClaims === undefined) throw new Error('no ID token');
      claims = { ...idTokenClaims };
    } catch (error) {
      const unreachable = isNetworkError(error);
      log.warn({ err: describeError(error) }, unreachable ? 'the identity provider could not be reached to finish a sign-in' : 'a sign-in response did not validate');
      return { ok: false, error: unreachable ? 'provider_unavailable' : 'invalid_response' };
    }
    try {
      const username = await this.signIn(claims);
      const session = await this.options.auth.openSession(username);
      log.info({ username }, 'user signed in with single sign-on');
      return { ok: true, username, ...session, next: transaction.next };
    } catch (error) {
      if (error instanceof SignInRefused) return { ok: false, error: error.reason };
      throw error;
    }
  }

  /**
   * RP-initiated logout (OIDC_LOGOUT=provider): where to send a single sign-on user's browser once the Earshot
   * session has ended, so the provider's session ends too; null for local accounts or when the provider has no
   * end_session_endpoint. The provider sends the browser back to Earshot's /login.
   */
  async providerLogoutUrl(username: string): Promise<string | null> {
    if (this.options.config.logout !== 'provider' || !(await this.options.store.hasIdentity(username))) return null;
    const configuration = await this.configuration();
    if (configuration?.serverMetadata().end_session_endpoint === undefined) return null;
    const postLogout = new URL('/login', this.options.config.redirectUri).href;
    return client.buildEndSessionUrl(configuration, { client_id: this.options.config.clientId, post_logout_redirect_uri: postLogout }).href;
  }

  /** Finds or creates the account, refreshes its role and teams from the claims, and returns its username. */
  private async signIn(claims: Record<string, unknown>): Promise<string> {
    const { config, store, log } = this.options;
    const subject = identitySubject(claims);
    if (subject === null) throw new SignInRefused('invalid_response');
    const role = mapRole(claimValues(claims, config.roleClaim), config.roleMap, config.defaultRole);
    if (role === null) {
      log.warn({ subject, roleClaim: config.roleClaim, values: claimValues(claims, config.roleClaim).slice(0, 20) }, 'refused a sign-in: no claim value maps to an Earshot role');
      throw new SignInRefused('no_role');
    }
    const teamIds = config.teamClaim === undefined ? undefined : await this.teamIdsOf(claims, config.teamClaim);
    const existing = await store.findIdentityUser(config.issuer, subject);
    const username = existing ?? (await this.createAccount(claims, subject, role, teamIds ?? []));
    const user = await store.getUser(username);
    if (user === null) throw new SignInRefused('failed');
    if (user.disabled) {
      log.warn({ username }, 'refused a sign-in: the account is disabled');
      throw new SignInRefused('disabled');
    }
    if (existing !== null) await this.refresh(username, role, teamIds);
    await store.recordIdentityLogin(config.issuer, subject, this.options.now());
    return username;
  }

  private async createAccount(claims: Record<string, unknown>, subject: string, role: Role, teamIds: string[]): Promise<string> {
    const { config, store, log } = this.options;
    const base = usernameFromClaims(claims);
    if (base === null) throw new SignInRefused('no_username');
    for (const username of usernameCandidates(base, USERNAME_TRIES)) {
      const outcome = await store.createSsoUser({ issuer: config.issuer, subject, username, passwordHash: NO_LOCAL_PASSWORD, role, teamIds, createdAt: this.options.now() });
      switch (outcome) {
        case 'created':
          if (username !== base) log.warn({ username, taken: base }, 'an account of that name exists, so the new single sign-on account got another name');
          log.info({ audit: 'user_created', actor: 'single-sign-on', username, role, teamIds }, 'created an account at its first single sign-on');
          return username;
        case 'identity_exists': {
          const linked = await store.findIdentityUser(config.issuer, subject);
          if (linked !== null) return linked;
          throw new SignInRefused('failed');
        }
        case 'unknown_team':
          // A team was deleted between the lookup and now: try once more without stale ids next round.
          teamIds = await this.teamIdsOf(claims, config.teamClaim ?? '');
          break;
        case 'username_taken':
          break;
      }
    }
    log.warn({ base }, 'no free username for a new single sign-on account');
    throw new SignInRefused('failed');
  }

  private async refresh(username: string, role: Role, teamIds: string[] | undefined) {
    const { store, log } = this.options;
    const change = { role, ...(teamIds !== undefined ? { teamIds } : {}) };
    let outcome = await store.updateUser(username, change);
    if (!outcome.ok && outcome.reason === 'last_admin') {
      // The provider demoted the last enabled admin: keep them admin (someone must manage users), refresh the rest.
      log.warn({ username, role }, 'kept the last enabled admin an admin although the identity provider no longer grants it');
      outcome = teamIds === undefined ? outcome : await store.updateUser(username, { teamIds });
    }
    if (!outcome.ok && outcome.reason !== 'last_admin') log.warn({ username, reason: outcome.reason }, 'could not refresh role and teams at sign-in');
    if (outcome.ok) await this.options.usersChanged?.([username]);
  }

  private async teamIdsOf(claims: Record<string, unknown>, teamClaim: string): Promise<string[]> {
    const { config, store, log } = this.options;
    if (hasClaimOverage(claims, teamClaim)) {
      log.warn({ claim: teamClaim }, 'the token has a group overage instead of groups (the user is in too many groups): no teams from it; assign groups to the app registration or use app roles');
    }
    const { names } = mapTeamNames(claimValues(claims, teamClaim), config.teamMap);
    const teams = await store.listTeams();
    const ids: string[] = [];
    for (const name of names) {
      const team = teams.find((candidate) => candidate.name === name);
      if (team === undefined) log.warn({ team: name }, 'OIDC_TEAM_MAP names a team that does not exist; ignored');
      else ids.push(team.id);
    }
    return ids;
  }

  /** Discovery once, cached; a failure is not cached, so the next sign-in tries again. */
  private async configuration(): Promise<client.Configuration | null> {
    const { config, log } = this.options;
    this.discovered ??= discover(config);
    try {
      return await this.discovered;
    } catch (error) {
      this.discovered = null;
      log.error({ err: describeError(error), issuer: config.issuer }, 'OpenID provider discovery failed');
      return null;
    }
  }
}

async function discover(config: OidcConfig): Promise<client.Configuration> {
  const issuer = new URL(config.issuer);
  // Plain http is accepted only for a provider on this machine (config.ts refuses any other http issuer).
  const insecure = issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {};
  const authentication = config.clientSecret === undefined ? client.None() : client.ClientSecretPost(config.clientSecret);
  return client.discovery(issuer, config.clientId, config.clientSecret, authentication, { ...insecure, timeout: PROVIDER_TIMEOUT_SECONDS });
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** True when the provider could not be reached (refused, reset, DNS, timeout) rather than answering badly. */
function isNetworkError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (current.name === 'TimeoutError' || current.name === 'AbortError' || (current instanceof TypeError && current.message === 'fetch failed')) return true;
  }
  return false;
}

/** Name, code and message only: errors from the token exchange can hold the response, never log that. */
function describeError(error: unknown): { name: string; code?: string; message: string } {
  if (!(error instanceof Error)) return { name: 'unknown', message: String(error).slice(0, 200) };
  const code = (error as Error & { code?: unknown }).code;
  return { name: error.name, ...(typeof code === 'string' ? { code } : {}), message: error.message.slice(0, 300) };
}
