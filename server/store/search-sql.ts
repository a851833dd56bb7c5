/**
 * What both stores' searches share: the filters as SQL (the same text runs on SQLite and PostgreSQL), and turning
 * the matched rows of one page into hits, the calls they belong to and the next cursor.
 */
import { teamScopeCondition } from './team-scope-sql';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { SENTIMENT_LABELS, type SearchCall, type SearchHit } from '../../lib/protocol';
import type { CallRecord } from '../domain/call-record';
import type { CallsTable, Database } from './database-schema';
import { finite, oneOf } from './row-mapping';
import type { LineSearch, LineSearchPage } from './search-store';

/** One matched line as both stores select it (`s` is segments, `c` calls). */
export interface MatchedLineRow {
  call_id: string;
  seq: number;
  text: string;
  snippet: string | null;
  speaker_label: string;
  speaker_raw_id: string;
  received_at: number | string;
  language: string | null;
  sentiment: string | null;
  pii_masked: number;
}

/** The columns every store selects for a matched line, before its snippet. */
export const MATCHED_COLUMNS = sql`s.call_id, s.seq, s.text, s.speaker_label, s.speaker_raw_id, s.received_at, s.language, s.sentiment, s.pii_masked`;

/** The keyset order: newest first. Both stores sort by exactly this. */
export const NEWEST_FIRST = sql`s.received_at DESC, s.call_id DESC, s.seq DESC`;

/** Every filter but the text match, ANDed (`TRUE` when none). */
export function searchFilters(search: LineSearch): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  if (search.from !== undefined) conditions.push(sql`s.received_at >= ${search.from}`);
  if (search.to !== undefined) conditions.push(sql`s.received_at <= ${search.to}`);
  switch (search.state) {
    case 'live':
      conditions.push(sql`c.state IN ('connecting', 'connected')`);
      break;
    case 'ended':
      conditions.push(sql`c.state = 'disconnected'`);
      break;
    case 'all':
      break;
    default:
      search.state satisfies never;
  }
  if (search.language !== undefined) {
    const language = search.language.toLowerCase();
    // The schema allows letters, digits and `-` only, so the LIKE pattern holds no wildcard of the user's.
    conditions.push(language.includes('-') ? sql`lower(s.language) = ${language}` : sql`(lower(s.language) = ${language} OR lower(s.language) LIKE ${`${language}-%`})`);
  }
  if (search.sentiment !== undefined) conditions.push(sql`s.sentiment = ${search.sentiment}`);
  if (search.hasAlerts !== undefined) {
    const anyAlert = sql`EXISTS (SELECT 1 FROM alerts a WHERE a.call_id = s.call_id)`;
    conditions.push(search.hasAlerts ? anyAlert : sql`NOT ${anyAlert}`);
  }
  const scoped = teamScopeCondition(search.scope, sql.ref('s.call_id'));
  if (scoped !== null) conditions.push(scoped);
  if (search.after !== undefined) {
    const { receivedAt, callId, seq } = search.after;
    // A row value, which both databases compare along the (received_at, call_id, seq) index.
    conditions.push(sql`(s.received_at, s.call_id, s.seq) < (${receivedAt}, ${callId}, ${seq})`);
  }
  return conditions.length === 0 ? sql`1 = 1` : sql.join(conditions, sql` AND `);
}

/**
 * The page from rows matched with `limit + 1` asked for (the extra row only says that more follow), and the calls
 * the hits belong to, read with the same validation as every call read.
 */
export async function finishSearchPage(
  db: Kysely<Database>,
  search: LineSearch,
  rows: readonly MatchedLineRow[],
  readCalls: (rows: Selectable<CallsTable>[]) => CallRecord[],
): Promise<LineSearchPage> {
  const hits = rows.slice(0, search.limit).map(rowToHit);
  const last = hits.at(-1);
  const next = rows.length > search.limit && last ? { receivedAt: last.at, callId: last.callId, seq: last.seq } : null;
  const callIds = [...new Set(hits.map((hit) => hit.callId))];
  const callRows = callIds.length === 0 ? [] : await db.selectFrom('calls').selectAll().where('id', 'in', callIds).execute();
  const calls: SearchCall[] = readCalls(callRows).map((call) => ({
    callId: call.callId,
    state: call.state,
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    participants: call.participants,
  }));
  return { hits, calls, next };
}

function rowToHit(row: MatchedLineRow): SearchHit {
  const ref = { table: 'segments', id: `${row.call_id}#${row.seq}` };
  return {
    callId: row.call_id,
    seq: finite(ref, 'seq', row.seq),
    text: row.text,
    snippet: row.snippet ?? row.text,
    speakerLabel: row.speaker_label,
    speakerRawId: row.speaker_raw_id,
    at: finite(ref, 'received_at', row.received_at),
    language: row.language,
    sentiment: row.sentiment === null ? null : oneOf(ref, 'sentiment', SENTIMENT_LABELS, row.sentiment),
    piiMasked: row.pii_masked !== 0,
  };
}
