/**
 * The live rule engine of one instance. It evaluates the enabled rules on every final line this instance stores
 * (CallService tells it, after the store numbered the line, so a repeated final never counts twice), runs one timer
 * for the time-based kinds over the calls whose stream this instance holds, and hears of transcription failures.
 * An alert that fires is stored, then pushed to browsers (alert:raised, through the adapter to every instance), then
 * handed to every AlertSink (webhooks).
 *
 * A call's rule state is built when the call first needs it on this instance, with each rule's last firing read
 * from the stored alerts: cooldowns hold across a restart and when the stream moves to another instance.
 */
import { randomUUID } from 'node:crypto';
import type { FinalSegment } from '../../lib/protocol';
import type { Alert, Rule } from '../../lib/rules';
import type { AlertSink } from '../alerts/alert-sink';
import type { CallObserver } from '../calls/call-service';
import type { LiveCall } from '../calls/live-call';
import type { ClusterBus } from '../cluster/cluster-bus';
import type { Logger } from '../log';
import type { TriageStore } from '../store/triage-store';
import { CompiledRules } from './compiled-rules';
import { evaluateFinal, evaluateTick, evaluateTranscriptionLoss, type TranscriptionLoss, type Trigger } from './rule-evaluator';
import { CallRuleState } from './rule-state';

export const RULE_TICK_MS = 1_000;
/** Raised alerts wait this long to be stored together. */
const ALERT_BATCH_MS = 10;
const MAX_ALERT_BATCH = 500;
const ALERT_RETRY_MS = 1_000;
const MAX_ALERT_ATTEMPTS = 5;

/** Where raised and changed alerts go live (socket.io's ALERTS_ROOM, through the adapter to every instance). */
export interface AlertBroadcaster {
  alertRaised(alert: Alert): void;
  alertUpdated(alert: Alert): void;
}

export interface RuleEngineOptions {
  store: TriageStore;
  broadcaster: AlertBroadcaster;
  sinks: readonly AlertSink[];
  bus: ClusterBus;
  /** The calls whose transcript stream this instance holds now. */
  heldCalls: () => Iterable<LiveCall>;
  log: Logger;
  now: () => number;
  /** How often time-based kinds are checked (default RULE_TICK_MS); 0 for no timer (tests tick by hand). */
  tickMs?: number;
}

interface CallEntry {
  state: CallRuleState | null;
  /** Work that arrived while the state was loading, run in order once it is there. */
  waiting: ((state: CallRuleState) => void)[];
}

export class RuleEngine {
  private rules = new CompiledRules([]);
  private readonly calls = new Map<string, CallEntry>();
  private readonly timer: NodeJS.Timeout | null;
  private readonly unsubscribe: () => void;
  private reloads = 0;
  private closed = false;
  /** Alerts raised and not stored yet, oldest first. */
  private readonly queued: { alert: Alert; rule: Rule; attempts: number }[] = [];
  private storeTimer: NodeJS.Timeout | null = null;
  private storing: Promise<void> | null = null;
  private retryDelayMs = ALERT_BATCH_MS;

  constructor(private readonly options: RuleEngineOptions) {
    this.unsubscribe = options.bus.subscribe((message) => {
      if (message.type === 'rules-changed') void this.reload();
    });
    const tickMs = options.tickMs ?? RULE_TICK_MS;
    this.timer = tickMs > 0 ? setInterval(() => this.tick(), tickMs) : null;
    this.timer?.unref();
  }

  /** Reads the rules from the store and compiles the enabled ones; what every change, here or elsewhere, ends with. */
  async reload(): Promise<void> {
    const reload = ++this.reloads;
    const rules = await this.options.store.listRules();
    // A slower, older reload must not replace a newer one.
    if (reload !== this.reloads || this.closed) return;
    this.rules = new CompiledRules(rules, (rule) => this.options.log.warn({ ruleId: rule.id }, 'a stored rule has a regular expression RE2 refuses; its pattern is ignored'));
  }

  /** The rules changed on this instance: reload here, and tell the other instances to. */
  async rulesChanged(): Promise<void> {
    this.options.bus.publish({ type: 'rules-changed' });
    await this.reload();
  }

  get enabledRules(): readonly Rule[] {
    return this.rules.enabled;
  }

  /** CallService's hook: a final this instance just stored (numbered), with the call after it. */
  readonly observer: CallObserver = {
    finalStored: (call, segment) => this.finalStored(call, segment),
    transcriptionLost: (callId, cause, at) => this.transcriptionLost(callId, cause, at),
  };

  private finalStored(call: LiveCall, segment: FinalSegment) {
    const rules = this.rules;
    if (!rules.watchesLines && !rules.watchesTime) return;
    const record = call.record;
    // Copied now: the record moves on while a state loads.
    const line = { seq: segment.seq, text: segment.text, speakerRawId: segment.speaker.rawId, sentiment: segment.sentiment, language: segment.language, piiMasked: segment.piiMasked, at: segment.receivedAt };
    const facts = { locale: record.locale, participants: record.participants, sentimentNow: record.sentimentNow, piiLineCount: record.piiLineCount };
    this.withState(call.callId, (state) => {
      if (!this.rules.watchesLines) {
        state.lastFinalAt = line.at;
        return;
      }
      this.raise(call.callId, evaluateFinal(this.rules, state, line, facts));
    });
  }

