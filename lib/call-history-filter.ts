/**
 * The call history's filters, one definition for the API (`GET /api/calls?…`), the store and the browser (the URL
 * carries them, so a view can be shared). Every value arrives as a query-string parameter; the schema turns them
 * into a typed filter or names the parameter that is wrong.
 */
import { z } from 'zod';
import { isWellFormedText } from './call-id';
import { sentimentTone } from './format-sentiment';
import type { CallListRow } from './protocol';

export const HISTORY_STATES = ['live', 'ended', 'all'] as const;
export type HistoryState = (typeof HISTORY_STATES)[number];
export const SENTIMENT_FILTERS = ['positive', 'neutral', 'negative'] as const;
export type SentimentFilter = (typeof SENTIMENT_FILTERS)[number];

export const MAX_HISTORY_PAGE_CALLS = 200;
export const DEFAULT_HISTORY_PAGE_CALLS = 50;
/** Participant and text filters: long enough for any id or phrase, short enough to stay cheap. */
export const MAX_FILTER_TEXT_CHARS = 200;
/** The parameters that ask for the filtered, paged answer `{ calls, nextCursor }`. */
export const HISTORY_PARAMS = ['state', 'from', 'to', 'language', 'sentiment', 'participant', 'hasAlerts', 'text', 'limit', 'cursor'] as const;

export interface CallHistoryFilter {
  state: HistoryState;
  /** Call start time, epoch ms: from inclusive, to exclusive. */
  from: number | null;
  to: number | null;
  /** A language tag, lower-case: `es` matches `es` and `es-*`; `es-mx` matches only itself. */
  language: string | null;
  sentiment: SentimentFilter | null;
  /** Substring of a participant's raw id or label, case-insensitive. */
  participant: string | null;
  hasAlerts: boolean | null;
  /** Substring of the call id, a participant or the last line, case-insensitive. */
  text: string | null;
}

export const NO_HISTORY_FILTER: CallHistoryFilter = { state: 'all', from: null, to: null, language: null, sentiment: null, participant: null, hasAlerts: null, text: null };

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
const EPOCH_MS = /^\d{1,15}$/;
/** ISO-8601 as `Date.parse` reads it reliably: a date, or a date and time with an optional zone. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** An instant as ISO-8601 or epoch milliseconds. */
const Instant = z
  .string()
  .max(40)
  .transform((value, context) => {
    const at = EPOCH_MS.test(value) ? Number(value) : ISO_8601.test(value) ? Date.parse(value) : Number.NaN;
    if (!Number.isFinite(at)) {
      context.addIssue({ code: 'custom', message: 'must be an ISO-8601 date or time, or epoch milliseconds' });
      return z.NEVER;
    }
    return at;
  });

/** Free text from a user: trimmed, no control characters or broken surrogates, bounded; empty means no filter. */
const FilterText = z
  .string()
  .max(MAX_FILTER_TEXT_CHARS * 4)
  .transform((value) => value.trim())
  .refine((value) => value.length <= MAX_FILTER_TEXT_CHARS, `must be at most ${MAX_FILTER_TEXT_CHARS} characters`)
  .refine((value) => isWellFormedText(value) && !/[\u0000-\u001f\u007f]/.test(value), 'must be plain text')
  .transform((value) => (value === '' ? null : value));

/** Query parameters, each a string once (a repeated parameter is refused, not silently narrowed). */
export const CallHistoryQuerySchema = z
  .object({
    state: z.enum(HISTORY_STATES).default('all'),
    from: Instant.optional(),
    to: Instant.optional(),
    language: z
      .string()
      .max(35)
      .regex(LANGUAGE_TAG, 'must be a language tag such as es or es-MX')
      .transform((value) => value.toLowerCase())
      .optional(),
    sentiment: z.enum(SENTIMENT_FILTERS).optional(),
    participant: FilterText.optional(),
    hasAlerts: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
    text: FilterText.optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, `must be an integer from 1 to ${MAX_HISTORY_PAGE_CALLS}`)
      .transform(Number)
      .pipe(z.number().int().min(1, `must be an integer from 1 to ${MAX_HISTORY_PAGE_CALLS}`).max(MAX_HISTORY_PAGE_CALLS, `must be an integer from 1 to ${MAX_HISTORY_PAGE_CALLS}`))
      .optional(),
    cursor: z.string().min(1).max(1_000).optional(),
  })
  .strict()
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, { message: 'must be later than from', path: ['to'] });

