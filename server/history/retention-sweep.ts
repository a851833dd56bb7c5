/**
 * Retention: ended calls are deleted RETENTION_DAYS after they ended, with everything attached to them. A sweep
 * runs at start and then every hour. It deletes in small batches, one transaction each, and yields to the event
 * loop between them, so ingress never waits long behind it. Several instances may sweep at once: a call another
 * instance deleted first is simply not found again.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';

export const RETENTION_SWEEP_INTERVAL_MS = 3_600_000;
export const RETENTION_BATCH_CALLS = 100;
/**
 * Lines deleted per transaction, at most (one call with more goes alone): 20,000 lines take about 40 ms in SQLite and
 * 20 ms in PostgreSQL on a 2-core machine, and SQLite's one connection serves ingress only in between.
 */
export const RETENTION_BATCH_LINES = 20_000;
const DAY_MS = 86_400_000;

export interface RetentionSweepOptions {
  store: Pick<CallStore, 'listCallsEndedBefore' | 'deleteEndedCalls' | 'listCallTeams'>;
  days: number;
  now: () => number;
  log: Logger;
  /**
   * Told of each batch deleted, with the teams `call_teams` held for them (none: Unassigned), read just before the
   * deletion took them: the call pipeline forgets the calls, and the browsers whose lists show them are told.
   */
  onDeleted: (callIds: readonly string[], storedTeams: ReadonlyMap<string, readonly string[]>) => void;
  /** Counts deleted calls for /metrics. */
  countDeleted?: (count: number) => void;
  intervalMs?: number;
  batchCalls?: number;
  batchLines?: number;
}

export class RetentionSweep {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<number> | null = null;
  private closed = false;

  constructor(private readonly options: RetentionSweepOptions) {
    this.timer = setInterval(() => void this.sweep(), options.intervalMs ?? RETENTION_SWEEP_INTERVAL_MS);
    this.timer.unref();
    void this.sweep();
  }

  /** One sweep (or the one already running): resolves with the number of calls it deleted; failures are logged. */
  sweep(): Promise<number> {
    this.running ??= this.sweepAll()
      .catch((error: unknown) => {
        this.options.log.error({ err: error }, 'the retention sweep failed; it runs again at the next interval');
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async sweepAll(): Promise<number> {
    const cutoff = this.options.now() - this.options.days * DAY_MS;
    const batch = this.options.batchCalls ?? RETENTION_BATCH_CALLS;
    const maxLines = this.options.batchLines ?? RETENTION_BATCH_LINES;
    let deleted = 0;
    while (!this.closed) {
      const expired = await this.options.store.listCallsEndedBefore(cutoff, batch);
      if (expired.length === 0) break;
      let goneHere = 0;
      for (const group of groupByLines(expired, maxLines)) {
        if (this.closed) break;
        // Read first: the deletion takes them with the call. A team change in between is a row seen one list late.
        const storedTeams = await this.options.store.listCallTeams(group);
        const gone = await this.options.store.deleteEndedCalls(group);
        goneHere += gone.length;
        if (gone.length > 0) {
          this.options.onDeleted(gone, storedTeams);
          this.options.countDeleted?.(gone.length);
        }
        await yieldToEventLoop();
      }
      deleted += goneHere;
      // Nothing deleted: another instance got there first, or the calls came back to life; the next sweep looks again.
      if (goneHere === 0 || expired.length < batch) break;
    }
    // Counts only: never ids' contents, never text.
    if (deleted > 0) this.options.log.info({ deleted, retentionDays: this.options.days }, 'deleted ended calls past retention');
    return deleted;
  }

  /** Waits for a sweep under way to stop (it stops between transactions). */
  async close() {
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
  }
}

/** Calls in order, grouped so a group's lines stay within `maxLines` (a call with more goes alone). */
export function groupByLines(calls: readonly { callId: string; lines: number }[], maxLines: number): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let lines = 0;
  for (const call of calls) {
    if (current.length > 0 && lines + call.lines > maxLines) {
      groups.push(current);
      current = [];
      lines = 0;
    }
    current.push(call.callId);
    lines += call.lines;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
