/**
 * The call list in the browser: a snapshot on every (re)connect, then batches of changed rows upserted by
 * `callId`. Rows only move forward in time (`updatedAt`), so a snapshot that was read before a live batch
 * arrived cannot roll that batch back.
 *
 * Both sections stay sorted as rows change instead of being sorted again for every render: with thousands of live
 * calls each changing about once a second, a batch of k changed rows among n costs O(n + k log k) — the unchanged
 * rows keep their order and the changed ones are merged in — and a small batch only moves a few pointers.
 */
import { NEEDS_ATTENTION_SCORE } from './attention';
import { RECENT_CALLS_LIMIT, type ApiError, type CallListRow, type RingingCall } from './protocol';
import { assertNever } from './speaker-label';
import type { ParticipantLabel } from './directory';
import { labelsLookup, relabelCall, relabelRinging, type LabelOf } from './relabel';

/** Ended calls kept: the snapshot's bound, so calls that end while the page is open do not pile up. */
export const MAX_RECENT_CALLS = RECENT_CALLS_LIMIT;
/** Up to this many changed rows are moved one by one; a larger batch is merged in one pass. */
const SMALL_BATCH = 32;

export interface CallListState {
  readonly rows: ReadonlyMap<string, CallListRow>;
  /** Live calls, the ones that need a supervisor first (`compareByAttention`). Every live call is here. */
  readonly live: readonly CallListRow[];
  /** Ended calls, the most recently ended first (`compareRecent`), at most MAX_RECENT_CALLS. */
  readonly recent: readonly CallListRow[];
  /** A snapshot has arrived at least once. */
  readonly loaded: boolean;
  readonly error: ApiError | null;
  /** Incoming calls waiting for a supervisor (auto-answer off), oldest first. */
  readonly ringing: readonly RingingCall[];
}

export type CallListEvent =
  | { type: 'snapshot-received'; calls: readonly CallListRow[]; ringing: readonly RingingCall[]; asOf: number }
  | { type: 'ringing-changed'; ringing: readonly RingingCall[] }
  | { type: 'calls-changed'; calls: readonly CallListRow[] }
  | { type: 'watch-failed'; error: ApiError }
  /** The call was deleted (erased, or past retention): its row goes. */
  | { type: 'call-erased'; callId: string }
  /** The directory changed (`directory:changed`): these raw ids read differently now. */
  | { type: 'names-changed'; labels: readonly ParticipantLabel[] };

export function initialCallListState(): CallListState {
  return { rows: new Map(), live: [], recent: [], loaded: false, error: null, ringing: [] };
}

export function reduceCallList(state: CallListState, event: CallListEvent): CallListState {
  switch (event.type) {
    case 'snapshot-received':
      return { ...applySnapshot(state, event.calls, event.asOf), loaded: true, error: null, ringing: event.ringing };
    case 'ringing-changed':
      // The server always sends the complete list: replace, never merge.
      return { ...state, ringing: event.ringing };
    case 'calls-changed':
      return applyBatch(state, event.calls);
    case 'watch-failed':
      return { ...state, error: event.error };
    case 'call-erased':
      return removeCall(state, event.callId);
    case 'names-changed':
      return renameParticipants(state, labelsLookup(event.labels));
    default:
      return assertNever(event);
  }
}

/**
 * The snapshot replaces the list (calls missing from it have gone: ended long ago, or deleted), except rows this
 * browser got after the snapshot was read (`updatedAt` past `asOf`): a call that started meanwhile is not in it.
 */
function applySnapshot(state: CallListState, snapshot: readonly CallListRow[], asOf: number): Pick<CallListState, 'rows' | 'live' | 'recent'> {
  const rows = new Map<string, CallListRow>();
  for (const row of snapshot) rows.set(row.callId, newer(state.rows.get(row.callId), newer(rows.get(row.callId), row)));
  for (const row of state.rows.values()) if (!rows.has(row.callId) && row.updatedAt > asOf) rows.set(row.callId, row);
  const live: CallListRow[] = [];
  const recent: CallListRow[] = [];
  for (const row of rows.values()) (isLiveCall(row) ? live : recent).push(row);
  live.sort(compareByAttention);
  recent.sort(compareRecent);
  return pruneRecent(rows, live, recent);
}

