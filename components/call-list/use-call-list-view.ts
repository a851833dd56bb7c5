import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { readCallListView, writeCallListView, type CallListView } from '@/lib/call-list-url';

export type CallListViewUpdate = (current: CallListView) => CallListView;

/**
 * The list's filters live in the URL: read from it on every render (so back / forward and a shared link show the
 * same view), and changed by navigating — a new history entry for a chosen filter, a replaced one while typing.
 * A change applies to the newest view asked for, not the one on screen: two quick changes (a click, then a choice
 * before the first navigation landed) both count.
 */
export function useCallListView(): { view: CallListView; setView: (update: CallListViewUpdate, options?: { replace?: boolean }) => void } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = params.toString();
  const view = useMemo(() => readCallListView(new URLSearchParams(query)), [query]);
  const latest = useRef(view);
  useEffect(() => {
    latest.current = view;
  }, [view]);
  const setView = useCallback(
    (update: CallListViewUpdate, options: { replace?: boolean } = {}) => {
      const next = update(latest.current);
      const nextQuery = writeCallListView(next);
      if (nextQuery === writeCallListView(latest.current)) return;
      latest.current = next;
      const href = nextQuery === '' ? pathname : `${pathname}?${nextQuery}`;
      if (options.replace) router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    },
    [router, pathname],
  );
  return { view, setView };
}
