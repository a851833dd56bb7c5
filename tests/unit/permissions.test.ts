import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, permissionsOf, refusalReason, ROLES } from '../../lib/permissions';
import { patternMatches, TeamPatternSchema, TeamPatternsSchema, teamMatches } from '../../lib/team-match';
import { CreateUserSchema, UpdateUserSchema, validationError } from '../../lib/users';

describe('permissions', () => {
  it('gives admins everything, supervisors control and export, viewers nothing', () => {
    expect(permissionsOf('admin')).toEqual([...PERMISSIONS]);
    expect(permissionsOf('supervisor')).toEqual(['control', 'export']);
    expect(permissionsOf('viewer')).toEqual([]);
    for (const role of ROLES) for (const permission of PERMISSIONS) expect(can(role, permission)).toBe(permissionsOf(role).includes(permission));
    expect(can('supervisor', 'erase')).toBe(false);
    expect(can('supervisor', 'manageRules')).toBe(false);
  });

  it('says why in words', () => {
    expect(refusalReason('viewer', 'control')).toBe('Viewers cannot control calls.');
    expect(refusalReason('supervisor', 'erase')).toBe('Supervisors cannot erase calls.');
  });

  it('hands out copies, so a caller cannot widen a role', () => {
    permissionsOf('viewer').push('erase');
    expect(can('viewer', 'erase')).toBe(false);
  });
});

describe('team patterns', () => {
  it('matches exactly, or by prefix when the pattern ends in *', () => {
    expect(patternMatches('4:+1425555*', '4:+14255550117')).toBe(true);
    expect(patternMatches('4:+1425555*', '4:+14265550117')).toBe(false);
    expect(patternMatches('8:acs:bot', '8:acs:bot')).toBe(true);
    expect(patternMatches('8:acs:bot', '8:acs:bot2')).toBe(false);
    expect(teamMatches(['8:acs:x', '4:+1*'], ['8:acs:y', '4:+15550100'])).toBe(true);
    expect(teamMatches([], ['4:+15550100'])).toBe(false);
  });

  it('refuses patterns that would surprise', () => {
    for (const bad of ['', '*', '4:+1*5*', '4:+1 425*', '8:acs:\u0000x', 'x'.repeat(257)]) expect(TeamPatternSchema.safeParse(bad).success).toBe(false);
    expect(TeamPatternSchema.safeParse('8:acs:Ünïcödé*').success).toBe(true);
    expect(TeamPatternsSchema.safeParse(['4:+1*', '4:+1*']).success).toBe(false);
  });
});

describe('user requests', () => {
  it('names the field that is wrong', () => {
    const parsed = CreateUserSchema.safeParse({ username: 'kim', password: 'short', role: 'viewer' });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(validationError(parsed.error)).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^password: /) });
    const role = CreateUserSchema.safeParse({ username: 'kim', password: 'long-enough-pw', role: 'root' });
    if (!role.success) expect(validationError(role.error).message).toMatch(/^role: A role is one of admin, supervisor, viewer/);
    expect(role.success).toBe(false);
    for (const username of ['', ' kim', 'kim;drop', '-kim', 'k'.repeat(65), 'kïm']) expect(CreateUserSchema.safeParse({ username, password: 'long-enough-pw', role: 'viewer' }).success).toBe(false);
    expect(CreateUserSchema.safeParse({ username: 'kim.lee@contoso', password: 'long-enough-pw', role: 'viewer' }).data?.teamIds).toEqual([]);
    expect(CreateUserSchema.safeParse({ username: 'kim', password: 'long-enough-pw', role: 'viewer', admin: true }).success).toBe(false);
    expect(UpdateUserSchema.safeParse({}).success).toBe(false);
    expect(UpdateUserSchema.safeParse({ disabled: false }).success).toBe(true);
  });
});
