/**
 * Under continuous ingest the SQLite write-ahead log must start over now and then. SQLite reuses the log from its
 * first frame only after a checkpoint has copied all of it; a single passive pass a second left the frames
 * committed while it ran, so with a commit every few milliseconds the log never restarted and grew without end
 * (250 MB in a 30 s benchmark). The checkpoint worker repeats short passes until one catches up.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { newCallRecord } from '../../server/domain/call-record';
import { openSqliteCallStore, type SqliteCallStore } from '../../server/store/sqlite-call-store';
import type { CheckpointResult } from '../../server/store/sqlite-checkpointer';
import { tempDatabasePath } from '../helpers/earshot-harness';
import { newFinal } from '../helpers/store-contract';

const CALLS = 200;
const RESTARTS_WANTED = 3;
const DEADLINE_MS = 30_000;
const COMMIT_EVERY_MS = 2;

let store: SqliteCallStore | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('the SQLite write-ahead log under continuous writes', () => {
  it('starts over again and again instead of growing', async () => {
    const path = tempDatabasePath();
    const checkpoints: CheckpointResult[] = [];
    store = await openSqliteCallStore(path, { checkpointIntervalMs: 100, onCheckpoint: (result) => checkpoints.push(result) });
    for (let call = 0; call < CALLS; call += 1) await store.ensureCall(newCallRecord(`wal-${call}`, Date.now(), null));

    // A restart shows as a checkpoint that found a shorter log than the one before it.
    const restarts = () => checkpoints.filter((result, index) => index > 0 && result.log < (checkpoints[index - 1]?.log ?? 0)).length;
    const startedAt = Date.now();
    let line = 0;
    let largestLog = 0;
    // Batches like the ingest's (a few dozen finals across many calls), a commit every 2 ms: the ingest flushes every
    // 15 ms, but its checkpoints, on a large database, take longer than these; either way, commits land during every
    // pass. (A single pass per checkpoint, as before, saw no restart here in 30 s.)
    while (restarts() < RESTARTS_WANTED && Date.now() - startedAt < DEADLINE_MS) {
      const batch = Array.from({ length: 30 }, () => {
        line += 1;
        return newFinal(`wal-${line % CALLS}`, `line ${line} of a call that goes on and on`, line * 1_000);
      });
      await store.appendFinals(batch);
      largestLog = Math.max(largestLog, fs.statSync(`${path}-wal`).size);
      await new Promise<void>((resolve) => setTimeout(resolve, COMMIT_EVERY_MS));
    }

    expect(restarts(), `checkpoints' log lengths: ${checkpoints.map((result) => result.log).join(', ')}`).toBeGreaterThanOrEqual(RESTARTS_WANTED);
    // Every line went in, once: the restarts lost nothing.
    let stored = 0;
    for (let call = 0; call < CALLS; call += 1) stored += (await store.linesAfter(`wal-${call}`, 0, 100_000)).length;
    expect(stored).toBe(line);
    expect(largestLog).toBeGreaterThan(0);
  });
});
