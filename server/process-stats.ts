/**
 * The process's own vital signs for /api/health: memory (RSS, V8 heap, memory outside the heap) and event-loop
 * delay. Nothing here knows about calls.
 *
 * Event-loop delay comes from Node's `monitorEventLoopDelay` histogram, read in fixed windows: every window the
 * histogram is read and reset, so a report shows how the loop did recently, not since start (where one slow
 * start-up would hide everything after it). Fixed windows, not reset-on-read, so that several readers (a load
 * balancer, a soak test, a person with curl) do not steal each other's samples.
 *
 * Heap used is a sawtooth (it climbs until the collector runs), so a leak hides in it; the heap used right after
 * the last full collection is what actually survives, and it is what a leak makes grow.
 */
import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { ProcessReport } from '../lib/protocol';

export const EVENT_LOOP_WINDOW_MS = 10_000;
/** How often the histogram samples the loop; Node's default. */
const RESOLUTION_MS = 10;
const NS_PER_MS = 1e6;

export type DelayWindow = ProcessReport['eventLoopDelay'];

export class ProcessStats {
  private readonly histogram: IntervalHistogram;
  private readonly timer: NodeJS.Timeout;
  private windowStartedAt: number;
  private lastWindow: DelayWindow | null = null;
  /** Windows read and reset so far. */
  completedWindows = 0;
  private heapUsedAfterGc: number | null = null;
  private readonly gcObserver: PerformanceObserver;

  constructor(
    private readonly windowMs = EVENT_LOOP_WINDOW_MS,
    private readonly now: () => number = Date.now,
    /** Told each window as it completes (its report is then the snapshot's until the next one). */
    private readonly onWindow?: (window: DelayWindow) => void,
  ) {
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    this.windowStartedAt = now();
    this.timer = setInterval(() => this.roll(), windowMs);
    this.timer.unref();
    // Entries arrive shortly after each collection; only full (mark-compact) ones say what survives.
    this.gcObserver = new PerformanceObserver((list) => {
      if (list.getEntries().some((entry) => gcKind(entry) === constants.NODE_PERFORMANCE_GC_MAJOR)) {
        this.heapUsedAfterGc = survivingHeapBytes();
      }
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  snapshot(): ProcessReport {
    const memory = process.memoryUsage();
    return {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      heapUsedAfterGcBytes: this.heapUsedAfterGc,
      externalBytes: memory.external,
      arrayBuffersBytes: memory.arrayBuffers,
      // Until the first window completes, the one in progress (a health check right after start still says something).
      eventLoopDelay: this.lastWindow ?? this.read(),
    };
  }

  /** When the window in progress began (by the injected clock). */
  get currentWindowStartedAt(): number {
    return this.windowStartedAt;
  }

  close() {
    clearInterval(this.timer);
    this.histogram.disable();
    this.gcObserver.disconnect();
  }

  private roll() {
    const window = this.read();
    this.lastWindow = window;
    this.completedWindows += 1;
    // Node's reset also forgets the histogram's last tick, so its next tick only sets a baseline: a stall that begins
    // within one resolution (10 ms) of a window's start is not recorded. A blind spot of 0.1 % of the time, accepted
    // (no reset-free way to read a window out of Node's histogram).
    this.histogram.reset();
    this.windowStartedAt = this.now();
    this.onWindow?.(window);
  }

  private read(): DelayWindow {
    const endedAt = this.now();
    // The histogram records the time between its timer's firings, so an idle loop reads as the resolution itself:
    // subtract it to report the delay. An empty histogram reports 0, which becomes 0 too.
    const toMs = (ns: number) => Math.round(Math.max(0, ns / NS_PER_MS - RESOLUTION_MS) * 100) / 100;
    return {
      windowEndedAt: endedAt,
      windowSeconds: Math.round((endedAt - this.windowStartedAt) / 100) / 10,
      p50Ms: toMs(this.histogram.percentile(50)),
      p99Ms: toMs(this.histogram.percentile(99)),
      maxMs: toMs(this.histogram.max),
    };
  }
}

/**
 * Heap used outside the young generation. Read just after a full collection, that is what survived it: the young
 * generation refills with fresh, mostly short-lived objects within milliseconds and would only add noise.
 */
function survivingHeapBytes(): number {
  let bytes = 0;
  for (const space of v8.getHeapSpaceStatistics()) {
    if (space.space_name !== 'new_space' && space.space_name !== 'new_large_object_space') bytes += space.space_used_size;
  }
  return bytes;
}

/** A gc entry's kind (`detail.kind`, which @types/node does not declare on PerformanceEntry). */
function gcKind(entry: PerformanceEntry): unknown {
  const detail: unknown = Reflect.get(entry, 'detail');
  return typeof detail === 'object' && detail !== null ? Reflect.get(detail, 'kind') : undefined;
}
