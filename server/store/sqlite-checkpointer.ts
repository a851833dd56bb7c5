/**
 * SQLite copies its write-ahead log back into the database file in a "checkpoint", which fsyncs. By default the
 * connection that commits runs it, every 1,000 pages: on the ingest thread, blocking every stream for its duration
 * (better-sqlite3 is synchronous). Here the main connection never checkpoints (`wal_autocheckpoint = 0`) and a
 * worker thread with its own connection does, passively, every `intervalMs` — on the other core.
 */
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import type { Logger } from '../log';

export interface SqliteCheckpointer {
  close(): Promise<void>;
}

/** What one checkpoint found: the log's length in frames when its last pass began, and how many of them are copied. */
export interface CheckpointResult {
  log: number;
  checkpointed: number;
  /** How long the main thread held its writes back for the last pass (0 when passive passes caught up alone). */
  heldMs: number;
}

/**
 * Runs `whileHeld` once the main connection is free, holding its writes back until the promise it returns settles,
 * without blocking the event loop: the store runs it inside its connection lock, so queries queue (asynchronously)
 * behind it.
 */
export type HoldWrites = (whileHeld: () => Promise<void>) => Promise<void>;

export interface SqliteCheckpointerOptions {
  intervalMs?: number;
  /** Passive passes before a checkpoint asks for writes to be held (tests set 0 to take that path every time). */
  passiveTries?: number;
  log?: Logger;
  /** Told after each checkpoint (tests and diagnostics). */
  onCheckpoint?: (result: CheckpointResult) => void;
}

const DEFAULT_PASSIVE_TRIES = 8;
/** A worker that asked for a hold and never released it must not stall the store: the hold ends on its own. */
const MAX_HOLD_MS = 1_000;
const SLOW_HOLD_MS = 100;

type WorkerMessage =
  | { type: 'checkpointed'; log: number; checkpointed: number; held: boolean }
  | { type: 'failed'; code: string }
  | { type: 'hold-writes' }
  | { type: 'release-writes' };

export function startSqliteCheckpointer(sqlite: SqliteDatabase.Database, databasePath: string, holdWrites: HoldWrites, options: SqliteCheckpointerOptions = {}): SqliteCheckpointer {
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url), {
    workerData: { path: databasePath, intervalMs: options.intervalMs ?? 1_000, passiveTries: options.passiveTries ?? DEFAULT_PASSIVE_TRIES },
  });
  let failing = false;
  let release: (() => void) | null = null;
  let holdTimeout: NodeJS.Timeout | undefined;
  let heldSince = 0;
  let lastHeldMs = 0;

  const endHold = () => {
    if (!release) return;
    // Zero when the hold ends (worker gone, time limit) before the connection lock was even taken.
    lastHeldMs = heldSince === 0 ? 0 : performance.now() - heldSince;
    // Writes wait this long: worth knowing when the disk makes it long (a hold is one short pass, a few ms).
    if (lastHeldMs > SLOW_HOLD_MS) options.log?.warn({ heldMs: Math.round(lastHeldMs) }, 'writes were held for a slow SQLite checkpoint pass');
    else options.log?.debug({ heldMs: Math.round(lastHeldMs) }, 'writes held for a SQLite checkpoint pass');
    clearTimeout(holdTimeout);
    release();
    release = null;
  };

  const startHold = () => {
    if (release) return;
    heldSince = 0;
    const released = new Promise<void>((resolve) => (release = resolve));
    holdTimeout = setTimeout(() => {
      options.log?.warn({ maxHoldMs: MAX_HOLD_MS }, 'the SQLite checkpoint worker held writes too long; resuming them');
      endHold();
    }, MAX_HOLD_MS);
    holdTimeout.unref();
    void holdWrites(async () => {
      // Only now, with the connection lock taken and no transaction open, can the worker's pass run undisturbed.
      heldSince = performance.now();
      worker.postMessage('writes-held');
      await released;
    }).catch((error: unknown) => {
      options.log?.warn({ err: error }, 'holding writes for a checkpoint failed');
      endHold();
      // The worker waits for this answer: without it, it would never checkpoint again. Its pass runs unheld.
      worker.postMessage('writes-held');
    });
  };

  worker.on('message', (message: WorkerMessage) => {
    switch (message.type) {
      case 'hold-writes':
        startHold();
        return;
      case 'release-writes':
        endHold();
        return;
      case 'failed':
        if (!failing) options.log?.warn({ code: message.code }, 'SQLite checkpoint failed; the write-ahead log grows until it succeeds');
        failing = true;
        return;
      case 'checkpointed':
        failing = false;
        options.onCheckpoint?.({ log: message.log, checkpointed: message.checkpointed, heldMs: message.held ? lastHeldMs : 0 });
        return;
      default: {
        const unexpected: never = message;
        options.log?.warn({ message: unexpected }, 'unexpected message from the SQLite checkpoint worker');
      }
    }
  });
  worker.on('error', (error) => {
    // Without the worker, the main connection checkpoints again as SQLite does by default.
    options.log?.error({ err: error }, 'the SQLite checkpoint worker stopped; checkpointing on the main thread');
    endHold();
    sqlite.pragma('wal_autocheckpoint = 1000');
  });
  worker.on('exit', endHold);
  worker.unref();
  return {
    async close() {
      worker.postMessage('close');
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        setTimeout(() => void worker.terminate().then(() => resolve()), 2_000).unref();
      });
    },
  };
}