function applyBatch(state: CallListState, batch: readonly CallListRow[]): CallListState {
  // One copy per call (the newest), in case a batch ever carries two.
  const incoming = new Map<string, CallListRow>();
  for (const row of batch) incoming.set(row.callId, newer(incoming.get(row.callId), row));
  const rows = new Map(state.rows);
  const live = { removed: [] as CallListRow[], added: [] as CallListRow[] };
  const recent = { removed: [] as CallListRow[], added: [] as CallListRow[] };
  for (const row of incoming.values()) {
    const current = rows.get(row.callId);
    if (current !== undefined && (current === row || current.updatedAt > row.updatedAt)) continue;
    rows.set(row.callId, row);
    if (current !== undefined) (isLiveCall(current) ? live : recent).removed.push(current);
    (isLiveCall(row) ? live : recent).added.push(row);
  }
  if (live.removed.length + live.added.length + recent.removed.length + recent.added.length === 0) return state;
  const next = pruneRecent(rows, updateSorted(state.live, live.removed, live.added, compareByAttention), updateSorted(state.recent, recent.removed, recent.added, compareRecent));
  return { ...state, ...next };
}

/** Labels do not take part in the order: each renamed row takes its old one's place. */
function renameParticipants(state: CallListState, labelOf: LabelOf): CallListState {
  const renamed = new Map<CallListRow, CallListRow>();
  const rows = new Map<string, CallListRow>();
  for (const [callId, row] of state.rows) {
    const named = relabelCall(row, labelOf);
    if (named !== row) renamed.set(row, named);
    rows.set(callId, named);
  }
  const ringing = state.ringing.map((call) => relabelRinging(call, labelOf));
  const ringingChanged = ringing.some((call, index) => call !== state.ringing[index]);
  if (renamed.size === 0 && !ringingChanged) return state;
  const swap = (list: readonly CallListRow[]) => (renamed.size === 0 ? list : list.map((row) => renamed.get(row) ?? row));
  return { ...state, rows: renamed.size === 0 ? state.rows : rows, live: swap(state.live), recent: swap(state.recent), ringing: ringingChanged ? ringing : state.ringing };
}

function removeCall(state: CallListState, callId: string): CallListState {
  const row = state.rows.get(callId);
  if (row === undefined) return state;
  const rows = new Map(state.rows);
  rows.delete(callId);
  return isLiveCall(row) ? { ...state, rows, live: state.live.filter((call) => call !== row) } : { ...state, rows, recent: state.recent.filter((call) => call !== row) };
}

/**
 * Ended calls from two sources — the live feed's recent ones and pages the history API gave — as one list, the
 * newest copy of each call, the most recently ended first.
 */
export function mergeRecentRows(feed: readonly CallListRow[], pages: Iterable<CallListRow>): readonly CallListRow[] {
  const merged = new Map<string, CallListRow>();
  for (const row of feed) merged.set(row.callId, row);
  let added = false;
  for (const row of pages) {
    const current = merged.get(row.callId);
    if (current === undefined || current.updatedAt < row.updatedAt) {
      merged.set(row.callId, row);
      added = true;
    }
  }
  // Nothing new from the pages: the feed's list is already in order.
  if (!added) return feed;
  return [...merged.values()].filter((row) => !isLiveCall(row)).sort(compareRecent);
}

function newer(current: CallListRow | undefined, incoming: CallListRow): CallListRow {
  return current !== undefined && current.updatedAt > incoming.updatedAt ? current : incoming;
}

/** Drops the longest-ended calls beyond MAX_RECENT_CALLS; live calls are never dropped. */
function pruneRecent(rows: Map<string, CallListRow>, live: readonly CallListRow[], recent: readonly CallListRow[]) {
  if (recent.length <= MAX_RECENT_CALLS) return { rows, live, recent };
  for (const row of recent.slice(MAX_RECENT_CALLS)) rows.delete(row.callId);
  return { rows, live, recent: recent.slice(0, MAX_RECENT_CALLS) };
}

