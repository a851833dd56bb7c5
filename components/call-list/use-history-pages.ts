import { useCallback, useEffect, useRef, useState } from 'react';
import { useSocket } from '@/components/realtime/socket-provider';
import { historyPageQuery, type CallListView } from '@/lib/call-list-url';
import { fetchHistoryPage } from '@/lib/history-client';
import type { CallErased, CallListRow } from '@/lib/protocol';

/** Ended calls per request: a few screens' worth. */
const PAGE_CALLS = 100;
/** A page that only repeats rows already shown is followed at once, at most this many times per click. */
const MAX_PAGES_PER_LOAD = 5;

export interface HistoryPages {
  /** Ended calls the API gave for this view, by id. */
  rows: ReadonlyMap<string, CallListRow>;
  /** More ended calls can be loaded (nothing asked yet, or the last page had a next one). */
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
}

/**
 * Pages of ended calls from `GET /api/calls` for the view, so every ended call is reachable, not only the ones the
 * live feed carries. `autoload`: the first page is asked at once (a filter is set: the feed's recent calls may not
 * hold the matches); otherwise only when the supervisor asks for more. `shown`: call ids already on screen, so a page
 * that adds nothing is followed by the next one.
 */
export function useHistoryPages(view: CallListView, enabled: boolean, autoload: boolean, shown: (callId: string) => boolean): HistoryPages {
  const { socket } = useSocket();
  const key = enabled ? historyPageQuery(view, null, PAGE_CALLS) : null;
  const [rows, setRows] = useState<ReadonlyMap<string, CallListRow>>(new Map());
  const [cursor, setCursor] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The view a request was made for: an answer for an older view is dropped.
  const generation = useRef(0);
  const shownRef = useRef(shown);
  shownRef.current = shown;

  const load = useCallback(
    async (from: string | null, known: ReadonlyMap<string, CallListRow>) => {
      if (key === null) return;
      const mine = generation.current;
      setLoading(true);
      setError(null);
      let next = from;
      const collected = new Map(known);
      for (let page = 0; page < MAX_PAGES_PER_LOAD; page += 1) {
        const result = await fetchHistoryPage(historyPageQuery(view, next, PAGE_CALLS));
        if (mine !== generation.current) return;
        if (!result.ok) {
          setError(result.error.message);
          break;
        }
        let fresh = 0;
        for (const row of result.data.calls) {
          if (!collected.has(row.callId) && !shownRef.current(row.callId)) fresh += 1;
          collected.set(row.callId, row);
        }
        next = result.data.nextCursor;
        setRows(new Map(collected));
        setCursor(next);
        setStarted(true);
        if (fresh > 0 || next === null) break;
      }
      setLoading(false);
    },
    [key, view],
  );

  // A new view starts over.
  useEffect(() => {
    generation.current += 1;
    setRows(new Map());
    setCursor(null);
    setStarted(false);
    setLoading(false);
    setError(null);
    if (key !== null && autoload) void load(null, new Map());
  }, [key, autoload, load]);

  useEffect(() => {
    const onErased = (event: CallErased) =>
      setRows((current) => {
        if (!current.has(event.callId)) return current;
        const next = new Map(current);
        next.delete(event.callId);
        return next;
      });
    socket.on('call:erased', onErased);
    return () => {
      socket.off('call:erased', onErased);
    };
  }, [socket]);

  const loadMore = useCallback(() => {
    if (loading) return;
    void load(cursor, rows);
  }, [loading, load, cursor, rows]);

  return { rows, hasMore: key !== null && (!started || cursor !== null), loading, error, loadMore };
}
