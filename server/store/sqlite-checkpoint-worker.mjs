// Checkpoints the SQLite write-ahead log on its own thread (see sqlite-checkpointer.ts). Plain JavaScript: a worker
// loads it directly, under `npm start` (tsx) and under the test runner alike.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
let closed = false;

function checkpoint() {
  if (closed) return;
  try {
    // PASSIVE copies what it can without waiting for the writer or readers: the ingest never waits on it.
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
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
