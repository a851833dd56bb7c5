import { useSyncExternalStore } from 'react';

/**
 * A shared wall clock that ticks once a second while anything shows it: every ticking duration on the page
 * re-renders from one timer, aligned to the second, instead of one interval per row.
 */
const TICK_MS = 1_000;

let now = Date.now();
let timer: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<() => void>();

function tick() {
  now = Date.now();
  for (const listener of listeners) listener();
  timer = setTimeout(tick, TICK_MS - (now % TICK_MS));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setTimeout(tick, TICK_MS - (now % TICK_MS));
    listener();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

const getSnapshot = () => now;
/** Server rendering has no live data to time; 0 tells callers to render nothing time-dependent. */
const getServerSnapshot = () => 0;

export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
