/** Search on SQLite: FTS5 over the segments' text (search-migration.ts), filtered and ordered newest first. */
import { sql, type Kysely } from 'kysely';
import { toFts5Match } from '../../lib/search-query';
import type { Database } from './database-schema';
import { MATCHED_COLUMNS, NEWEST_FIRST, searchFilters, type MatchedLineRow } from './search-sql';
import type { LineSearch } from './search-store';

/** Tokens of context snippet() keeps around the matches. */
const SNIPPET_TOKENS = 24;

export async function matchLinesSqlite(db: Kysely<Database>, search: LineSearch): Promise<MatchedLineRow[]> {
  const match = toFts5Match(search.query);
  const found = await sql<MatchedLineRow & { row_id: number }>`
    SELECT ${MATCHED_COLUMNS}, NULL AS snippet, s.rowid AS row_id
    FROM segments_fts JOIN segments s ON s.rowid = segments_fts.rowid JOIN calls c ON c.id = s.call_id
    WHERE segments_fts MATCH ${match} AND ${searchFilters(search)}
    ORDER BY ${NEWEST_FIRST}
    LIMIT ${search.limit + 1}`.execute(db);
  if (found.rows.length === 0) return [];
  // Snippets for the page only: in the query above SQLite would build one for every match before sorting.
  const rowIds = found.rows.map((row) => row.row_id);
  const snippets = await sql<{ rowid: number; snippet: string }>`
    SELECT rowid, snippet(segments_fts, 0, '<mark>', '</mark>', '…', ${SNIPPET_TOKENS}) AS snippet
    FROM segments_fts WHERE segments_fts MATCH ${match} AND rowid IN (${sql.join(rowIds)})`.execute(db);
  const byRow = new Map(snippets.rows.map((row) => [row.rowid, row.snippet]));
  return found.rows.map(({ row_id, ...row }) => ({ ...row, snippet: byRow.get(row_id) ?? null }));
}
