/**
 * The call list in the browser: a snapshot on every (re)connect, then batches of changed rows upserted by
 * `callId`. Rows only move forward in time (`updatedAt`), so a snapshot that was read before a live batch
 * arrived cannot roll that batch back.
 */
import type { ApiError, CallListItem, RingingCall } from './protocol';
import { assertNever } from './speaker-label';

/** The server sends at most 200 calls per snapshot; live batches can add more between snapshots. */
export const MAX_LIST_CALLS = 500;

export interface CallListState {
  readonly calls: Readonly<Record<string, CallListItem>>;
  /** A snapshot has arrived at least once. */
  readonly loaded: boolean;
  readonly error: ApiError | null;
  /** Incoming calls waiting for a supervisor (auto-answer off), oldest first. */
  readonly ringing: readonly RingingCall[];
}

export type CallListEvent =
  | { type: 'snapshot-received'; calls: readonly CallListItem[]; ringing: readonly RingingCall[] }
  | { type: 'ringing-changed'; ringing: readonly RingingCall[] }
  | { type: 'calls-changed'; calls: readonly CallListItem[] }
  | { type: 'watch-failed'; error: ApiError };

export function initialCallListState(): CallListState {
  return { calls: {}, loaded: false, error: null, ringing: [] };
}

export function reduceCallList(state: CallListState, event: CallListEvent): CallListState {
  switch (event.type) {
    case 'snapshot-received': {
      const calls: Record<string, CallListItem> = {};
      for (const item of event.calls) calls[item.callId] = newer(state.calls[item.callId], item);
      return { calls: prune(calls), loaded: true, error: null, ringing: event.ringing };
    }
    case 'ringing-changed':
      // The server always sends the complete list: replace, never merge.
      return { ...state, ringing: event.ringing };
    case 'calls-changed': {
      if (event.calls.length === 0) return state;
      const calls: Record<string, CallListItem> = { ...state.calls };
      for (const item of event.calls) calls[item.callId] = newer(calls[item.callId], item);
      return { ...state, calls: prune(calls) };
    }
    case 'watch-failed':
      return { ...state, error: event.error };
    default:
      return assertNever(event);
  }
}

function newer(current: CallListItem | undefined, incoming: CallListItem): CallListItem {
  return current !== undefined && current.updatedAt > incoming.updatedAt ? current : incoming;
}

/** Drops the longest-ended calls beyond MAX_LIST_CALLS; live calls are never dropped. */
function prune(calls: Record<string, CallListItem>): Record<string, CallListItem> {
  const items = Object.values(calls);
  if (items.length <= MAX_LIST_CALLS) return calls;
  const ended = items.filter((item) => !isLiveCall(item)).sort(compareRecent);
  const drop = new Set(ended.slice(Math.max(0, MAX_LIST_CALLS - (items.length - ended.length))).map((item) => item.callId));
  const kept: Record<string, CallListItem> = {};
  for (const item of items) if (!drop.has(item.callId)) kept[item.callId] = item;
  return kept;
}

export function isLiveCall(call: CallListItem): boolean {
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
 * Live calls by attention: the lowest rolling sentiment first (an unscored call counts as neutral), then the
 * longest-running, then by id so equal rows never swap places between updates.
 */
export function compareByAttention(a: CallListItem, b: CallListItem): number {
  const sentimentA = a.sentimentNow ?? 0;
  const sentimentB = b.sentimentNow ?? 0;
  if (sentimentA !== sentimentB) return sentimentA - sentimentB;
  if (a.startedAt !== b.startedAt) return a.startedAt - b.startedAt;
  return a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0;
}

/** Ended calls, the most recently ended first. */
export function compareRecent(a: CallListItem, b: CallListItem): number {
  const endA = a.endedAt ?? a.updatedAt;
  const endB = b.endedAt ?? b.updatedAt;
  if (endA !== endB) return endB - endA;
  return a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0;
}

export interface OrderedCalls {
  live: CallListItem[];
  recent: CallListItem[];
}

export function selectOrderedCalls(state: CallListState): OrderedCalls {
  const live: CallListItem[] = [];
  const recent: CallListItem[] = [];
  for (const call of Object.values(state.calls)) (isLiveCall(call) ? live : recent).push(call);
  live.sort(compareByAttention);
  recent.sort(compareRecent);
  return { live, recent };
}
