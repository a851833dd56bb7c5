/**
 * From an OpenID provider's ID token claims to an Earshot account: who it is (issuer + subject), the username to
 * show, the role and the teams. Pure, so the mapping is unit-tested without a provider.
 */
import { ROLES, type Role } from './permissions';
import { UsernameSchema } from './users';

/**
 * Used when OIDC_ROLE_MAP is unset: Earshot's own role names, and the app roles the README's Entra ID steps create
 * (Entra ID sends app roles' values in the `roles` claim).
 */
export const DEFAULT_ROLE_MAP: ReadonlyMap<string, Role> = new Map<string, Role>([
  ['admin', 'admin'],
  ['supervisor', 'supervisor'],
  ['viewer', 'viewer'],
  ['Earshot.Admin', 'admin'],
  ['Earshot.Supervisor', 'supervisor'],
  ['Earshot.Viewer', 'viewer'],
]);

/** Highest first: a user holding several mapped roles gets the strongest one. */
const ROLE_RANK: readonly Role[] = ['admin', 'supervisor', 'viewer'];

export type ValueMapParse = { ok: true; map: Map<string, string> } | { ok: false; problem: string };

/**
 * `claim value=target,claim value=target`: OIDC_ROLE_MAP and OIDC_TEAM_MAP. Values are trimmed; a claim value may
 * appear once. Neither side may contain `,` or `=` (group object ids, app role values and team names rarely do).
 */
export function parseValueMap(text: string): ValueMapParse {
  const map = new Map<string, string>();
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const parts = entry.split('=');
    const from = parts[0]?.trim() ?? '';
    const to = parts[1]?.trim() ?? '';
    if (parts.length !== 2 || from === '' || to === '') return { ok: false, problem: `"${entry.trim()}" is not claim-value=target` };
    if (map.has(from)) return { ok: false, problem: `${from} is mapped twice` };
    map.set(from, to);
  }
  return { ok: true, map };
}

/** OIDC_ROLE_MAP's targets must be roles. */
export function parseRoleMap(text: string): { ok: true; map: Map<string, Role> } | { ok: false; problem: string } {
  const parsed = parseValueMap(text);
  if (!parsed.ok) return parsed;
  const map = new Map<string, Role>();
  for (const [from, to] of parsed.map) {
    const role = ROLES.find((candidate) => candidate === to);
    if (role === undefined) return { ok: false, problem: `${from}=${to}: a role is one of ${ROLES.join(', ')}` };
    map.set(from, role);
  }
  return { ok: true, map };
}

/**
 * The string values of a claim: an array of strings, or one string. `path` may be dotted for providers that nest
 * roles (Keycloak's `realm_access.roles`). Anything else (numbers, objects) counts as no value.
 */
export function claimValues(claims: Readonly<Record<string, unknown>>, path: string): string[] {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** The strongest role any value maps to; else the default role; null means "refuse the sign-in". */
export function mapRole(values: readonly string[], roleMap: ReadonlyMap<string, Role>, defaultRole: Role | null): Role | null {
  const granted = new Set(values.flatMap((value) => {
    const role = roleMap.get(value);
    return role === undefined ? [] : [role];
  }));
  return ROLE_RANK.find((role) => granted.has(role)) ?? defaultRole;
}

/** Team names the values map to (each once, in map order of the values), and the values nothing maps. */
export function mapTeamNames(values: readonly string[], teamMap: ReadonlyMap<string, string>): { names: string[]; unmapped: string[] } {
  const names = new Set<string>();
  const unmapped: string[] = [];
  for (const value of values) {
    const name = teamMap.get(value);
    if (name === undefined) unmapped.push(value);
    else names.add(name);
  }
  return { names: [...names], unmapped };
}

/**
 * Entra ID replaces `groups` with an overage pointer (`_claim_names.groups`) when a user is in too many groups
 * (200 in a JWT); the groups are then not in the token at all.
 */
export function hasClaimOverage(claims: Readonly<Record<string, unknown>>, claim: string): boolean {
  const names = claims._claim_names;
  return typeof names === 'object' && names !== null && claim in names;
}

/**
 * The person's stable id at the provider. Entra ID's `oid` (with its tenant `tid`) is the same for the user in every
 * app of the tenant and survives re-creating the app registration, while `sub` is per app; elsewhere `sub`.
 */
export function identitySubject(claims: Readonly<Record<string, unknown>>): string | null {
  const { oid, tid, sub } = claims;
  if (typeof oid === 'string' && oid !== '' && typeof tid === 'string' && tid !== '') return `${tid}/${oid}`;
  return typeof sub === 'string' && sub !== '' ? sub : null;
}

const MAX_BASE_CHARS = 60;

/**
 * A valid Earshot username from `preferred_username` (Entra ID: the UPN, `derek@contoso.com`), `email` or `name`:
 * characters a username cannot have become `.`, and it is cut short enough to take a `-2` suffix.
 */
export function usernameFromClaims(claims: Readonly<Record<string, unknown>>): string | null {
  for (const key of ['preferred_username', 'email', 'name']) {
    const value = claims[key];
    if (typeof value !== 'string') continue;
    const cleaned = value
      .normalize('NFKC')
      .trim()
      .replace(/[^A-Za-z0-9._@-]+/g, '.')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, MAX_BASE_CHARS)
      .replace(/[^A-Za-z0-9]+$/, '');
    if (UsernameSchema.safeParse(cleaned).success) return cleaned;
  }
  return null;
}

/**
 * The names to try, in order, for a new SSO account: the base, then `base-2`, `base-3`… An existing account of
 * the same name (a local one, or another identity's) is never taken over: the new account gets the next free name.
 */
export function usernameCandidates(base: string, count: number): string[] {
  return [base, ...Array.from({ length: count - 1 }, (_, index) => `${base}-${index + 2}`)];
}
