import { useEffect, useState } from 'react';
import { liveTextMatchQuery, type CallListView } from '@/lib/call-list-url';
import { MAX_HISTORY_PAGE_CALLS } from '@/lib/call-history-filter';
import { collectCallIds } from '@/lib/history-client';

/** Asked again this often while a text filter is set: new lines of live calls become matches within it. */
const REFRESH_MS = 3_000;
/** Pages followed per refresh: every live call on one process, at 200 a page (past that, the first pages' matches). */
const MAX_PAGES = 15;
const NONE: ReadonlySet<string> = new Set();

/**
 * Live calls whose transcript contains the view's text, from the server's full-text index (`GET /api/calls?state=live
 * &text=…`). The live rows the browser holds carry only the last line, so without this a live call would match
 * only while the words are its newest line. Null text or `enabled` false: none, and nothing is asked.
 */
export function useLiveTextMatches(view: CallListView, enabled: boolean): ReadonlySet<string> {
  const [matches, setMatches] = useState<ReadonlySet<string>>(NONE);
  const active = enabled && view.text !== null;
  // The view's filters as the query string: the effect restarts when any of them changes, not on every render.
  const query = active ? liveTextMatchQuery(view, null, MAX_HISTORY_PAGE_CALLS) : null;

  useEffect(() => {
    setMatches(NONE);
    if (query === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      const found = await collectCallIds(query, MAX_PAGES, () => stopped);
      if (stopped) return;
      // A failed refresh keeps the last answer; the next one tries again.
      if (found !== null) setMatches(found);
      timer = setTimeout(() => void refresh(), REFRESH_MS);
    };
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [query]);

  return matches;
}
