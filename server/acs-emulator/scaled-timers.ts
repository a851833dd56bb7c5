/**
 * Timers in "call time": every delay the emulator models (ringing, speech, pauses, backoff) is given in the real-world
 * milliseconds it would take and divided by `speedFactor`, so tests can play a two-minute call in a few seconds.
 * A group owns its timers so a hang-up or `close()` cancels everything a call scheduled in one go.
 */
import type { Logger } from 'pino';

export class TimerGroup {
  private readonly handles = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<(fired: boolean) => void>();
  private closed = false;

  constructor(
    private readonly speedFactor: number,
    private readonly log: Logger,
  ) {}

  /** Runs `task` after `callTimeMs` of call time. Errors are logged, never thrown into the event loop. */
  after(callTimeMs: number, task: () => void | Promise<void>): void {
    if (this.closed) return;
    const handle = setTimeout(
      () => {
        this.handles.delete(handle);
        if (this.closed) return;
        try {
          const result = task();
          if (result instanceof Promise) result.catch((error: unknown) => this.log.error({ err: error }, 'scheduled task failed'));
        } catch (error) {
          this.log.error({ err: error }, 'scheduled task failed');
        }
      },
      Math.max(0, callTimeMs / this.speedFactor),
    );
    this.handles.add(handle);
  }

  /** Resolves `true` after `callTimeMs` of call time, or `false` as soon as the group closes, so loops can exit. */
  sleep(callTimeMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (fired: boolean) => {
        this.sleepers.delete(wake);
        resolve(fired);
      };
      this.sleepers.add(wake);
      this.after(callTimeMs, () => wake(true));
    });
  }

  /** Cancels every pending timer for good; pending `sleep`s resolve `false`. */
  close(): void {
    this.closed = true;
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
    for (const wake of [...this.sleepers]) wake(false);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/** Exponential backoff with ±20% jitter: `base * 2^attempt`, capped. `random` in [0, 1). */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const raw = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(raw * (0.8 + 0.4 * random()));
}
