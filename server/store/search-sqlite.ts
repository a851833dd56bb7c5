/**
 * Search on SQLite: FTS5 over the segments' text (search-migration.ts), filtered and ordered newest first.
 *
 * Two plans, picked per query by how many lines match (FTS5 counts its own matches cheaply, without touching the
 * segments table):
 * - few matches (a rare word, a phrase): FTS5 finds them all, and SQLite joins, filters and sorts them;
 * - many (a word in every tenth line): sorting hundreds of thousands of matches to keep 20 costs most of a second at
 *   a million lines, so the page walks the segments newest first along the (received_at, call_id, seq) index, a
 *   chunk at a time, asking FTS5 about each line by rowid, and stops once the page is full. Both plans return the
 *   same lines in the same order; the walk gives up to the first plan (from where it got to) if the filters leave
 *   too few of the walked lines.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { toFts5Match, type SearchQuery } from '../../lib/search-query';
import type { Database } from './database-schema';
import { MATCHED_COLUMNS, NEWEST_FIRST, searchFilters, type MatchedLineRow } from './search-sql';
import type { LineSearch } from './search-store';

/** Tokens of context snippet() keeps around the matches. */
const SNIPPET_TOKENS = 24;
/** Matches above which walking the time index beats sorting every match. */
const WALK_ABOVE_MATCHES = 10_000;
const WALK_CHUNK = 2_000;
/**
 * Lines (that pass the filters) the walk checks before it hands over to sorting the matches. Lower with filters:
 * there the chunks come from further apart, so each chunk's rowid range, and FTS5's read over it, is wider. Tuned
 * on the 1,000,000-line benchmark (README).
 */
const MAX_WALKED = 60_000;
const MAX_WALKED_FILTERED = 6_000;

type Row = MatchedLineRow & { row_id: number };

export async function matchLinesSqlite(db: Kysely<Database>, search: LineSearch): Promise<MatchedLineRow[]> {
  const match = toFts5Match(search.query);
  const many = await matchesMoreThan(db, match, WALK_ABOVE_MATCHES);
  const rows = many ? await walkNewestFirst(db, search, match) : await sortMatches(db, search, match);
  return withSnippets(db, match, rows);
}

