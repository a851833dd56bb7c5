/** OIDC_* and LOCAL_LOGIN settings: defaults, maps and every refusal with a message that names the variable. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_MAP } from '../../lib/oidc-claims';
import { ConfigError, loadConfig } from '../../server/config';

const ENTRA = {
  PUBLIC_BASE_URL: 'https://earshot.contoso.com/',
  OIDC_ISSUER: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
  OIDC_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  OIDC_CLIENT_SECRET: 'a-secret',
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('single sign-on configuration', () => {
  it('is off by default, with password login on', () => {
    const config = loadConfig({});
    expect(config.oidc).toBeNull();
    expect(config.localLogin).toBe(true);
  });

  it('takes Entra ID settings with sensible defaults: roles claim, default role map, no default role, no team claim', () => {
    const config = loadConfig(ENTRA);
    expect(config.oidc).toEqual({
      issuer: ENTRA.OIDC_ISSUER,
      clientId: ENTRA.OIDC_CLIENT_ID,
      clientSecret: 'a-secret',
      redirectUri: 'https://earshot.contoso.com/api/auth/oidc/callback',
      scopes: 'openid profile email',
      roleClaim: 'roles',
      roleMap: DEFAULT_ROLE_MAP,
      defaultRole: null,
      teamClaim: undefined,
      teamMap: new Map(),
      buttonLabel: 'Sign in with Microsoft',
      logout: 'local',
    });
  });

  it('reads the role and team maps, the default role, the label and LOCAL_LOGIN=off', () => {
    const config = loadConfig({
      ...ENTRA,
      OIDC_ROLE_MAP: 'Ops.Lead=admin, Ops.Agent=viewer',
      OIDC_DEFAULT_ROLE: 'viewer',
      OIDC_TEAM_CLAIM: 'groups',
      OIDC_TEAM_MAP: '0b7c-group=Seattle desk,9f2e-group=Madrid',
      OIDC_BUTTON_LABEL: 'Sign in with Contoso',
      OIDC_REDIRECT_URI: 'https://sso.contoso.com/api/auth/oidc/callback',
      OIDC_LOGOUT: 'provider',
      LOCAL_LOGIN: 'off',
    });
    expect(config.localLogin).toBe(false);
    expect(config.oidc).toMatchObject({
      roleMap: new Map([['Ops.Lead', 'admin'], ['Ops.Agent', 'viewer']]),
      defaultRole: 'viewer',
      teamClaim: 'groups',
      teamMap: new Map([['0b7c-group', 'Seattle desk'], ['9f2e-group', 'Madrid']]),
      buttonLabel: 'Sign in with Contoso',
      redirectUri: 'https://sso.contoso.com/api/auth/oidc/callback',
      logout: 'provider',
    });
  });

  it('refuses incomplete or invalid settings, naming each variable', () => {
    expect(problemsOf({ OIDC_ISSUER: ENTRA.OIDC_ISSUER, PUBLIC_BASE_URL: ENTRA.PUBLIC_BASE_URL })).toMatch(/OIDC_CLIENT_ID: required with OIDC_ISSUER/);
    expect(problemsOf({ OIDC_CLIENT_ID: 'x' })).toMatch(/OIDC_ISSUER: required with OIDC_CLIENT_ID/);
    expect(problemsOf({ OIDC_ISSUER: ENTRA.OIDC_ISSUER, OIDC_CLIENT_ID: 'x' })).toMatch(/needs PUBLIC_BASE_URL \(or OIDC_REDIRECT_URI\)/);
    expect(problemsOf({ ...ENTRA, OIDC_ISSUER: 'http://idp.contoso.com' })).toMatch(/OIDC_ISSUER: must be https/);
    expect(loadConfig({ ...ENTRA, OIDC_ISSUER: 'http://127.0.0.1:9999' }).oidc?.issuer).toBe('http://127.0.0.1:9999');
    expect(problemsOf({ ...ENTRA, OIDC_ROLE_MAP: 'Ops.Lead=boss' })).toMatch(/OIDC_ROLE_MAP: .*a role is one of admin, supervisor, viewer/);
    expect(problemsOf({ ...ENTRA, OIDC_ROLE_MAP: 'Ops.Lead' })).toMatch(/OIDC_ROLE_MAP: "Ops.Lead" is not claim-value=target/);
    expect(problemsOf({ ...ENTRA, OIDC_ROLE_MAP: 'a=admin,a=viewer' })).toMatch(/OIDC_ROLE_MAP: a is mapped twice/);
    expect(problemsOf({ ...ENTRA, OIDC_DEFAULT_ROLE: 'root' })).toMatch(/OIDC_DEFAULT_ROLE/);
    expect(problemsOf({ ...ENTRA, OIDC_TEAM_MAP: 'g=Seattle' })).toMatch(/OIDC_TEAM_MAP: needs OIDC_TEAM_CLAIM/);
    expect(problemsOf({ ...ENTRA, OIDC_SCOPES: 'profile email' })).toMatch(/OIDC_SCOPES: must include openid/);
    expect(problemsOf({ ...ENTRA, OIDC_LOGOUT: 'everywhere' })).toMatch(/OIDC_LOGOUT/);
  });

  it('refuses LOCAL_LOGIN=off without single sign-on: nobody could log in', () => {
    expect(problemsOf({ LOCAL_LOGIN: 'off' })).toMatch(/LOCAL_LOGIN: off needs single sign-on/);
    expect(problemsOf({ LOCAL_LOGIN: 'maybe' })).toMatch(/LOCAL_LOGIN/);
  });
});
