/**
 * Alert webhook delivery: the AlertSink that posts every alert to its rule's webhooks and to ALERT_WEBHOOK_URL.
 *
 * alertRaised() returns at once; the deliveries are written to the store (one row per webhook; claimed by this
 * instance already when it has a free slot), then each is tried straight away on this instance — no poll tick in
 * between, alert latency matters. A failed attempt is retried with backoff (retry-policy.ts) by whichever instance's
 * poller claims it first when it is due; a claim is a lease, so a crashed instance's deliveries are taken over when
 * it runs out, and pending deliveries resume after a restart.
 *
 * Bounded: at most `maxConcurrent` attempts run at once on an instance (the others wait in the store, not in
 * memory), and when more than `maxPending` deliveries are pending a new one is recorded as failed at once.
 */
import { randomUUID } from 'node:crypto';
import type { AlertDelivery, Alert, Rule, WebhookFormat } from '../../lib/rules';
import { webhookTarget } from '../../lib/rules';
import type { Logger } from '../log';
import type { DeliveryAttemptResult, DeliveryRecord, DeliveryStore, NewDelivery } from '../store/delivery-store';
import type { AlertSink } from './alert-sink';
import { targetOrigin, toAlertDelivery } from './delivery-log';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry-policy';
import { webhookBody } from './webhook-body';
import { WebhookAgents } from './webhook-agents';
import { postWebhook, type AttemptOutcome } from './webhook-request';
import { ALERT_HEADER, DELIVERY_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
import { checkWebhookUrl, systemResolver, type Resolver } from './webhook-url-guard';

export type DeliveryOutcome = 'delivered' | 'retried' | 'failed' | 'queue_full';

/** Hooks for Prometheus (server/metrics/earshot-metrics.ts). */
export interface AlertWebhookMetrics {
  deliveryOutcome(outcome: DeliveryOutcome): void;
  /** From the alert being queued to its first attempt's request being sent. */
  firstAttemptSent(latencyMs: number): void;
}

export interface AlertWebhookOptions {
  store: DeliveryStore;
  /** Marks this instance's claims. */
  instanceId: string;
  log: Logger;
  /** PUBLIC_BASE_URL, or the server's own URL: call links in webhook bodies start with it. */
  baseUrl: () => string;
  /** ALERT_WEBHOOK_URL: every alert goes there too. */
  globalWebhook: { url: string; format: WebhookFormat } | null;
  /** ALERT_WEBHOOK_SECRET; without it bodies go unsigned. */
  secret: string | undefined;
  /** ALERT_WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate: boolean;
  /** Sent as `User-Agent: Earshot/<version>`. */
  version: string;
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Jitter's randomness (tests pin it). */
  random?: () => number;
  /** How often the poller looks for due deliveries (default 1 s). */
  pollIntervalMs?: number;
  /** How long a claim holds; past it another instance may take the delivery (default 60 s, well over a request). */
  leaseMs?: number;
  /** One attempt, DNS to response (default 10 s). */
  requestTimeoutMs?: number;
  /** Attempts running at once on this instance (default 16). */
  maxConcurrent?: number;
  /** Pending deliveries (all instances) past which new ones are recorded as failed (default 10,000). */
  maxPending?: number;
  /** On close, how long running attempts get to finish before they are cut (default 2 s). */
  closeGraceMs?: number;
  resolve?: Resolver;
  metrics?: AlertWebhookMetrics;
}

const DEFAULTS = { pollIntervalMs: 1_000, leaseMs: 60_000, requestTimeoutMs: 10_000, maxConcurrent: 16, maxPending: 10_000, closeGraceMs: 2_000 };
/** Fresh deliveries waiting here for a free slot, past which the poller picks them up instead. */
const MAX_WAITING_IDS = 1_000;

export class AlertWebhooks implements AlertSink {
  private readonly store: DeliveryStore;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private readonly resolve: Resolver;
  private readonly settings: typeof DEFAULTS;
  private readonly abort = new AbortController();
  /** Kept-alive connections to the receivers, per origin and vetted address. */
  private readonly agents = new WebhookAgents();
  /** Everything running (queueing, attempts, polls), so close() can wait for it. */
  private readonly running = new Set<Promise<unknown>>();
  /** Ids of fresh deliveries to claim as soon as a slot frees. */
  private readonly waiting: string[] = [];
  private active = 0;
  private polling = false;
  private pollAgain = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private nextPollAt = Infinity;
  private started = false;
  private closed = false;
  private pendingCount = 0;

  constructor(private readonly options: AlertWebhookOptions) {
    this.store = options.store;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.resolve = options.resolve ?? systemResolver;
    this.settings = {
      pollIntervalMs: options.pollIntervalMs ?? DEFAULTS.pollIntervalMs,
      leaseMs: options.leaseMs ?? DEFAULTS.leaseMs,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      maxConcurrent: options.maxConcurrent ?? DEFAULTS.maxConcurrent,
      maxPending: options.maxPending ?? DEFAULTS.maxPending,
      closeGraceMs: options.closeGraceMs ?? DEFAULTS.closeGraceMs,
    };
  }

  /** Starts the poller: retries, and deliveries left pending by a restart or by another instance. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    if (this.options.secret === undefined) this.log.warn('ALERT_WEBHOOK_SECRET is not set: alert webhooks are sent unsigned');
    this.schedulePoll(this.now());
  }

  alertRaised(alert: Alert, rule: Rule): void {
    if (this.closed) return;
    this.track(
      this.enqueue(alert, rule).catch((error: unknown) => {
        this.log.error({ err: error, alertId: alert.id }, 'could not queue the alert webhook deliveries');
      }),
    );
  }

  /** One alert's deliveries, as its delivery log shows them. */
  async deliveryLog(alertId: string): Promise<AlertDelivery[]> {
    return (await this.store.listDeliveries(alertId)).map(toAlertDelivery);
  }

  /** Pending deliveries (all instances) as of the last poll, with this instance's changes since. */
  queueDepth(): number {
    return this.pendingCount;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.waiting.length = 0;
    if (!(await this.drain(this.settings.closeGraceMs))) {
      // Cut what is still running: each cut attempt records itself as due now, for the next instance to send.
      this.abort.abort();
      await this.drain(this.settings.closeGraceMs);
    }
    this.agents.destroy();
  }

  /** Connections open to receivers, in use or idle (tests). */
  openConnections(): number {
    return this.agents.openSockets();
  }

  /** Waits until nothing runs (work started meanwhile included), at most `ms`; true when nothing does. */
  private async drain(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await settleWithin([...this.running], left);
    }
    return true;
  }

  private async enqueue(alert: Alert, rule: Rule): Promise<void> {
    const targets = new Map<string, { url: string; format: WebhookFormat }>();
    const all = [...(rule.webhooks ?? []).map(webhookTarget), ...(this.options.globalWebhook ? [this.options.globalWebhook] : [])];
    for (const target of all) targets.set(`${target.format} ${target.url}`, target);
    if (targets.size === 0) return;

    const createdAt = this.now();
    // The pending count as of the last poll (each second, every instance's) plus what this instance queued since: a
    // COUNT per alert would cost most when the queue is long, which is when alerts come fastest.
    const pendingBefore = this.pendingCount;
    let pending = pendingBefore;
    // Free slots are taken now, before the insert: those deliveries are stored already claimed and sent as soon as
    // they are stored (a claim query per alert saved). When fresh deliveries are waiting for a slot, none overtakes them.
    let slots = this.waiting.length === 0 ? Math.max(0, this.settings.maxConcurrent - this.active) : 0;
    const deliveries: NewDelivery[] = [];
    for (const target of targets.values()) {
      const base = { id: randomUUID(), alertId: alert.id, format: target.format, createdAt };
      const check = checkWebhookUrl(target.url, { allowPrivate: this.options.allowPrivate });
      if (!check.ok) {
        deliveries.push({ ...base, targetUrl: withoutCredentials(target.url), body: '', state: 'failed', lastError: `refused: ${check.reason}` });
      } else if (pending >= this.settings.maxPending) {
        deliveries.push({ ...base, targetUrl: target.url, body: '', state: 'failed', lastError: `queue full: ${pending} deliveries pending` });
      } else {
        pending += 1;
        const body = webhookBody(target.format, alert, this.options.baseUrl());
        const claim = slots > 0 ? { instanceId: this.options.instanceId, until: createdAt + this.settings.leaseMs } : undefined;
        if (claim) slots -= 1;
        deliveries.push({ ...base, targetUrl: target.url, body, state: 'pending', lastError: null, claim });
      }
    }
    const sendNow = deliveries.filter((delivery) => delivery.claim !== undefined);
    this.active += sendNow.length;
    try {
      await this.store.addDeliveries(deliveries);
    } catch (error) {
      this.active -= sendNow.length;
      this.pump();
      throw error;
    }
    this.pendingCount += pending - pendingBefore;
    for (const delivery of deliveries) {
      if (delivery.claim !== undefined) {
        this.track(
          this.send(claimedRecord(delivery, delivery.claim)).finally(() => {
            this.active -= 1;
            this.pump();
          }),
        );
      } else if (delivery.state === 'pending') {
        if (this.waiting.length < MAX_WAITING_IDS) this.waiting.push(delivery.id);
        else this.pollAgain = true;
      } else {
        this.options.metrics?.deliveryOutcome(delivery.lastError?.startsWith('queue full') ? 'queue_full' : 'failed');
        this.log.warn({ alertId: alert.id, deliveryId: delivery.id, target: targetOrigin(delivery.targetUrl), error: delivery.lastError }, 'alert webhook not sent');
      }
    }
    this.pump();
  }

  /** Fills free slots: fresh deliveries first (by id), then a poll when one was wanted. */
  private pump(): void {
    while (!this.closed && this.active < this.settings.maxConcurrent && this.waiting.length > 0) {
      const id = this.waiting.shift();
      if (id === undefined) break;
      this.active += 1;
      this.track(
        this.claimAndSend(async () => {
          const now = this.now();
          const record = await this.store.claimDelivery(id, this.options.instanceId, now, now + this.settings.leaseMs);
          return record ? [record] : [];
        }, 1),
      );
    }
    if (this.pollAgain && !this.closed && this.active < this.settings.maxConcurrent) {
      this.pollAgain = false;
      this.track(this.poll());
    }
  }

  /**
   * Runs a claim that reserved `reserved` slots, then sends what it got; every slot is freed when its attempt
   * ends. Never throws: a store failure leaves the claims to run out and be retried.
   */
  private async claimAndSend(claim: () => Promise<DeliveryRecord[]>, reserved: number): Promise<number> {
    let records: DeliveryRecord[] = [];
    try {
      records = await claim();
    } catch (error) {
      this.log.error({ err: error }, 'could not claim alert webhook deliveries');
    }
    const spare = reserved - records.length;
    this.active -= spare;
    for (const record of records) {
      this.track(
        this.send(record).finally(() => {
          this.active -= 1;
          this.pump();
        }),
      );
    }
    if (spare > 0) this.pump();
    return records.length;
  }

  private async poll(): Promise<void> {
    if (this.closed) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    try {
      const free = this.settings.maxConcurrent - this.active;
      if (free <= 0) {
        this.pollAgain = true;
        return;
      }
      this.active += free;
      const claimed = await this.claimAndSend(async () => {
        const now = this.now();
        return this.store.claimDueDeliveries(this.options.instanceId, now, now + this.settings.leaseMs, free);
      }, free);
      // Every slot filled: more may be due; look again as soon as one frees.
      if (claimed === free) this.pollAgain = true;
      this.pendingCount = await this.store.countPendingDeliveries();
    } catch (error) {
      this.log.error({ err: error }, 'alert webhook poll failed');
    } finally {
      this.polling = false;
      if (this.started && !this.closed) this.schedulePoll(this.now() + this.settings.pollIntervalMs);
      if (this.pollAgain) this.pump();
    }
  }

  /** The poller runs every pollIntervalMs, or sooner when a retry of this instance's falls due before that. */
  private schedulePoll(at: number): void {
    if (this.closed || !this.started) return;
    if (this.pollTimer !== null && at >= this.nextPollAt) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.nextPollAt = at;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.nextPollAt = Infinity;
      this.track(this.poll());
    }, Math.max(0, at - this.now()));
    this.pollTimer.unref();
  }

  private async send(record: DeliveryRecord): Promise<void> {
    const origin = targetOrigin(record.targetUrl);
    let outcome: AttemptOutcome;
    try {
      outcome = await postWebhook({
        url: record.targetUrl,
        body: record.body,
        headers: this.headers(record),
        policy: { allowPrivate: this.options.allowPrivate },
        resolve: this.resolve,
        timeoutMs: this.settings.requestTimeoutMs,
        agents: this.agents,
        signal: this.abort.signal,
        onSent: record.attempts === 1 ? () => this.options.metrics?.firstAttemptSent(this.now() - record.createdAt) : undefined,
      });
    } catch (error) {
      // postWebhook answers every failure itself; this is a bug, and the delivery is retried like a network error.
      this.log.error({ err: error, deliveryId: record.id }, 'alert webhook attempt failed unexpectedly');
      outcome = { kind: 'retry', status: null, error: 'internal error', retryAfter: undefined };
    }
    const now = this.now();
    const result = this.resultOf(record, outcome, now);
    const fields = { alertId: record.alertId, deliveryId: record.id, target: origin, attempts: record.attempts, status: result.lastStatus, error: result.lastError };
    try {
      const kept = await this.store.finishDeliveryAttempt(record.id, this.options.instanceId, result);
      if (!kept) {
        this.log.warn(fields, 'an alert webhook attempt outlived its claim; another instance may have retried it');
        return;
      }
    } catch (error) {
      this.log.error({ err: error, deliveryId: record.id }, 'could not record an alert webhook attempt; it is retried when its claim runs out');
      return;
    }
    this.options.metrics?.deliveryOutcome(result.state === 'pending' ? 'retried' : result.state);
    // The gauge follows between polls (each poll counts again, all instances included).
    if (result.state !== 'pending') this.pendingCount = Math.max(0, this.pendingCount - 1);
    if (result.state === 'delivered') this.log.debug(fields, 'alert webhook delivered');
    else if (result.state === 'failed') this.log.warn(fields, 'alert webhook failed');
    else {
      this.log.info({ ...fields, retryAt: result.nextAttemptAt }, 'alert webhook attempt failed; retrying');
      if (result.nextAttemptAt !== null) this.schedulePoll(result.nextAttemptAt);
    }
  }

  private resultOf(record: DeliveryRecord, outcome: AttemptOutcome, now: number): DeliveryAttemptResult {
    switch (outcome.kind) {
      case 'delivered':
        return { state: 'delivered', lastStatus: outcome.status, lastError: null, nextAttemptAt: null };
      case 'give-up':
        return { state: 'failed', lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt: null };
      case 'retry': {
        // Cut short by shutdown: due again at once, for whichever instance polls next.
        if (this.abort.signal.aborted) return { state: 'pending', lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt: now };
        const backoff = retryDelayMs(this.retry, record.attempts, this.random);
        if (backoff === null) return { state: 'failed', lastStatus: outcome.status, lastError: `${outcome.error}; gave up after ${record.attempts} attempts`, nextAttemptAt: null };
        const retryAfter = parseRetryAfter(outcome.retryAfter, now);
        const delay = retryAfter === null ? backoff : Math.max(backoff, Math.min(retryAfter, this.retry.maxRetryAfterMs));
        return { state: 'pending', lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt: now + delay };
      }
    }
  }

  private headers(record: DeliveryRecord): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': `Earshot/${this.options.version}`,
      [DELIVERY_HEADER]: record.id,
      [ALERT_HEADER]: record.alertId,
    };
    if (this.options.secret !== undefined) headers[SIGNATURE_HEADER] = signatureHeader(this.options.secret, record.body, this.now() / 1000);
    return headers;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => undefined);
    return work;
  }
}

/** A delivery stored already claimed, as the claim would have returned it. */
function claimedRecord(delivery: NewDelivery, claim: NonNullable<NewDelivery['claim']>): DeliveryRecord {
  return {
    id: delivery.id,
    alertId: delivery.alertId,
    targetUrl: delivery.targetUrl,
    format: delivery.format,
    body: delivery.body,
    state: 'pending',
    attempts: 1,
    nextAttemptAt: delivery.createdAt,
    claimedBy: claim.instanceId,
    claimedUntil: claim.until,
    lastStatus: null,
    lastError: null,
    lastAttemptAt: delivery.createdAt,
    createdAt: delivery.createdAt,
  };
}

/** The URL without user and password (a refused URL with credentials is stored without them). */
function withoutCredentials(value: string): string {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return '(invalid URL)';
  }
}

/** Waits for the promises to settle, at most `ms`. */
async function settleWithin(work: Promise<unknown>[], ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([Promise.allSettled(work).then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
