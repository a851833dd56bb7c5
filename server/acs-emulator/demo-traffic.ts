/**
 * Keeps N simulated incoming calls going, so a fresh `npm start` shows live traffic. Each slot loops: ring the app
 * through Event Grid, wait for answerCall, let the scenario play to its end (the remote party hangs up), pause, ring
 * again. A call nobody answers before the ring timeout is given up and retried later. Slots start staggered so the
 * calls are not all at the same point of their scenario.
 */
import type { Logger } from 'pino';
import type { CallController } from './call-controller';
import type { EventGridSubscription } from './event-grid';
import type { IncomingCallBook } from './incoming-calls';
import type { ScenarioPicker } from './scenario-picker';
import { TimerGroup } from './scaled-timers';

/** Call time between one call ending and the slot's next call ringing. */
const GAP_BETWEEN_CALLS_MS = 4_000;
/** Call time between the starts of two slots. */
const STAGGER_MS = 6_000;
/** Call time before ringing again after an unanswered call. */
const RETRY_UNANSWERED_MS = 10_000;

export interface DemoTrafficOptions {
  count: number;
  /** Real time an incoming call rings before it is given up. */
  ringTimeoutMs: number;
  speedFactor: number;
  controller: CallController;
  incoming: IncomingCallBook;
  eventGrid: EventGridSubscription;
  scenarios: ScenarioPicker;
  log: Logger;
}

export interface DemoTrafficStats {
  offered: number;
  answered: number;
  unanswered: number;
  completed: number;
  /** Demo calls answered and not yet ended. */
  inProgress: number;
}

export class DemoTraffic {
  private readonly timers: TimerGroup;
  private readonly endWaiters = new Map<string, () => void>();
  private readonly unsubscribe: () => void;
  readonly stats: DemoTrafficStats = { offered: 0, answered: 0, unanswered: 0, completed: 0, inProgress: 0 };

  constructor(private readonly options: DemoTrafficOptions) {
    this.timers = new TimerGroup(options.speedFactor, options.log);
    this.unsubscribe = options.controller.onLifecycle((event) => {
      if (event.type !== 'ended') return;
      const wake = this.endWaiters.get(event.call.ids.callConnectionId);
      this.endWaiters.delete(event.call.ids.callConnectionId);
      wake?.();
    });
  }

  start(): void {
    for (let slot = 0; slot < this.options.count; slot++) void this.runSlot(slot);
  }

  close(): void {
    this.timers.close();
    this.unsubscribe();
    for (const wake of this.endWaiters.values()) wake();
    this.endWaiters.clear();
  }

  private async runSlot(slot: number): Promise<void> {
    const { eventGrid, incoming, scenarios, log } = this.options;
    // Idle until an Event Grid webhook is set and validated.
    if (!(await eventGrid.whenValidated())) return;
    if (slot > 0 && !(await this.timers.sleep(slot * STAGGER_MS))) return;
    while (!this.timers.isClosed) {
      const scenario = scenarios.next();
      const ringing = incoming.place(scenario, this.options.ringTimeoutMs);
      this.stats.offered += 1;
      eventGrid.publishIncomingCall(ringing);
      log.info({ slot, scenario: scenario.id }, 'demo call ringing');
      const outcome = await ringing.outcome;
      if (this.timers.isClosed) return;
      if (outcome.type === 'answered') {
        this.stats.answered += 1;
        this.stats.inProgress += 1;
        if (this.options.controller.isLive(outcome.callConnectionId)) {
          await new Promise<void>((resolve) => this.endWaiters.set(outcome.callConnectionId, resolve));
        }
        this.stats.inProgress -= 1;
        this.stats.completed += 1;
        if (!(await this.timers.sleep(GAP_BETWEEN_CALLS_MS))) return;
      } else {
        this.stats.unanswered += 1;
        log.info({ slot, outcome: outcome.type }, 'demo call not answered; will ring again later');
        if (!(await this.timers.sleep(RETRY_UNANSWERED_MS))) return;
      }
    }
  }
}
