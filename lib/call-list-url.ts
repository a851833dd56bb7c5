/**
 * The call list's filters in the page URL (`/?state=ended&language=es`), so a view can be shared and the browser's
 * back and forward buttons move between views. The URL uses the API's parameter names; dates are calendar days
 * (`from=2026-12-01&to=2026-12-02`, both days included) in the supervisor's time zone. A parameter the page cannot
 * read is ignored rather than breaking the page: a hand-edited link still opens.
 */
import { HISTORY_STATES, NO_HISTORY_FILTER, SENTIMENT_FILTERS, type CallHistoryFilter, type HistoryState, type SentimentFilter } from './call-history-filter';
import { CallHistoryQuerySchema } from './call-history-filter';
import type { ExportFormat } from './export/export-model';

export interface CallListView {
  state: HistoryState;
  /** Calendar days, `YYYY-MM-DD`, in local time; both included. */
  from: string | null;
  to: string | null;
  language: string | null;
  sentiment: SentimentFilter | null;
  participant: string | null;
  hasAlerts: boolean | null;
  text: string | null;
}

export const DEFAULT_CALL_LIST_VIEW: CallListView = { state: 'all', from: null, to: null, language: null, sentiment: null, participant: null, hasAlerts: null, text: null };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` that names a real day, or null. */
function readDay(value: string | null): string | null {
  if (value === null) return null;
  const match = DAY.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? value : null;
}

/** One field through the API's own schema: what the API would refuse is dropped. */
function readField<K extends 'language' | 'participant' | 'text'>(name: K, value: string | null): string | null {
  if (value === null) return null;
  const parsed = CallHistoryQuerySchema.safeParse({ [name]: value });
  return parsed.success ? (parsed.data[name] ?? null) : null;
}

export function readCallListView(params: URLSearchParams): CallListView {
  const state = params.get('state');
  const sentiment = params.get('sentiment');
  const hasAlerts = params.get('hasAlerts');
  let from = readDay(params.get('from'));
  let to = readDay(params.get('to'));
  if (from !== null && to !== null && to < from) [from, to] = [to, from];
  return {
    state: HISTORY_STATES.find((known) => known === state) ?? 'all',
    from,
    to,
    language: readField('language', params.get('language')),
    sentiment: SENTIMENT_FILTERS.find((known) => known === sentiment) ?? null,
    participant: readField('participant', params.get('participant')),
    hasAlerts: hasAlerts === 'true' ? true : hasAlerts === 'false' ? false : null,
    text: readField('text', params.get('text')),
  };
}

/** The view as a query string (without `?`), defaults left out, in a fixed order so equal views give equal URLs. */
export function writeCallListView(view: CallListView): string {
  const params = new URLSearchParams();
  if (view.state !== 'all') params.set('state', view.state);
  if (view.from !== null) params.set('from', view.from);
  if (view.to !== null) params.set('to', view.to);
  if (view.language !== null) params.set('language', view.language);
  if (view.sentiment !== null) params.set('sentiment', view.sentiment);
  if (view.participant !== null) params.set('participant', view.participant);
  if (view.hasAlerts !== null) params.set('hasAlerts', String(view.hasAlerts));
  if (view.text !== null) params.set('text', view.text);
  return params.toString();
}

/** Local midnight of a `YYYY-MM-DD` day, epoch ms. */
function startOfDay(day: string, plusDays = 0): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays).getTime();
}

/** The view as the store's filter: `to` runs to the end of its day. */
export function viewToFilter(view: CallListView): CallHistoryFilter {
  return {
    ...NO_HISTORY_FILTER,
    state: view.state,
    from: view.from === null ? null : startOfDay(view.from),
    to: view.to === null ? null : startOfDay(view.to, 1),
    language: view.language,
    sentiment: view.sentiment,
    participant: view.participant,
    hasAlerts: view.hasAlerts,
    text: view.text,
  };
}

/** Whether anything but the state is filtered (the ended calls are then asked of the server straight away). */
export function isFiltered(view: CallListView): boolean {
  return writeCallListView({ ...view, state: 'all' }) !== '';
}

/** `GET /api/calls` parameters for a page of ended calls matching the view. */
export function historyPageQuery(view: CallListView, cursor: string | null, limit: number): string {
  const params = filterParams(view, 'ended');
  params.set('limit', String(limit));
  if (cursor !== null) params.set('cursor', cursor);
  return params.toString();
}

/**
 * `GET /api/calls?state=live&text=…` (the view's other filters too): the live calls whose transcript has the text,
 * which the browser's rows (last line only) cannot tell.
 */
export function liveTextMatchQuery(view: CallListView, cursor: string | null, limit: number): string {
  const params = filterParams(view, 'live');
  params.set('limit', String(limit));
  if (cursor !== null) params.set('cursor', cursor);
  return params.toString();
}

/** `GET /api/export` for every call the view shows (live and ended as the view says), in one format. */
export function bulkExportPath(view: CallListView, format: ExportFormat): string {
  const params = filterParams(view, view.state);
  params.set('format', format);
  return `/api/export?${params.toString()}`;
}

function filterParams(view: CallListView, state: HistoryState): URLSearchParams {
  const filter = viewToFilter(view);
  const params = new URLSearchParams({ state });
  if (filter.from !== null) params.set('from', String(filter.from));
  if (filter.to !== null) params.set('to', String(filter.to));
  if (filter.language !== null) params.set('language', filter.language);
  if (filter.sentiment !== null) params.set('sentiment', filter.sentiment);
  if (filter.participant !== null) params.set('participant', filter.participant);
  if (filter.hasAlerts !== null) params.set('hasAlerts', String(filter.hasAlerts));
  if (filter.text !== null) params.set('text', filter.text);
  return params;
}
