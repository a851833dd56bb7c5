/**
 * Under continuous ingest the SQLite write-ahead log must start over now and then. SQLite reuses the log from its
 * first frame only after a checkpoint has copied all of it; a single passive pass a second left the frames
 * committed while it ran, so with a commit every few milliseconds the log never restarted and grew without end
 * (250 MB in a 30 s benchmark). The checkpoint worker repeats short passes until one catches up, and when none does
 * (a slow disk: a pass's fsync outlasts the gap between commits) it has the store hold writes back for one pass.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { newCallRecord } from '../../server/domain/call-record';
import { openSqliteCallStore, type SqliteCallStore, type SqliteStoreOptions } from '../../server/store/sqlite-call-store';
import SqliteDatabase from 'better-sqlite3';
import { startSqliteCheckpointer, type CheckpointResult } from '../../server/store/sqlite-checkpointer';
import { tempDatabasePath } from '../helpers/earshot-harness';
import { newFinal } from '../helpers/store-contract';
import { waitFor } from '../helpers/wait-for';

const CALLS = 200;
const RESTARTS_WANTED = 3;
/** Shorter than the test's timeout, so a failure shows what the checkpoints saw instead of a bare timeout. */
const DEADLINE_MS = 20_000;
const COMMIT_EVERY_MS = 2;

let store: SqliteCallStore | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

/**
 * The log's checkpoint sequence number: SQLite adds one each time the log starts over and writes it into the log's
 * header (bytes 12-15, big-endian) with the first frame after.
 */
function logRestarts(path: string): number {
  const header = Buffer.alloc(32);
  const file = fs.openSync(`${path}-wal`, 'r');
  try {
    return fs.readSync(file, header, 0, 32, 0) === 32 ? header.readUInt32BE(12) : 0;
  } finally {
    fs.closeSync(file);
  }
}

interface Run {
  restarts: number;
  checkpoints: CheckpointResult[];
}

/** Batches like the ingest's (a few dozen finals across many calls), a commit every 2 ms, until the log restarted. */
async function writeUntilRestarts(options: SqliteStoreOptions): Promise<Run> {
  const path = tempDatabasePath();
  const checkpoints: CheckpointResult[] = [];
  store = await openSqliteCallStore(path, { checkpointIntervalMs: 100, ...options, onCheckpoint: (result) => checkpoints.push(result) });
  for (let call = 0; call < CALLS; call += 1) await store.ensureCall(newCallRecord(`wal-${call}`, Date.now(), null));
  const firstSequence = logRestarts(path);
  const startedAt = Date.now();
  let line = 0;
  // The ingest flushes every 15 ms, but its checkpoints, on a large database, take longer than these; either way,
  // commits land during every pass. (A single pass per checkpoint, as before, saw no restart here in 30 s.)
  while (logRestarts(path) - firstSequence < RESTARTS_WANTED && Date.now() - startedAt < DEADLINE_MS) {
    const batch = Array.from({ length: 30 }, () => {
      line += 1;
      return newFinal(`wal-${line % CALLS}`, `line ${line} of a call that goes on and on`, line * 1_000);
    });
    await store.appendFinals(batch);
    await new Promise<void>((resolve) => setTimeout(resolve, COMMIT_EVERY_MS));
  }
  // Every line went in, once: the restarts (and any held writes) lost nothing.
  let stored = 0;
  for (let call = 0; call < CALLS; call += 1) stored += (await store.linesAfter(`wal-${call}`, 0, 100_000)).length;
  expect(stored).toBe(line);
  return { restarts: logRestarts(path) - firstSequence, checkpoints };
}

const describeLog = (run: Run) => `checkpoints (log/copied/held ms): ${run.checkpoints.map((c) => `${c.log}/${c.checkpointed}/${Math.round(c.heldMs)}`).join(', ')}`;

describe('the SQLite write-ahead log under continuous writes', () => {
  it('starts over again and again instead of growing', async () => {
    const run = await writeUntilRestarts({});
    expect(run.restarts, describeLog(run)).toBeGreaterThanOrEqual(RESTARTS_WANTED);
  }, 60_000);

  it('starts over when passive passes cannot catch up, by holding writes back for one pass', async () => {
    // No passive pass at all: every checkpoint takes the path a slow disk leads to.
    const run = await writeUntilRestarts({ checkpointPassiveTries: 0 });
    expect(run.restarts, describeLog(run)).toBeGreaterThanOrEqual(RESTARTS_WANTED);
    expect(run.checkpoints.length).toBeGreaterThan(0);
    for (const checkpoint of run.checkpoints) {
      // With writes held, the pass copies the whole log, and the worker (not the store's time limit) ends the hold.
      expect(checkpoint.checkpointed, describeLog(run)).toBe(checkpoint.log);
      expect(checkpoint.heldMs, describeLog(run)).toBeGreaterThan(0);
      expect(checkpoint.heldMs, describeLog(run)).toBeLessThan(1_000);
    }
  }, 60_000);

  it('keeps checkpointing when writes cannot be held: the pass runs unheld', async () => {
    const path = tempDatabasePath();
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec('CREATE TABLE lines (text TEXT)');
    const checkpoints: CheckpointResult[] = [];
    const refuse = () => Promise.reject(new Error('the connection is gone'));
    const checkpointer = startSqliteCheckpointer(sqlite, path, refuse, { intervalMs: 20, passiveTries: 0, onCheckpoint: (result) => checkpoints.push(result) });
    try {
      for (let line = 0; line < 50; line += 1) sqlite.prepare('INSERT INTO lines VALUES (?)').run(`line ${line}`);
      await waitFor(() => checkpoints.length >= 3, 10_000, 'three checkpoints');
      expect(checkpoints.every((checkpoint) => checkpoint.heldMs === 0)).toBe(true);
    } finally {
      await checkpointer.close();
      sqlite.close();
    }
  });
});
