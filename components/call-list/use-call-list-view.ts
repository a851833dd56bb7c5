import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { readCallListView, writeCallListView, type CallListView } from '@/lib/call-list-url';

/**
 * The list's filters live in the URL: read from it on every render (so back / forward and a shared link show the
 * same view), and changed by navigating — a new history entry for a chosen filter, a replaced one while typing.
 */
export function useCallListView(): { view: CallListView; setView: (next: CallListView, options?: { replace?: boolean }) => void } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = params.toString();
  const view = useMemo(() => readCallListView(new URLSearchParams(query)), [query]);
  const setView = useCallback(
    (next: CallListView, options: { replace?: boolean } = {}) => {
      const nextQuery = writeCallListView(next);
      if (nextQuery === writeCallListView(readCallListView(new URLSearchParams(window.location.search)))) return;
      const href = nextQuery === '' ? pathname : `${pathname}?${nextQuery}`;
      if (options.replace) router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    },
    [router, pathname],
  );
  return { view, setView };
}
