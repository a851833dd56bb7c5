/**
 * A TeamScope as SQL (both dialects): a condition on a call id expression, for the history, search, bulk export and
 * alert queries. Filtering in the query, not after it, keeps keyset pages full and their cursors right.
 * `call_teams` has a row per (call, real team); a call without rows is in Unassigned.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { UNASSIGNED_TEAM_ID } from '../../lib/team-match';
import type { TeamScope } from '../domain/team-scope';

/** True for the calls the scope allows; null when it allows every call (no condition needed). */
export function teamScopeCondition(scope: TeamScope | undefined, callId: RawBuilder<unknown>): RawBuilder<SqlBool> | null {
  if (scope === undefined || scope.kind === 'all') return null;
  const real = scope.teamIds.filter((teamId) => teamId !== UNASSIGNED_TEAM_ID);
  const parts: RawBuilder<SqlBool>[] = [];
  if (real.length > 0) parts.push(sql<SqlBool>`EXISTS (SELECT 1 FROM call_teams ct WHERE ct.call_id = ${callId} AND ct.team_id IN (${sql.join(real)}))`);
  if (scope.teamIds.includes(UNASSIGNED_TEAM_ID)) parts.push(sql<SqlBool>`NOT EXISTS (SELECT 1 FROM call_teams ct WHERE ct.call_id = ${callId})`);
  if (parts.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}
