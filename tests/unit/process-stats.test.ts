import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessStats, type DelayWindow } from '../../server/process-stats';
import { waitFor } from '../helpers/wait-for';

function blockLoop(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: this is the delay the histogram must see
  }
}

describe('ProcessStats', () => {
  let stats: ProcessStats | undefined;
  afterEach(() => stats?.close());

  it('reports memory in bytes', () => {
    stats = new ProcessStats();
    const report = stats.snapshot();
    expect(report.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(report.heapUsedBytes).toBeGreaterThan(0);
    expect(report.heapTotalBytes).toBeGreaterThanOrEqual(report.heapUsedBytes);
    expect(report.externalBytes).toBeGreaterThanOrEqual(report.arrayBuffersBytes);
  });

  it('reports the heap that survives a full collection, not the sawtooth', async () => {
    stats = new ProcessStats();
    expect(stats.snapshot().heapUsedAfterGcBytes).toBeNull();
    // Garbage that a full collection frees.
    let garbage: string[] | null = Array.from({ length: 200_000 }, (_, index) => `garbage ${index}`);
    const before = stats.snapshot().heapUsedBytes;
    garbage = null;
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const afterGc = await waitFor(() => stats!.snapshot().heapUsedAfterGcBytes, 2_000, 'a full collection seen');
    expect(garbage).toBeNull();
    expect(afterGc).toBeGreaterThan(0);
    expect(afterGc).toBeLessThan(before);
  });

  it('sees a blocked event loop in its window, then forgets it in the next one', async () => {
    // Each window as it completes, so the test never depends on polling fast enough to see one before the next.
    const windows: DelayWindow[] = [];
    stats = new ProcessStats(1_000, Date.now, (window) => windows.push(window));
    // The histogram's first tick after a reset only sets its baseline (see ProcessStats.roll), so block in a later
    // window, after that tick (50 ms in: five of the histogram's ticks), and early enough that the block ends (and
    // is recorded) well before the window rolls.
    await waitFor(() => windows.length >= 1, 3_000, 'the first window');
    const age = () => Date.now() - stats!.currentWindowStartedAt;
    while (age() < 50 || age() > 300) {
      if (age() < 50) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      const next = windows.length + 1;
      await waitFor(() => windows.length >= next, 3_000, 'a fresh window');
    }
    const withBlock = windows.length;
    blockLoop(300);
    await waitFor(() => windows.length >= withBlock + 2, 5_000, 'the window with the block and the one after');
    const blocked = windows[withBlock];
    expect(blocked?.maxMs).toBeGreaterThanOrEqual(250);
    expect(blocked?.p50Ms).toBeLessThan(blocked?.maxMs ?? 0);
    expect(blocked?.windowSeconds).toBeGreaterThan(0);
    // The window after is idle: the histogram was reset, so the block is gone from its report, and from the snapshot.
    expect(windows[withBlock + 1]?.maxMs).toBeLessThan(250);
    expect(stats.snapshot().eventLoopDelay.maxMs).toBeLessThan(250);
  });

});
