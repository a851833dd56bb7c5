/**
 * The search page's URL: the query and its filters as `/search?q=…&state=…`, read back into the form's values. The
 * URL is the page's state, so a search can be bookmarked, shared and reloaded.
 */
import type { ExportFormat } from './export/export-model';
import { SEARCH_SENTIMENTS, SEARCH_STATES, type SearchState } from './protocol';

export type SentimentChoice = (typeof SEARCH_SENTIMENTS)[number] | 'any';
export type AlertsChoice = 'any' | 'true' | 'false';

export interface SearchForm {
  q: string;
  state: SearchState;
  language: string;
  sentiment: SentimentChoice;
  hasAlerts: AlertsChoice;
  /** `YYYY-MM-DD` from a date input, or empty. */
  from: string;
  to: string;
}

export const EMPTY_SEARCH: SearchForm = { q: '', state: 'all', language: '', sentiment: 'any', hasAlerts: 'any', from: '', to: '' };

function pick<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The form a URL's parameters describe; anything unknown falls back to its default. */
export function searchFormFrom(params: Record<string, string | string[] | undefined>): SearchForm {
  const one = (name: string) => {
    const value = params[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const date = (name: string) => {
    const value = one(name) ?? '';
    return DATE.test(value) ? value : '';
  };
  return {
    q: one('q') ?? '',
    state: pick(one('state'), SEARCH_STATES, 'all'),
    language: one('language') ?? '',
    sentiment: pick(one('sentiment'), [...SEARCH_SENTIMENTS, 'any'] as const, 'any'),
    hasAlerts: pick(one('hasAlerts'), ['any', 'true', 'false'] as const, 'any'),
    from: date('from'),
    to: date('to'),
  };
}

/** The page URL's query string: only what differs from the defaults. */
export function searchPageQuery(form: SearchForm): string {
  const params = new URLSearchParams({ q: form.q.trim() });
  if (form.state !== 'all') params.set('state', form.state);
  if (form.language.trim() !== '') params.set('language', form.language.trim());
  if (form.sentiment !== 'any') params.set('sentiment', form.sentiment);
  if (form.hasAlerts !== 'any') params.set('hasAlerts', form.hasAlerts);
  if (form.from !== '') params.set('from', form.from);
  if (form.to !== '') params.set('to', form.to);
  return params.toString();
}

/**
 * The API's query string. Dates are the supervisor's local days: `from` is the start of its day and `to` the end of
 * its day, sent as epoch ms so the server needs no time zone.
 */
export function searchApiQuery(form: SearchForm, cursor: string | null, limit: number): string {
  const params = searchApiParams(form);
  params.set('limit', String(limit));
  if (cursor !== null) params.set('cursor', cursor);
  return params.toString();
}

/** `GET /api/export` for every call with a line the search finds, in one format. */
export function searchExportPath(form: SearchForm, format: ExportFormat): string {
  const params = searchApiParams(form);
  params.set('format', format);
  return `/api/export?${params.toString()}`;
}

function searchApiParams(form: SearchForm): URLSearchParams {
  const params = new URLSearchParams({ q: form.q.trim(), state: form.state });
  if (form.language.trim() !== '') params.set('language', form.language.trim());
  if (form.sentiment !== 'any') params.set('sentiment', form.sentiment);
  if (form.hasAlerts !== 'any') params.set('hasAlerts', form.hasAlerts);
  if (form.from !== '') params.set('from', String(new Date(`${form.from}T00:00:00`).getTime()));
  if (form.to !== '') params.set('to', String(new Date(`${form.to}T23:59:59.999`).getTime()));
  return params;
}
