/**
 * Periodic summaries: every SUMMARY_INTERVAL_MINUTES, ask ACS for a summary of each live call whose stream this
 * instance holds (so with several instances each call is asked for once), when the call said something new since
 * the last request. Each summary ACS sends back is stored as its own version with its time, like one asked for
 * by hand. Off by default against a real ACS resource (every summary costs money), on in the embedded emulator.
 */
import { decideControl } from '../../lib/control-rules';
import type { CallRecord } from '../domain/call-record';
import type { Logger } from '../log';

/** The audit trail's actor for these requests. */
export const PERIODIC_SUMMARY_ACTOR = 'periodic summary';

export interface PeriodicSummariesOptions {
  intervalMs: number;
  streamedCalls: () => CallRecord[];
  summarize: (actor: string, callId: string) => Promise<unknown>;
  log: Logger;
  now: () => number;
  /** How often to look (default: a tenth of the interval, 1–30 s). */
  tickMs?: number;
}

interface Progress {
  /** When this instance last asked for (or, at first sight, started watching) the call. */
  lastAt: number;
  /** The call's last line at that moment: no new line, no new summary. */
  lastSeq: number;
}

export class PeriodicSummaries {
  private readonly progress = new Map<string, Progress>();
  private readonly timer: NodeJS.Timeout;
  private running = false;

  constructor(private readonly options: PeriodicSummariesOptions) {
    const tickMs = options.tickMs ?? Math.min(30_000, Math.max(1_000, options.intervalMs / 10));
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
  }

  /** One pass over the streamed calls (the timer calls it; tests may too). */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = this.options.now();
      const seen = new Set<string>();
      for (const call of this.options.streamedCalls()) {
        seen.add(call.callId);
        const progress = this.progress.get(call.callId);
        if (!progress) {
          // A call first seen now (new, or its stream just moved here) gets its first summary one interval later.
          this.progress.set(call.callId, { lastAt: now, lastSeq: 0 });
          continue;
        }
        if (now - progress.lastAt < this.options.intervalMs || call.lastSeq <= progress.lastSeq || !this.mayAsk(call)) continue;
        this.progress.set(call.callId, { lastAt: now, lastSeq: call.lastSeq });
        await this.ask(call.callId);
      }
      for (const callId of this.progress.keys()) if (!seen.has(callId)) this.progress.delete(callId);
    } finally {
      this.running = false;
    }
  }

  close() {
    clearInterval(this.timer);
  }

  private mayAsk(call: CallRecord): boolean {
    if (call.transcription !== 'active') return false;
    return decideControl('summarize', { state: call.state, transcription: call.transcription, pendingActions: call.pending.map((operation) => operation.action) }).allowed;
  }

  private async ask(callId: string) {
    try {
      await this.options.summarize(PERIODIC_SUMMARY_ACTOR, callId);
    } catch (error) {
      // The audit trail shows the failure on the call; the next interval tries again.
      this.options.log.warn({ err: error, callId }, 'could not ask for a periodic summary');
    }
  }
}
