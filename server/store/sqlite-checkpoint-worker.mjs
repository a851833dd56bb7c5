// Checkpoints the SQLite write-ahead log on its own thread (see sqlite-checkpointer.ts). Plain JavaScript: a worker
// loads it directly, under `npm start` (tsx) and under the test runner alike.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * Passes per checkpoint. SQLite starts the log over (reuses the file from its first frame) only once a checkpoint
 * has copied every frame in it. A PASSIVE pass copies the frames committed before it began, so under continuous
 * ingest (a commit every 15 ms) it always leaves a few behind and the log grew without end: 250 MB in a 30 s
 * benchmark, with every page read paying for the longer log. Each further pass copies only what the last one
 * missed, so it is short, and soon one finishes between two commits.
 */
const MAX_PASSES = 8;

const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
let closed = false;

function checkpoint() {
  if (closed) return;
  try {
    let result;
    let previousLog = -1;
    for (let pass = 0; pass < MAX_PASSES; pass += 1) {
      // PASSIVE copies what it can without waiting for the writer or readers: the ingest never waits on it.
      [result] = db.pragma('wal_checkpoint(PASSIVE)');
      // `log` is the log's length when the pass began: the same twice, all copied, means nothing was committed since.
      if (result.busy !== 0 || (result.log === previousLog && result.checkpointed === result.log)) break;
      previousLog = result.log;
    }
    parentPort.postMessage({ type: 'checkpointed', ...result });
  } catch (error) {
    parentPort.postMessage({ type: 'failed', code: error && typeof error.code === 'string' ? error.code : 'unknown' });
  }
}

const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'close') {
    closed = true;
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
