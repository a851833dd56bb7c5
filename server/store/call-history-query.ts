/**
 * The call history's filtered, keyset-paged listing, built with Kysely for both dialects. The few expressions that
 * differ (reading JSON arrays, folding case) come from a `HistoryDialect`; everything else is shared.
 */
import { sql, type ExpressionBuilder, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { CallHistoryFilter, HistoryState } from '../../lib/call-history-filter';
import { TONE_THRESHOLD } from '../../lib/format-sentiment';
import type { Database } from './database-schema';
import type { TeamScope } from '../domain/team-scope';
import { teamScopeCondition } from './team-scope-sql';

/** Where a page ends: the sort time of its last call and that call's id (the tie-break). */
export interface CallPageKey {
  at: number;
  id: string;
}

export interface CallPageQuery {
  filter: CallHistoryFilter;
  /** Whose calls (call-visibility.ts); every call when absent. */
  scope?: TeamScope;
  after: CallPageKey | null;
  limit: number;
}

/** The SQL that differs between SQLite and PostgreSQL. */
export interface HistoryDialect {
  /** Lower-cases text for a case-insensitive LIKE (Unicode-aware in both). */
  lower(value: Expression<unknown>): RawBuilder<string>;
  /** True when some participant's raw id or label, lower-cased, is LIKE `pattern`. */
  participantLike(pattern: string): RawBuilder<SqlBool>;
  /** True when some entry of the call's `locales_json`, lower-cased, equals `exact` or is LIKE `prefix`. */
  localesMatch(exact: string, prefix: string | null): RawBuilder<SqlBool>;
  /** The last line's text (from `last_line_json`), or null. */
  lastLineText(): RawBuilder<string | null>;
}

/** The column a state's list is ordered by, newest first: ended calls by when they ended, the others by start. */
export function historyOrderColumn(state: HistoryState): 'ended_at' | 'started_at' {
  switch (state) {
    case 'ended':
      return 'ended_at';
    case 'live':
    case 'all':
      return 'started_at';
    default: {
      const unreachable: never = state;
      throw new Error(`unknown state ${String(unreachable)}`);
    }
  }
}

/** `%text%` for LIKE … ESCAPE '\', lower-cased, with the user's own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

type Eb = ExpressionBuilder<Database, 'calls'>;

/**
 * The `text` filter: the call id, a participant or the last line contains the text, or (`transcript`, built by the
 * store from the full-text index) a line of the call matches it as a search query.
 */
export function textMatch(eb: Eb, dialect: HistoryDialect, text: string, transcript: RawBuilder<SqlBool> | null) {
  const pattern = containsPattern(text);
  return eb.or([
    sql<SqlBool>`${dialect.lower(eb.ref('calls.id'))} LIKE ${pattern} ESCAPE '\\'`,
    dialect.participantLike(pattern),
    sql<SqlBool>`${dialect.lower(dialect.lastLineText())} LIKE ${pattern} ESCAPE '\\'`,
    ...(transcript === null ? [] : [transcript]),
  ]);
}

/**
 * One page of calls matching the filter, newest first, after `after`; one more than `limit` tells there is a next
 * page. `transcript` is the text filter's full-text condition (null: the text is not a search query).
 */
export function selectCallPage(db: Kysely<Database>, dialect: HistoryDialect, query: CallPageQuery, transcript: RawBuilder<SqlBool> | null = null) {
  const { filter, after } = query;
  const order = historyOrderColumn(filter.state);
  let select = db.selectFrom('calls').selectAll();
  switch (filter.state) {
    case 'ended':
      select = select.where('state', '=', 'disconnected').where('ended_at', 'is not', null);
      break;
    case 'live':
      // `IN`, not `!= 'disconnected'`: the (state, …) indexes serve it.
      select = select.where('state', 'in', ['connecting', 'connected']);
      break;
    case 'all':
      break;
    default: {
      const unreachable: never = filter.state;
      throw new Error(`unknown state ${String(unreachable)}`);
    }
  }
  if (filter.from !== null) select = select.where('started_at', '>=', filter.from);
  if (filter.to !== null) select = select.where('started_at', '<', filter.to);
  const language = filter.language;
  if (language !== null) {
    const prefix = language.includes('-') ? null : `${language}-%`;
    select = select.where((eb) => {
      const tagMatches = (column: 'calls.locale' | 'calls.detected_language') => {
        const lowered = dialect.lower(eb.ref(column));
        return prefix === null ? sql<SqlBool>`${lowered} = ${language}` : sql<SqlBool>`(${lowered} = ${language} OR ${lowered} LIKE ${prefix})`;
      };
      return eb.or([tagMatches('calls.locale'), tagMatches('calls.detected_language'), dialect.localesMatch(language, prefix)]);
    });
  }
  switch (filter.sentiment) {
    case null:
      break;
    case 'positive':
      select = select.where('sentiment_now', '>=', TONE_THRESHOLD);
      break;
    case 'negative':
      select = select.where('sentiment_now', '<=', -TONE_THRESHOLD);
      break;
    case 'neutral':
      select = select.where('sentiment_now', '>', -TONE_THRESHOLD).where('sentiment_now', '<', TONE_THRESHOLD);
      break;
    default: {
      const unreachable: never = filter.sentiment;
      throw new Error(`unknown sentiment ${String(unreachable)}`);
    }
  }
  if (filter.participant !== null) select = select.where(dialect.participantLike(containsPattern(filter.participant)));
  if (filter.hasAlerts !== null) {
    const withAlerts = (eb: Eb) => eb.exists(eb.selectFrom('alerts').select('alerts.id').whereRef('alerts.call_id', '=', 'calls.id'));
    select = select.where((eb) => (filter.hasAlerts ? withAlerts(eb) : eb.not(withAlerts(eb))));
  }
  const text = filter.text;
  if (text !== null) select = select.where((eb) => textMatch(eb, dialect, text, transcript));
  const scoped = teamScopeCondition(query.scope, sql.ref('calls.id'));
  if (scoped !== null) select = select.where(scoped);
  if (after !== null) {
    select = select.where((eb) => eb.or([eb(order, '<', after.at), eb.and([eb(order, '=', after.at), eb('id', '<', after.id)])]));
  }
  return select.orderBy(order, 'desc').orderBy('id', 'desc').limit(query.limit + 1);
}

export const SQLITE_HISTORY_DIALECT: HistoryDialect = {
  // SQLite's own lower() folds ASCII only; the store registers `unicode_lower` (JavaScript's toLowerCase).
  lower: (value) => sql<string>`unicode_lower(${value})`,
  participantLike: (pattern) =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM json_each(calls.participants_json) AS p
      WHERE unicode_lower(json_extract(p.value, '$.rawId')) LIKE ${pattern} ESCAPE '\\'
         OR unicode_lower(json_extract(p.value, '$.label')) LIKE ${pattern} ESCAPE '\\')`,
  localesMatch: (exact, prefix) =>
    prefix === null
      ? sql<SqlBool>`EXISTS (SELECT 1 FROM json_each(calls.locales_json) AS l WHERE unicode_lower(l.value) = ${exact})`
      : sql<SqlBool>`EXISTS (SELECT 1 FROM json_each(calls.locales_json) AS l WHERE unicode_lower(l.value) = ${exact} OR unicode_lower(l.value) LIKE ${prefix})`,
  lastLineText: () => sql<string | null>`json_extract(calls.last_line_json, '$.text')`,
};

export const POSTGRES_HISTORY_DIALECT: HistoryDialect = {
  lower: (value) => sql<string>`lower(${value})`,
  participantLike: (pattern) =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM json_array_elements(calls.participants_json::json) AS p
      WHERE lower(p->>'rawId') LIKE ${pattern} ESCAPE '\\' OR lower(p->>'label') LIKE ${pattern} ESCAPE '\\')`,
  localesMatch: (exact, prefix) =>
    prefix === null
      ? sql<SqlBool>`EXISTS (SELECT 1 FROM json_array_elements_text(calls.locales_json::json) AS l(tag) WHERE lower(l.tag) = ${exact})`
      : sql<SqlBool>`EXISTS (SELECT 1 FROM json_array_elements_text(calls.locales_json::json) AS l(tag) WHERE lower(l.tag) = ${exact} OR lower(l.tag) LIKE ${prefix})`,
  lastLineText: () => sql<string | null>`(calls.last_line_json::json->>'text')`,
};
