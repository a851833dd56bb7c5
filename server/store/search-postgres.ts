/**
 * Search on PostgreSQL: the GIN-indexed tsvector column (search-migration.ts), filtered and ordered newest first.
 *
 * The planner chooses between walking the (received_at, call_id, seq) index newest first, testing each line, and
 * reading every match from the GIN index and sorting them. Its estimate for a word outside the column's most common
 * elements is a fixed guess, so for a rare word it may walk most of the table (300 ms at a million lines for a word
 * in 32). So the store counts first, up to RARE_MATCHES, from the GIN index: a rare query then reads and sorts its
 * matches (a materialized CTE, which the planner cannot turn into a walk); a common one is left to the planner.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { toTsquery, type SearchQuery } from '../../lib/search-query';
import type { Database } from './database-schema';
import { MATCHED_COLUMNS, NEWEST_FIRST, searchFilters, type MatchedLineRow } from './search-sql';
import type { LineSearch } from './search-store';

/** ts_headline's options: fixed text, never built from input. */
const HEADLINE_OPTIONS = 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=12, ShortWord=0, FragmentDelimiter=" … "';
/** Matches up to which sorting them all is the plan. */
const RARE_MATCHES = 2_000;

export async function matchLinesPostgres(db: Kysely<Database>, search: LineSearch): Promise<MatchedLineRow[]> {
  // The compiled query quotes every term; the accents fold through the configuration's unaccent dictionary.
  const query = sql`to_tsquery('earshot_search', ${toTsquery(search.query)})`;
  const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM segments WHERE search_vector @@ ${query} LIMIT ${RARE_MATCHES + 1}) m`.execute(db);
  const rare = (counted.rows[0]?.n ?? 0) <= RARE_MATCHES;
  const matched = rare
    ? sql`matched AS MATERIALIZED (SELECT call_id, seq, text, speaker_label, speaker_raw_id, received_at, language, sentiment, pii_masked FROM segments WHERE search_vector @@ ${query}),`
    : sql``;
  const source = rare ? sql`matched s` : sql`segments s`;
  const condition = rare ? sql`1 = 1` : sql`s.search_vector @@ ${query}`;
  // The headline is computed in the outer query, for the page's rows only.
  const found = await sql<MatchedLineRow>`
    WITH ${matched} page AS (
      SELECT ${MATCHED_COLUMNS}
      FROM ${source} JOIN calls c ON c.id = s.call_id
      WHERE ${condition} AND ${searchFilters(search)}
      ORDER BY ${NEWEST_FIRST}
      LIMIT ${search.limit + 1}
    )
    SELECT s.*, ts_headline('earshot_search', s.text, ${query}, ${HEADLINE_OPTIONS}) AS snippet
    FROM page s
    ORDER BY ${NEWEST_FIRST}`.execute(db);
  return found.rows;
}

/**
 * The call list's text filter over transcripts (call-history-query.ts): some line of the call matches. A correlated
 * EXISTS, which the planner may run as a semi-join over the GIN index's matches or per call, whichever is cheaper.
 */
export function callHasLineMatchingPostgres(query: SearchQuery): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM segments s WHERE s.call_id = calls.id AND s.search_vector @@ to_tsquery('earshot_search', ${toTsquery(query)}))`;
}