/** Whether more than `limit` lines match: FTS5 counts from its own lists, without touching the segments table. */
async function matchesMoreThan(db: Kysely<Database>, match: string, limit: number): Promise<boolean> {
  const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT rowid FROM segments_fts WHERE segments_fts MATCH ${match} LIMIT ${limit + 1})`.execute(db);
  return (counted.rows[0]?.n ?? 0) > limit;
}

/**
 * The call list's text filter over transcripts (call-history-query.ts): a condition on `calls` that some line of
 * the call matches. Few matches: the set of matching calls, collected once. Many (a common word): each call the
 * list reads checks its own lines by rowid (CROSS JOIN keeps that order), and stops at the first that matches —
 * collecting every call of a word in most lines would join hundreds of thousands of lines first.
 */
export async function callHasLineMatchingSqlite(db: Kysely<Database>, query: SearchQuery): Promise<RawBuilder<SqlBool>> {
  const match = toFts5Match(query);
  if (!(await matchesMoreThan(db, match, WALK_ABOVE_MATCHES))) {
    return sql<SqlBool>`calls.id IN (SELECT s.call_id FROM segments_fts CROSS JOIN segments s WHERE s.rowid = segments_fts.rowid AND segments_fts MATCH ${match})`;
  }
  return sql<SqlBool>`EXISTS (SELECT 1 FROM segments s CROSS JOIN segments_fts WHERE s.call_id = calls.id AND segments_fts.rowid = s.rowid AND segments_fts MATCH ${match})`;
}

async function sortMatches(db: Kysely<Database>, search: LineSearch, match: string): Promise<Row[]> {
  const found = await sql<Row>`
    SELECT ${MATCHED_COLUMNS}, NULL AS snippet, s.rowid AS row_id
    FROM segments_fts JOIN segments s ON s.rowid = segments_fts.rowid JOIN calls c ON c.id = s.call_id
    WHERE segments_fts MATCH ${match} AND ${searchFilters(search)}
    ORDER BY ${NEWEST_FIRST}
    LIMIT ${search.limit + 1}`.execute(db);
  return found.rows;
}

async function walkNewestFirst(db: Kysely<Database>, search: LineSearch, match: string): Promise<Row[]> {
  const wanted = search.limit + 1;
  const rows: Row[] = [];
  let position = search.after;
  let walked = 0;
  const filtered = search.state !== 'all' || search.language !== undefined || search.sentiment !== undefined || search.hasAlerts !== undefined || (search.scope !== undefined && search.scope.kind !== 'all');
  const maxWalked = filtered ? MAX_WALKED_FILTERED : MAX_WALKED;
  while (rows.length < wanted) {
    if (walked >= maxWalked) {
      // Selective filters: sort the remaining matches instead (from where the walk got to).
      rows.push(...(await sortMatches(db, { ...search, after: position, limit: wanted - rows.length - 1 }, match)));
      break;
    }
    // The next chunk of lines that pass the filters, newest first, along the (received_at, call_id, seq) index.
    const chunk = await sql<{ rid: number; received_at: number; call_id: string; seq: number }>`
      SELECT s.rowid AS rid, s.received_at, s.call_id, s.seq FROM segments s INDEXED BY segments_by_received JOIN calls c ON c.id = s.call_id
      WHERE ${searchFilters({ ...search, after: position })} ORDER BY ${NEWEST_FIRST} LIMIT ${WALK_CHUNK}`.execute(db);
    const last = chunk.rows.at(-1);
    if (last === undefined) break;
    walked += chunk.rows.length;
    position = { receivedAt: Number(last.received_at), callId: last.call_id, seq: Number(last.seq) };
    // Which of them match: FTS5 reads its lists between the chunk's lowest and highest rowid only (lines are stored
    // as they arrive, so a chunk of recent lines is a narrow rowid range), never a whole common word's list.
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const row of chunk.rows) {
      low = Math.min(low, row.rid);
      high = Math.max(high, row.rid);
    }
    const matched = await sql<{ rowid: number }>`SELECT rowid FROM segments_fts WHERE segments_fts MATCH ${match} AND rowid >= ${low} AND rowid <= ${high}`.execute(db);
    const matchedIds = new Set(matched.rows.map((row) => row.rowid));
    const candidates = chunk.rows.filter((row) => matchedIds.has(row.rid)).map((row) => row.rid);
    if (candidates.length > 0) {
      const found = await sql<Row>`
        SELECT ${MATCHED_COLUMNS}, NULL AS snippet, s.rowid AS row_id
        FROM segments s JOIN calls c ON c.id = s.call_id
        WHERE s.rowid IN (${sql.join(candidates)})
        ORDER BY ${NEWEST_FIRST}
        LIMIT ${wanted - rows.length}`.execute(db);
      rows.push(...found.rows);
    }
    if (chunk.rows.length < WALK_CHUNK) break;
  }
  return rows.slice(0, wanted);
}

/** Snippets for the page only: in one query with the sort, SQLite would build one for every match first. */
async function withSnippets(db: Kysely<Database>, match: string, rows: Row[]): Promise<MatchedLineRow[]> {
  if (rows.length === 0) return [];
  const snippets = await sql<{ rowid: number; snippet: string }>`
    SELECT rowid, snippet(segments_fts, 0, '<mark>', '</mark>', '…', ${SNIPPET_TOKENS}) AS snippet
    FROM segments_fts WHERE segments_fts MATCH ${match} AND rowid IN (${sql.join(rows.map((row) => row.row_id))})`.execute(db);
  const byRow = new Map(snippets.rows.map((row) => [row.rowid, row.snippet]));
  return rows.map(({ row_id, ...row }) => ({ ...row, snippet: byRow.get(row_id) ?? null }));
}
