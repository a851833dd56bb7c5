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
}

export interface SqliteCheckpointerOptions {
  intervalMs?: number;
  log?: Logger;
  /** Told after each checkpoint (tests and diagnostics). */
  onCheckpoint?: (result: CheckpointResult) => void;
}

export function startSqliteCheckpointer(sqlite: SqliteDatabase.Database, databasePath: string, options: SqliteCheckpointerOptions = {}): SqliteCheckpointer {
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url), { workerData: { path: databasePath, intervalMs: options.intervalMs ?? 1_000 } });
  let failing = false;
  worker.on('message', (message: { type: string; code?: string; log?: number; checkpointed?: number }) => {
    if (message.type === 'failed' && !failing) {
      failing = true;
      options.log?.warn({ code: message.code }, 'SQLite checkpoint failed; the write-ahead log grows until it succeeds');
    }
    if (message.type === 'checkpointed') {
      failing = false;
      options.onCheckpoint?.({ log: message.log ?? 0, checkpointed: message.checkpointed ?? 0 });
    }
  });
  worker.on('error', (error) => {
    // Without the worker, the main connection checkpoints again as SQLite does by default.
    options.log?.error({ err: error }, 'the SQLite checkpoint worker stopped; checkpointing on the main thread');
    sqlite.pragma('wal_autocheckpoint = 1000');
  });
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
