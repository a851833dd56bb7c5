/** The Earshot server alone (no Next), for the benchmark: prints its URL and a session cookie once listening. */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../server/config';
import { createEarshotServer } from '../../server/create-app';
import { createLogger } from '../../server/log';
import type { SqliteCallStore } from '../../server/store/sqlite-call-store';
import { benchRules } from './bench-rules';

const config = loadConfig(process.env);
// The benchmark's few subscribers each watch hundreds of calls: far past a browser's per-socket bounds.
const server = await createEarshotServer({ config, log: createLogger(config.logLevel), socketLimits: { maxOpenCalls: 100_000, requestBurst: 100_000, requestsPerSecond: 100_000 } });
// BENCH_SEARCH_INDEX=off: SQLite without the full-text index's queue trigger and time index (migrations 010, 015), to
// price them; `direct` indexes each line inside the ingest transaction, as migration 010 did before the queue (015).
if ('sqlite' in server.store) {
  const sqlite = (server.store as SqliteCallStore).sqlite;
  const mode = process.env.BENCH_SEARCH_INDEX ?? 'on';
  if (mode === 'off' || mode === 'fts-off' || mode === 'direct') sqlite.exec('DROP TRIGGER segments_search_enqueue');
  if (mode === 'direct') sqlite.exec('CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN INSERT INTO segments_fts (rowid, text) VALUES (new.rowid, new.text); END');
  if (mode === 'off' || mode === 'time-off') sqlite.exec('DROP INDEX segments_by_received');
  if (mode === 'no-automerge') sqlite.exec(`INSERT INTO segments_fts (segments_fts, rank) VALUES ('automerge', 0)`);
}
// BENCH_RULES: the rule set (bench-rules.ts) in place of the defaults a fresh install starts with; 0 runs with none.
const ruleCount = Number(process.env.BENCH_RULES ?? 0);
for (const rule of await server.store.listRules()) await server.triage.deleteRule(rule.id);
for (const input of benchRules(ruleCount)) {
  const created = await server.triage.createRule('bench', input);
  if (!created.result.ok) throw new Error(`bench rule refused: ${created.result.error.message}`);
}
// No Next here, so no login route: log the benchmark's supervisors in directly and hand over the cookie.
const login = await server.auth.login(config.supervisor.username ?? '', config.supervisor.password ?? '', 'bench');
if (!login.ok) throw new Error(login.message);
process.stdout.write(`READY ${server.url} earshot_session=${login.token}\n`);
// How long the event loop was held up (what delays every stream and every browser): reported when stopped.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
// Turns that held the loop 50 ms or more, by when they ended (ms since measuring began): a single long pause
// delays thousands of packets at once, so these say more about the p99 than the delay's own percentiles.
const LONG_PAUSE_MS = 50;
let measuringSince = performance.now();
let pauses: { at: number; ms: number }[] = [];
let lastTick = performance.now();
setInterval(() => {
  const now = performance.now();
  const late = now - lastTick - 10;
  if (late >= LONG_PAUSE_MS) pauses.push({ at: Math.round(now - measuringSince), ms: Math.round(late) });
  lastTick = now;
}, 10).unref();
// BENCH_WINDOW_PROFILE=<dir>: a CPU profile of the main thread over the measured window only (no start-up, no warm-up).
// BENCH_WINDOW_PROFILE_KIND=allocations: where the window's allocations were made instead (sampled, collected ones
// included: what keeps the garbage collector busy).
const windowProfileDir = process.env.BENCH_WINDOW_PROFILE;
const profileAllocations = process.env.BENCH_WINDOW_PROFILE_KIND === 'allocations';
const profiler = windowProfileDir ? new Session() : null;
async function startWindowProfile(session: Session) {
  session.connect();
  if (profileAllocations) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  } else {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
}
async function saveWindowProfile() {
  if (!profiler || !windowProfileDir) return;
  fs.mkdirSync(windowProfileDir, { recursive: true });
  if (profileAllocations) {
    const { profile } = await profiler.post('HeapProfiler.stopSampling');
    fs.writeFileSync(path.join(windowProfileDir, `window-${process.pid}.heapprofile`), JSON.stringify(profile));
  } else {
    const { profile } = await profiler.post('Profiler.stop');
    fs.writeFileSync(path.join(windowProfileDir, `window-${process.pid}.cpuprofile`), JSON.stringify(profile));
  }
}
// The runner signals when its measured window starts: stream set-up and warm-up stay out of the figures.
process.on('SIGUSR2', () => {
  loopDelay.reset();
  pauses = [];
  measuringSince = performance.now();
  if (profiler) void startWindowProfile(profiler);
});
process.on('SIGTERM', () => {
  void saveWindowProfile().then(() => {
    if (process.env.BENCH_LOOP_REPORT !== '1') return void server.close().then(() => process.exit(0));
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    const report = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max), pausesOver50ms: pauses };
    process.stdout.write(`LOOP ${JSON.stringify(report)}\n`, () => void server.close().then(() => process.exit(0)));
  });
});
