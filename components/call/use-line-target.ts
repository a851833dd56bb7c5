import { useEffect, useState } from 'react';
import { LINE_FOCUS_EVENT, seqFromHash } from '@/lib/line-link';

export interface LineTarget {
  /** The line the URL's hash names (`#seq-42`), or null. */
  seq: number | null;
  /** Goes up on every request to show it — a new hash, or the same one asked again — so the list scrolls again. */
  request: number;
}

/**
 * The transcript line the page's hash points at. Read after mount (the URL of a client-side navigation is set by
 * then) and again on `hashchange`, back / forward, and `LineLink`'s request to show the same line again.
 */
export function useLineTarget(): LineTarget {
  const [target, setTarget] = useState<LineTarget>({ seq: null, request: 0 });
  useEffect(() => {
    const read = () => setTarget((current) => ({ seq: seqFromHash(window.location.hash), request: current.request + 1 }));
    read();
    window.addEventListener('hashchange', read);
    window.addEventListener('popstate', read);
    window.addEventListener(LINE_FOCUS_EVENT, read);
    return () => {
      window.removeEventListener('hashchange', read);
      window.removeEventListener('popstate', read);
      window.removeEventListener(LINE_FOCUS_EVENT, read);
    };
  }, []);
  return target;
}