export type CallHistoryQuery = { filter: CallHistoryFilter; limit: number; cursor: string | null };

/** Reads query parameters: the query, or the message naming the first wrong parameter. */
export function parseCallHistoryQuery(params: URLSearchParams): { ok: true; query: CallHistoryQuery } | { ok: false; message: string } {
  const single: Record<string, string> = {};
  for (const [name, value] of params) {
    if (name in single) return { ok: false, message: `${name} may be given once.` };
    single[name] = value;
  }
  const parsed = CallHistoryQuerySchema.safeParse(single);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'unrecognized_keys') return { ok: false, message: `Unknown parameter ${issue.keys[0] ?? ''}; use ${HISTORY_PARAMS.join(', ')}.` };
    return { ok: false, message: `${String(issue?.path[0] ?? 'query')} ${issue?.message ?? 'is invalid'}.` };
  }
  const data = parsed.data;
  return {
    ok: true,
    query: {
      filter: {
        state: data.state,
        from: data.from ?? null,
        to: data.to ?? null,
        language: data.language ?? null,
        sentiment: data.sentiment ?? null,
        participant: data.participant ?? null,
        hasAlerts: data.hasAlerts ?? null,
        text: data.text ?? null,
      },
      limit: data.limit ?? DEFAULT_HISTORY_PAGE_CALLS,
      cursor: data.cursor ?? null,
    },
  };
}

/** Whether the request asks for the filtered, paged answer (any history parameter present). */
export function isHistoryRequest(params: URLSearchParams): boolean {
  return HISTORY_PARAMS.some((name) => params.has(name));
}

/** The sentiment bucket of a rolling score, as the list shows it (lib/format-sentiment.ts); null when unscored. */
export function sentimentBucket(score: number | null): SentimentFilter | null {
  const tone = sentimentTone(score);
  return tone === 'unscored' ? null : tone;
}

/** Whether a language tag (`es-MX`) is the filter's language (`es` matches any `es-*`). */
export function languageMatches(tag: string | null, language: string): boolean {
  if (tag === null) return false;
  const lower = tag.toLowerCase();
  return lower === language || (!language.includes('-') && lower.startsWith(`${language}-`));
}

/**
 * Whether a call-list row passes the filter, for the rows the browser already holds (the live feed). The row carries
 * what the list shows, so two filters are approximate there: `language` sees the call's locale and detected
 * language (not every locale it was set up with), and `hasAlerts` sees open alerts only (an acknowledged one is
 * not on the row). The server's answer is exact.
 */
export function rowMatchesFilter(row: CallListRow, filter: CallHistoryFilter): boolean {
  const live = row.state !== 'disconnected';
  if (filter.state === 'live' && !live) return false;
  if (filter.state === 'ended' && live) return false;
  if (filter.from !== null && row.startedAt < filter.from) return false;
  if (filter.to !== null && row.startedAt >= filter.to) return false;
  if (filter.language !== null && !languageMatches(row.locale, filter.language) && !languageMatches(row.detectedLanguage, filter.language)) return false;
  if (filter.sentiment !== null && sentimentBucket(row.sentimentNow) !== filter.sentiment) return false;
  if (filter.participant !== null) {
    const needle = filter.participant.toLowerCase();
    if (!row.participants.some((participant) => participant.rawId.toLowerCase().includes(needle) || participant.label.toLowerCase().includes(needle))) return false;
  }
  if (filter.hasAlerts !== null && row.attention.reasons.some((reason) => reason.kind === 'alert') !== filter.hasAlerts) return false;
  if (filter.text !== null) {
    const needle = filter.text.toLowerCase();
    const inParticipants = row.participants.some((participant) => participant.rawId.toLowerCase().includes(needle) || participant.label.toLowerCase().includes(needle));
    if (!row.callId.toLowerCase().includes(needle) && !inParticipants && !(row.lastLine?.text.toLowerCase().includes(needle) ?? false)) return false;
  }
  return true;
}
