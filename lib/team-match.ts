/**
 * Team match patterns: a participant's ACS raw id, exact ("8:acs:…") or a prefix ending in `*` ("4:+1425555*").
 * A call belongs to every team one of its participants matches (used by team scoping; validated here for the admin API).
 */
import { z } from 'zod';

export const MAX_PATTERN_CHARS = 256;

/**
 * The pseudo-team of calls that match no team. It has no row in `teams` (nothing to edit or delete); admins see its
 * calls, and an admin can make a user responsible for it by giving them this team id.
 */
export const UNASSIGNED_TEAM_ID = 'unassigned';
export const UNASSIGNED_TEAM_NAME = 'Unassigned';
export const MAX_PATTERNS = 200;

export const TeamPatternSchema = z
  .string()
  .min(1, 'A pattern cannot be empty.')
  .max(MAX_PATTERN_CHARS, `A pattern is at most ${MAX_PATTERN_CHARS} characters.`)
  .refine((value) => !/[\s\p{C}]/u.test(value), 'A pattern has no spaces or control characters.')
  .refine((value) => !value.slice(0, -1).includes('*'), 'Only the last character of a pattern may be *.')
  // A bare "*" would put every call in the team; roles, not teams, say who sees everything.
  .refine((value) => value !== '*', 'Put at least one character before *.');

export const TeamPatternsSchema = z
  .array(TeamPatternSchema)
  .max(MAX_PATTERNS, `A team has at most ${MAX_PATTERNS} patterns.`)
  .refine((patterns) => new Set(patterns).size === patterns.length, 'Each pattern once.');

export function patternMatches(pattern: string, rawId: string): boolean {
  return pattern.endsWith('*') ? rawId.startsWith(pattern.slice(0, -1)) : rawId === pattern;
}

/** Whether any of the call's participants (raw ids) matches any of the team's patterns. */
export function teamMatches(patterns: readonly string[], rawIds: readonly string[]): boolean {
  return patterns.some((pattern) => rawIds.some((rawId) => patternMatches(pattern, rawId)));
}