/**
 * `sorted` without `removed` (rows it holds) and with `added`, still sorted by `compare` (a total order). A few
 * changes are found by binary search and spliced; many are merged: O(n + k log k) for k changes among n rows.
 */
export function updateSorted<T>(sorted: readonly T[], removed: readonly T[], added: readonly T[], compare: (a: T, b: T) => number): readonly T[] {
  if (removed.length === 0 && added.length === 0) return sorted;
  if (removed.length + added.length <= SMALL_BATCH) {
    const next = sorted.slice();
    for (const item of removed) {
      const at = lowerBound(next, item, compare);
      const index = next[at] === item ? at : next.indexOf(item);
      if (index >= 0) next.splice(index, 1);
    }
    for (const item of added) next.splice(lowerBound(next, item, compare), 0, item);
    return next;
  }
  const gone = new Set(removed);
  const kept = gone.size === 0 ? sorted : sorted.filter((item) => !gone.has(item));
  const fresh = added.slice().sort(compare);
  const merged: T[] = new Array<T>(kept.length + fresh.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < kept.length && j < fresh.length) merged[k++] = compare(kept[i] as T, fresh[j] as T) <= 0 ? (kept[i++] as T) : (fresh[j++] as T);
  while (i < kept.length) merged[k++] = kept[i++] as T;
  while (j < fresh.length) merged[k++] = fresh[j++] as T;
  return merged;
}

/** The first index whose item does not sort before `item`. */
function lowerBound<T>(sorted: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle] as T, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function isLiveCall(call: Pick<CallListRow, 'state'>): boolean {
  switch (call.state) {
    case 'connecting':
    case 'connected':
      return true;
    case 'disconnected':
      return false;
    default:
      return assertNever(call.state);
  }
}

/**
 * Live calls by attention: the highest attention score first (lib/attention.ts), then the lowest rolling sentiment
 * (an unscored call counts as neutral), then the longest-running, then by id so equal rows never swap places
 * between updates.
 */
export function compareByAttention(a: CallListRow, b: CallListRow): number {
  if (a.attention.score !== b.attention.score) return b.attention.score - a.attention.score;
  const sentimentA = a.sentimentNow ?? 0;
  const sentimentB = b.sentimentNow ?? 0;
  if (sentimentA !== sentimentB) return sentimentA - sentimentB;
  if (a.startedAt !== b.startedAt) return a.startedAt - b.startedAt;
  return a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0;
}

/** Ended calls, the most recently ended first. */
export function compareRecent(a: CallListRow, b: CallListRow): number {
  const endA = a.endedAt ?? a.updatedAt;
  const endB = b.endedAt ?? b.updatedAt;
  if (endA !== endB) return endB - endA;
  return a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0;
}

export interface OrderedCalls {
  live: readonly CallListRow[];
  recent: readonly CallListRow[];
}

/** Both sections in display order: kept sorted by the reducer, so this costs nothing. */
export function selectOrderedCalls(state: CallListState): OrderedCalls {
  return { live: state.live, recent: state.recent };
}

// ---------------------------------------------------------------- filtering

/** A live call whose attention score reaches NEEDS_ATTENTION_SCORE. */
export function needsAttention(row: CallListRow): boolean {
  return row.state !== 'disconnected' && row.attention.score >= NEEDS_ATTENTION_SCORE;
}

/** What a filter matches, per row object (rows are never changed in place, so a changed call gets a new entry). */
const haystacks = new WeakMap<CallListRow, string>();

function haystack(row: CallListRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    const parts = [row.callId];
    for (const participant of row.participants) parts.push(participant.label, participant.rawId);
    if (row.lastLine !== null) parts.push(row.lastLine.speakerLabel, row.lastLine.text);
    text = parts.join('\n').toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** The filter as typed, ready to match: trimmed and lower-cased; empty means no filter. */
export function normalizeFilter(query: string): string {
  return query.trim().toLowerCase();
}

/**
 * Rows whose call id, shown participants (label or raw id) or last line contain `filter` (normalised), in the
 * given order. O(n) string searches; each row's text is built once per row object.
 */
export function filterCalls(rows: readonly CallListRow[], filter: string): readonly CallListRow[] {
  if (filter === '') return rows;
  return rows.filter((row) => haystack(row).includes(filter));
}
