/**
 * The final keys (final-key.ts) each call has stored, kept by SQLite's one writing process in place of a unique
 * index on (call_id, dedup_key). That index put a randomly placed page into the write-ahead log for every stored
 * line — 37 % of all pages written at 2,000 calls (README, "Measured on 4 December 2026"). PostgreSQL keeps its
 * index: several instances write there at once, and none of them can know what the others stored.
 *
 * A call's keys are read from its rows the first time it writes (a new call has none); the calls that wrote least
 * recently are dropped first once more than `maxKeys` are held, and read again if they ever write again.
 */

/** About 64 bytes each (a 22-character string and its set entry): 32 MB at most. */
export const MAX_REMEMBERED_KEYS = 500_000;

export class StoredFinalKeys {
  /** In the order the calls last wrote: the first is the least recent. */
  private readonly byCall = new Map<string, Set<string>>();
  private held = 0;

  constructor(
    private readonly readStoredKeys: (callId: string) => Iterable<string>,
    private readonly maxKeys = MAX_REMEMBERED_KEYS,
  ) {}

  /** The keys stored for the call, read from the table if not held; the call becomes the most recent. */
  of(callId: string): ReadonlySet<string> {
    return this.keysOf(callId);
  }

  /** A line of this call was stored with this key (inside the transaction that stored it). */
  add(callId: string, key: string) {
    const keys = this.byCall.get(callId) ?? this.keysOf(callId);
    if (keys.has(key)) return;
    keys.add(key);
    this.held += 1;
  }

  /** Drops the least recent calls until the bound holds; the most recent one stays whatever its size. */
  trim() {
    for (const [callId, keys] of this.byCall) {
      if (this.held <= this.maxKeys || this.byCall.size <= 1) return;
      this.byCall.delete(callId);
      this.held -= keys.size;
    }
  }

  /** Deleted calls: one that comes back under the same id starts with no keys. */
  forget(callIds: readonly string[]) {
    for (const callId of callIds) {
      const keys = this.byCall.get(callId);
      if (!keys) continue;
      this.byCall.delete(callId);
      this.held -= keys.size;
    }
  }

  /** A transaction failed: what it added may not be stored, so everything is read again. */
  clear() {
    this.byCall.clear();
    this.held = 0;
  }

  /** Keys held (tests). */
  get size(): number {
    return this.held;
  }

  private keysOf(callId: string): Set<string> {
    let keys = this.byCall.get(callId);
    if (keys) {
      this.byCall.delete(callId);
    } else {
      keys = new Set(this.readStoredKeys(callId));
      this.held += keys.size;
    }
    this.byCall.set(callId, keys);
    return keys;
  }
}
