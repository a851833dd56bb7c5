/** From ID token claims to an Earshot account (lib/oidc-claims.ts). */
import { describe, expect, it } from 'vitest';
import { claimValues, DEFAULT_ROLE_MAP, hasClaimOverage, identitySubject, mapRole, mapTeamNames, parseRoleMap, parseValueMap, usernameCandidates, usernameFromClaims } from '../../lib/oidc-claims';
import { UsernameSchema } from '../../lib/users';

describe('claim mapping', () => {
  it('reads a claim as strings: an array, one string, or a dotted path; anything else is no value', () => {
    const claims = { roles: ['Earshot.Admin', 7, 'x'], single: 'one', realm_access: { roles: ['viewer'] }, weird: { a: 1 } };
    expect(claimValues(claims, 'roles')).toEqual(['Earshot.Admin', 'x']);
    expect(claimValues(claims, 'single')).toEqual(['one']);
    expect(claimValues(claims, 'realm_access.roles')).toEqual(['viewer']);
    expect(claimValues(claims, 'weird')).toEqual([]);
    expect(claimValues(claims, 'missing.deeper')).toEqual([]);
  });

  it('gives the highest mapped role, else the default role, else null (refused)', () => {
    expect(mapRole(['Earshot.Viewer', 'Earshot.Supervisor'], DEFAULT_ROLE_MAP, null)).toBe('supervisor');
    expect(mapRole(['viewer', 'Earshot.Admin', 'Other'], DEFAULT_ROLE_MAP, null)).toBe('admin');
    expect(mapRole(['Other'], DEFAULT_ROLE_MAP, null)).toBeNull();
    expect(mapRole([], DEFAULT_ROLE_MAP, 'viewer')).toBe('viewer');
    // Case matters, as Entra ID app role values are compared exactly.
    expect(mapRole(['earshot.admin'], DEFAULT_ROLE_MAP, null)).toBeNull();
  });

  it('maps team claim values to team names, each once, and reports the rest', () => {
    const map = new Map([['g1', 'Seattle'], ['g2', 'Seattle'], ['g3', 'Madrid']]);
    expect(mapTeamNames(['g2', 'g1', 'g9', 'g3'], map)).toEqual({ names: ['Seattle', 'Madrid'], unmapped: ['g9'] });
  });

  it('parses claim-value=target lists and rejects malformed ones', () => {
    expect(parseValueMap(' a = Team A ,b=B,')).toEqual({ ok: true, map: new Map([['a', 'Team A'], ['b', 'B']]) });
    expect(parseValueMap('a=b=c')).toMatchObject({ ok: false });
    expect(parseValueMap('=b')).toMatchObject({ ok: false });
    expect(parseRoleMap('x=admin')).toEqual({ ok: true, map: new Map([['x', 'admin']]) });
    expect(parseRoleMap('x=owner')).toMatchObject({ ok: false, problem: expect.stringContaining('a role is one of') });
  });

  it('keys Entra ID users by tenant and object id, others by sub', () => {
    expect(identitySubject({ sub: 'pairwise', oid: 'o-1', tid: 't-1' })).toBe('t-1/o-1');
    expect(identitySubject({ sub: 'abc', oid: 'o-1' })).toBe('abc');
    expect(identitySubject({ sub: '' })).toBeNull();
    expect(identitySubject({})).toBeNull();
  });

  it('spots a groups overage', () => {
    expect(hasClaimOverage({ _claim_names: { groups: 'src1' }, _claim_sources: {} }, 'groups')).toBe(true);
    expect(hasClaimOverage({ groups: ['g'] }, 'groups')).toBe(false);
  });

  it('derives a valid username from preferred_username, email or name', () => {
    expect(usernameFromClaims({ preferred_username: 'derek@contoso.com', email: 'x@y.z' })).toBe('derek@contoso.com');
    expect(usernameFromClaims({ email: 'ana.garcía@contoso.es' })).toBe('ana.garc.a@contoso.es');
    expect(usernameFromClaims({ name: '  Derek  Jones ' })).toBe('Derek.Jones');
    expect(usernameFromClaims({ name: 'दीपक शर्मा' })).toBeNull();
    expect(usernameFromClaims({ preferred_username: '   ', name: 'Sam' })).toBe('Sam');
    const long = usernameFromClaims({ preferred_username: `${'a'.repeat(100)}@contoso.com` }) ?? '';
    for (const candidate of usernameCandidates(long, 20)) expect(UsernameSchema.safeParse(candidate).success).toBe(true);
    expect(usernameCandidates('sam', 3)).toEqual(['sam', 'sam-2', 'sam-3']);
  });
});
