// Checkpoints the SQLite write-ahead log on its own thread (see sqlite-checkpointer.ts). Plain JavaScript: a worker
// loads it directly, under `npm start` (tsx) and under the test runner alike.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * SQLite starts the log over (reuses the file from its first frame) only once a checkpoint has copied every frame in
 * it before the next commit. A PASSIVE pass copies the frames committed before it began, so under continuous ingest
 * (a commit every 15 ms) it always leaves a few behind and the log grew without end: 250 MB in a 30 s benchmark,
 * with every page read paying for the longer log. Each further pass copies only what the last one missed, so it is
 * short, and usually one finishes between two commits. When the disk is slow (a pass's fsync outlasting the gap
 * between commits), none does: then the main thread holds its writes back for one last pass (see `holdWrites`).
 */
const passiveTries = workerData.passiveTries;

const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
let closed = false;
let running = false;
/** Resolves when the main thread says its writes are held (or the worker is closing). */
let writesHeld = null;

function passivePass() {
  // PASSIVE copies what it can without waiting for the writer or readers: the ingest never waits on it.
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  return result;
}

function caughtUp(result, previous) {
  // `log` is the log's length when the pass began: the same twice, all copied, means nothing was committed since.
  return previous !== undefined && result.log === previous.log && result.checkpointed === result.log;
}

async function checkpoint() {
  if (closed || running) return;
  running = true;
  try {
    let previous;
    let result;
    for (let pass = 0; pass < passiveTries; pass += 1) {
      result = passivePass();
      if (result.busy !== 0 || caughtUp(result, previous)) break;
      previous = result;
    }
    let held = false;
    if (result === undefined || (result.busy === 0 && !caughtUp(result, previous))) {
      held = true;
      const acknowledged = new Promise((resolve) => (writesHeld = resolve));
      parentPort.postMessage({ type: 'hold-writes' });
      await acknowledged;
      writesHeld = null;
      try {
        // No commit can land during this pass, so it copies the whole log and the next commit starts it over.
        if (!closed) result = passivePass();
      } finally {
        parentPort.postMessage({ type: 'release-writes' });
      }
    }
    if (result !== undefined) parentPort.postMessage({ type: 'checkpointed', held, ...result });
  } catch (error) {
    parentPort.postMessage({ type: 'failed', code: error && typeof error.code === 'string' ? error.code : 'unknown' });
  } finally {
    running = false;
    if (closed) shutDown();
  }
}

const timer = setInterval(() => void checkpoint(), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'writes-held') writesHeld?.();
  if (message === 'close') {
    closed = true;
    clearInterval(timer);
    // A pass waiting for the main thread's answer ends without copying; it shuts down when it ends.
    writesHeld?.();
    if (!running) shutDown();
  }
});

let shutting = false;
function shutDown() {
  if (shutting) return;
  shutting = true;
  db.close();
  parentPort.close();
}