  /** ACS reported TranscriptionFailed for the call, or its stream was lost: on whichever instance learned it (once). */
  transcriptionLost(callId: string, cause: TranscriptionLoss, at: number) {
    if (this.rules.transcriptionFailed.length === 0) return;
    this.withState(callId, (state) => this.raise(callId, evaluateTranscriptionLoss(this.rules, state, cause, at)));
  }

  /** Silence and long calls over the calls this instance holds; states of calls it no longer holds are dropped. */
  tick() {
    const now = this.options.now();
    const held = new Set<string>();
    const rules = this.rules;
    for (const call of this.options.heldCalls()) {
      held.add(call.callId);
      if (!rules.watchesTime) continue;
      const record = call.record;
      const entry = this.calls.get(call.callId);
      if (entry === undefined || entry.state === null) {
        if (entry === undefined) this.withState(call.callId, () => undefined);
        continue;
      }
      this.raise(call.callId, evaluateTick(rules, entry.state, now, { startedAt: record.startedAt, transcribing: record.transcription === 'active', live: record.state !== 'disconnected' }));
    }
    // Rebuilt from the store when the stream comes back here: another instance may have fired rules meanwhile.
    for (const [callId, entry] of this.calls) if (!held.has(callId) && entry.state !== null) this.calls.delete(callId);
  }

  /** The call's state now, or once it is loaded (its cooldowns come from the stored alerts). */
  private withState(callId: string, work: (state: CallRuleState) => void) {
    const entry = this.calls.get(callId);
    if (entry?.state) {
      work(entry.state);
      return;
    }
    if (entry) {
      entry.waiting.push(work);
      return;
    }
    const created: CallEntry = { state: null, waiting: [work] };
    this.calls.set(callId, created);
    const startedAt = this.options.now();
    this.options.store
      .lastAlertTimes(callId)
      .catch((error: unknown) => {
        // Without them a cooldown may be cut short once; evaluating late is better than not at all.
        this.options.log.warn({ err: error, callId }, 'could not read when rules last fired on a call');
        return new Map<string, number>();
      })
      .then((lastFired) => {
        const state = new CallRuleState(callId, startedAt, lastFired);
        created.state = state;
        for (const waiting of created.waiting.splice(0)) waiting(state);
      })
      .catch((error: unknown) => this.options.log.error({ err: error, callId }, 'rule evaluation failed'));
  }

  private raise(callId: string, triggers: Trigger[]) {
    for (const trigger of triggers) {
      const rule = trigger.rule;
      const alert: Alert = {
        id: randomUUID(),
        ruleId: rule.id,
        ruleName: rule.name,
        severity: rule.severity,
        kind: rule.when.kind,
        callId,
        seqs: trigger.seqs,
        text: trigger.text,
        reason: trigger.reason,
        at: trigger.at,
        state: 'open',
        acknowledgedBy: null,
        acknowledgedAt: null,
      };
      this.queued.push({ alert, rule, attempts: 0 });
    }
    if (this.queued.length > 0) this.scheduleStore(ALERT_BATCH_MS);
  }

  /**
   * Alerts are stored in batches, one transaction per few milliseconds, like finals: a burst of alerts (a rule that
   * matches on thousands of calls at once) costs the store a handful of writes, not one per alert.
   */
  private scheduleStore(delayMs: number) {
    if (this.storeTimer !== null || this.storing !== null || this.closed) return;
    this.storeTimer = setTimeout(() => {
      this.storeTimer = null;
      void this.storeQueued();
    }, delayMs);
    this.storeTimer.unref();
  }

  private async storeQueued(): Promise<void> {
    if (this.storing !== null) return this.storing;
    const batch = this.queued.splice(0, MAX_ALERT_BATCH);
    if (batch.length === 0) return;
    this.storing = this.options.store.addAlerts(batch.map(({ alert }) => alert)).then(
      () => {
        for (const { alert, rule } of batch) {
          this.options.broadcaster.alertRaised(alert);
          for (const sink of this.options.sinks) {
            try {
              sink.alertRaised(alert, rule);
            } catch (error) {
              this.options.log.error({ err: error, alertId: alert.id }, 'an alert sink failed');
            }
          }
        }
      },
      (error: unknown) => {
        // Tried again a few times (the store may be failing for a moment, as finals are); then given up, by count only.
        const retry = batch.filter((queued) => ++queued.attempts < MAX_ALERT_ATTEMPTS);
        this.queued.unshift(...retry);
        this.options.log.error({ err: error, alerts: batch.length, retrying: retry.length }, retry.length > 0 ? 'could not store alerts; retrying' : 'could not store alerts; they are lost');
        this.retryDelayMs = ALERT_RETRY_MS;
      },
    );
    try {
      await this.storing;
    } finally {
      this.storing = null;
      if (this.queued.length > 0) this.scheduleStore(this.retryDelayMs);
      this.retryDelayMs = ALERT_BATCH_MS;
    }
  }

  /** Stores what is queued now and waits for it (tests, shutdown). */
  async settled(): Promise<void> {
    if (this.storeTimer !== null) {
      clearTimeout(this.storeTimer);
      this.storeTimer = null;
    }
    while (this.storing !== null || this.queued.length > 0) {
      if (this.storing !== null) await this.storing.catch(() => undefined);
      else {
        const before = this.queued.length;
        await this.storeQueued();
        // A batch that failed and waits for its retry: do not spin on a failing store.
        if (this.queued.length >= before) break;
      }
    }
  }

  async close() {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe();
    await this.settled();
    this.closed = true;
  }
}
