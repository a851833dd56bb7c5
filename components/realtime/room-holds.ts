/**
 * Reference-counted room subscriptions whose release waits one tick. React StrictMode unmounts and remounts
 * every effect once in development; without the wait that would leave and re-join each room (two history
 * reads, a window with no live events). A release that is followed by a hold in the same tick never happens.
 */
interface Hold {
  count: number;
  timer: ReturnType<typeof setTimeout> | null;
}

const holds = new Map<string, Hold>();

/** Holds `key`; the returned function releases it, and `onLastRelease` runs once nobody holds it any more. */
export function holdRoom(key: string, onLastRelease: () => void): () => void {
  let hold = holds.get(key);
  if (hold === undefined) {
    hold = { count: 0, timer: null };
    holds.set(key, hold);
  }
  if (hold.timer !== null) {
    clearTimeout(hold.timer);
    hold.timer = null;
  }
  hold.count += 1;
  const current = hold;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    current.count -= 1;
    if (current.count > 0) return;
    current.timer = setTimeout(() => {
      if (current.count > 0 || holds.get(key) !== current) return;
      holds.delete(key);
      onLastRelease();
    }, 0);
  };
}
