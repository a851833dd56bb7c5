/**
 * An append-only sequence that successive immutable states can share. Appending pushes onto the backing array
 * when this state owns its end (amortised O(1)) and copies only when an older state is appended to again, so a
 * reducer can grow a long transcript without copying it on every event. Readers must stay within `length`:
 * the backing array may hold items that belong to newer states.
 */
export interface AppendLog<T> {
  readonly items: readonly T[];
  readonly length: number;
}

export function emptyLog<T>(): AppendLog<T> {
  return { items: [], length: 0 };
}

export function appendToLog<T>(log: AppendLog<T>, item: T): AppendLog<T> {
  const items = log.items as T[];
  if (items.length === log.length) {
    items.push(item);
    return { items, length: log.length + 1 };
  }
  // The same append replayed on the same state (React StrictMode calls reducers twice) can share the slot.
  if (items[log.length] === item) return { items, length: log.length + 1 };
  const copy = items.slice(0, log.length);
  copy.push(item);
  return { items: copy, length: copy.length };
}

export function logAt<T>(log: AppendLog<T>, index: number): T | undefined {
  return index >= 0 && index < log.length ? log.items[index] : undefined;
}

export function logLast<T>(log: AppendLog<T>): T | undefined {
  return logAt(log, log.length - 1);
}

export function logToArray<T>(log: AppendLog<T>): T[] {
  return log.items.slice(0, log.length);
}

/** A new log of `items` followed by `log`'s: O(n), for the few pages of older lines that fill a transcript's start. */
export function prependToLog<T>(log: AppendLog<T>, items: readonly T[]): AppendLog<T> {
  const next = items.concat(log.items.slice(0, log.length));
  return { items: next, length: next.length };
}
