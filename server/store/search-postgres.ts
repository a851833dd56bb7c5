/** Search on PostgreSQL: the GIN-indexed tsvector column (search-migration.ts), filtered and ordered newest first. */
import { sql, type Kysely } from 'kysely';
import { toTsquery } from '../../lib/search-query';
import type { Database } from './database-schema';
import { MATCHED_COLUMNS, NEWEST_FIRST, searchFilters, type MatchedLineRow } from './search-sql';
import type { LineSearch } from './search-store';

/** ts_headline's options: fixed text, never built from input. */
const HEADLINE_OPTIONS = 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=12, ShortWord=0, FragmentDelimiter=" … "';

export async function matchLinesPostgres(db: Kysely<Database>, search: LineSearch): Promise<MatchedLineRow[]> {
  // The compiled query quotes every term; the accents fold through the configuration's unaccent dictionary.
  const query = sql`to_tsquery('earshot_search', ${toTsquery(search.query)})`;
  // The headline is computed in the outer query, for the page's rows only.
  const found = await sql<MatchedLineRow>`
    WITH page AS (
      SELECT ${MATCHED_COLUMNS}
      FROM segments s JOIN calls c ON c.id = s.call_id
      WHERE s.search_vector @@ ${query} AND ${searchFilters(search)}
      ORDER BY ${NEWEST_FIRST}
      LIMIT ${search.limit + 1}
    )
    SELECT s.*, ts_headline('earshot_search', s.text, ${query}, ${HEADLINE_OPTIONS}) AS snippet
    FROM page s
    ORDER BY ${NEWEST_FIRST}`.execute(db);
  return found.rows;
}
