/**
 * Whose calls a query may return: all of them (admins), or those of these team ids (which may include the pseudo-team
 * Unassigned). Decided by server/auth/call-visibility.ts; the store turns it into SQL (server/store/team-scope-sql.ts).
 */
export type TeamScope = { kind: 'all' } | { kind: 'teams'; teamIds: readonly string[] };

export const EVERY_CALL: TeamScope = { kind: 'all' };
