/**
 * Moves queued lines into the SQLite full-text index (search-queue-migration.ts) outside the ingest transaction.
 *
 * Ingest flushes every few milliseconds; indexing each flush's lines inside it made every flush also write (and,
 * now and then, merge) an FTS5 index segment on the one connection, which cost about 50 ms of the ingress p99. Here
 * the queue is drained every `intervalMs` in steps that each take about `budgetMs`, each step one transaction of its
 * own on the same connection, run through the store's connection lock (so a step never interleaves with a flush or
 * a Kysely transaction), and the event loop gets a turn between steps. Fewer, larger FTS5 transactions also leave
 * FTS5 fewer small segments to merge.
 *
 * A search first indexes whatever is queued (`catchUp`), so a stored line is always found; the queue is only ever a
 * fraction of a second of lines, because the timer keeps draining it.
 *
 * Hand-written: this is a few statements around SQLite's own FTS5 commands; no library schedules FTS5 writes.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Logger } from '../log';

export interface SqliteSearchIndexerOptions {
  /** How often the queue is drained; a line waits at most about this long to be searchable. */
  intervalMs?: number;
  /** Roughly how long one step may hold the connection. */
  budgetMs?: number;
  log?: Logger;
  /** Told each timed step's lines and milliseconds (benchmarks; metrics could hang here). */
  onStep?: (step: { lines: number; ms: number }) => void;
}

export interface SqliteSearchIndexer {
  /** Indexes everything queued, synchronously. Call it holding the connection (a search, startup). */
  catchUp(): void;
  /** Lines waiting to be indexed (tests and diagnostics). */
  queued(): number;
  /** Stops the timer and waits for a step under way. */
  close(): Promise<void>;
}

const MIN_STEP_ROWS = 16;
const MAX_STEP_ROWS = 4_000;

export function startSqliteSearchIndexer(
  sqlite: SqliteDatabase.Database,
  /** Runs synchronous work holding the store's connection lock. */
  exclusive: <T>(work: () => T) => Promise<T>,
  options: SqliteSearchIndexerOptions = {},
): SqliteSearchIndexer {
  const intervalMs = options.intervalMs ?? 250;
  const budgetMs = options.budgetMs ?? 4;
  // Oldest first; a queue entry whose line is gone (never expected: the delete trigger removes both) just leaves.
  const index = sqlite.prepare(
    `INSERT INTO segments_fts (rowid, text)
     SELECT s.rowid, s.text FROM (SELECT segment_rowid FROM search_queue ORDER BY segment_rowid LIMIT ?) q JOIN segments s ON s.rowid = q.segment_rowid`,
  );
  const lastOf = sqlite.prepare<[number], { last: number | null }>('SELECT max(segment_rowid) AS last FROM (SELECT segment_rowid FROM search_queue ORDER BY segment_rowid LIMIT ?)');
  const dequeue = sqlite.prepare('DELETE FROM search_queue WHERE segment_rowid <= ?');
  const count = sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM search_queue');
  const hasQueued = sqlite.prepare<[], { one: number }>('SELECT 1 AS one FROM search_queue LIMIT 1');

  /** One transaction: the oldest `rows` queued lines into FTS5, out of the queue. */
  const step = sqlite.transaction((rows: number): { indexed: number; more: boolean } => {
    const last = lastOf.get(rows)?.last ?? null;
    if (last === null) return { indexed: 0, more: false };
    index.run(rows);
    // Nothing else writes inside this transaction, so the lines up to `last` are exactly the ones just indexed.
    const indexed = dequeue.run(last).changes;
    return { indexed, more: hasQueued.get() !== undefined };
  });

  // Adapted to the machine and the lines' length: as many rows as fitted the budget in recent full steps.
  let stepRows = 200;
  const timedStep = (): boolean => {
    const startedAt = performance.now();
    const { indexed, more } = step(stepRows);
    const elapsed = performance.now() - startedAt;
    if (indexed > 0) options.onStep?.({ lines: indexed, ms: elapsed });
    // Only a step the row limit cut short says how many rows fit (a short queue's step is mostly fixed cost),
    // and one over budget says fewer do.
    if (indexed > 0 && (indexed === stepRows || elapsed > budgetMs)) {
      const fitted = elapsed > 0 ? (indexed * budgetMs) / elapsed : MAX_STEP_ROWS;
      stepRows = Math.min(MAX_STEP_ROWS, Math.max(MIN_STEP_ROWS, Math.round((stepRows + fitted) / 2)));
    }
    return more;
  };

  let closed = false;
  let running: Promise<void> | null = null;
  let failing = false;
  const drain = async () => {
    let more = true;
    while (more && !closed) {
      more = await exclusive(timedStep);
      // Let the flushes and sockets waiting behind this step go first.
      if (more) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const tick = () => {
    if (running !== null || closed) return;
    running = drain()
      .then(() => {
        if (failing) options.log?.info('the search index is being updated again');
        failing = false;
      })
      .catch((error: unknown) => {
        // The lines stay queued for the next tick; a search still finds them once a catch-up succeeds.
        if (!failing) options.log?.warn({ err: error }, 'updating the search index failed; queued lines wait for the next try');
        failing = true;
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();

  return {
    catchUp() {
      while (step(MAX_STEP_ROWS).more);
    },
    queued: () => count.get()?.n ?? 0,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
