/**
 * Delivers webhook POSTs (call callbacks and Event Grid events) the way a cloud service does:
 * - one queue per key (a call connection id), so a call's events arrive in order;
 * - failures (network error, timeout, any non-2xx) are retried with exponential backoff and jitter, then dropped;
 * - nothing ever awaits a delivery: `enqueue` returns at once, so a slow or dead webhook never holds up a call;
 * - every attempt of a call callback gets a fresh short-lived Bearer JWT signed by the emulator's key.
 */
import type { Logger } from 'pino';
import { backoffMs, TimerGroup } from './scaled-timers';
import { CALLBACK_TOKEN_LIFETIME_SECONDS, type SigningKeys } from './signing-keys';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the first retry, ms of call time; doubles each retry. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** A queue longer than this means the webhook is down; newer events are dropped rather than hoarded. */
const MAX_QUEUE_LENGTH = 500;
const REQUEST_TIMEOUT_MS = 10_000;

export interface Delivery {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  /** When set, the request carries `Authorization: Bearer <JWT>` with this subject. */
  tokenSubject?: string;
  /** Log label, e.g. the event type. Never the body: it may hold transcript text. */
  label: string;
  /** Give up on the delivery after this epoch ms (an incoming call nobody can answer any more). */
  expiresAt?: number;
}

export interface DeliveryStats {
  delivered: number;
  failedAttempts: number;
  dropped: number;
}

export class CallbackDispatcher {
  private readonly queues = new Map<string, Delivery[]>();
  private readonly running = new Set<string>();
  private readonly timers: TimerGroup;
  private readonly abort = new AbortController();
  private readonly idleWaiters = new Set<() => void>();
  readonly stats: DeliveryStats = { delivered: 0, failedAttempts: 0, dropped: 0 };

  constructor(
    private readonly options: { keys: SigningKeys; speedFactor: number; retry: RetryPolicy; log: Logger },
  ) {
    this.timers = new TimerGroup(options.speedFactor, options.log);
  }

  enqueue(key: string, delivery: Delivery): void {
    if (this.timers.isClosed) return;
    const queue = this.queues.get(key) ?? [];
    if (queue.length >= MAX_QUEUE_LENGTH) {
      this.stats.dropped += 1;
      this.options.log.warn({ key, label: delivery.label, host: hostOf(delivery.url) }, 'callback queue full; event dropped');
      return;
    }
    queue.push(delivery);
    this.queues.set(key, queue);
    if (!this.running.has(key)) {
      this.running.add(key);
      void this.drain(key);
    }
  }

  /** Deliveries queued or in flight. */
  get pending(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  /** Resolves once every queue is empty (tests, graceful shutdown). */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  close(): void {
    this.abort.abort();
    this.timers.close();
    this.queues.clear();
    this.running.clear();
    for (const wake of this.idleWaiters) wake();
    this.idleWaiters.clear();
  }

  private async drain(key: string): Promise<void> {
    try {
      for (;;) {
        const queue = this.queues.get(key);
        const head = queue?.[0];
        if (!queue || !head) break;
        await this.deliverWithRetry(key, head);
        queue.shift();
        if (queue.length === 0) this.queues.delete(key);
        if (this.timers.isClosed) return;
      }
    } finally {
      this.running.delete(key);
      if (this.pending === 0) {
        for (const wake of this.idleWaiters) wake();
        this.idleWaiters.clear();
      }
    }
  }

  private async deliverWithRetry(key: string, delivery: Delivery): Promise<void> {
    const { retry, log } = this.options;
    for (let attempt = 0; attempt < retry.maxAttempts; attempt++) {
      if (this.timers.isClosed) return;
      if (delivery.expiresAt !== undefined && Date.now() > delivery.expiresAt) {
        this.stats.dropped += 1;
        log.info({ key, label: delivery.label, attempt }, 'delivery expired before it could be made; dropped');
        return;
      }
      const outcome = await this.attempt(delivery);
      if (outcome.ok) {
        this.stats.delivered += 1;
        if (attempt > 0) log.info({ key, label: delivery.label, attempts: attempt + 1 }, 'callback delivered after retries');
        return;
      }
      this.stats.failedAttempts += 1;
      const last = attempt + 1 >= retry.maxAttempts;
      log.warn(
        { key, label: delivery.label, host: hostOf(delivery.url), attempt: attempt + 1, failure: outcome.failure, willRetry: !last },
        'callback delivery failed',
      );
      if (last) break;
      const fired = await this.timers.sleep(backoffMs(attempt, retry.initialDelayMs, retry.maxDelayMs));
      if (!fired) return;
    }
    this.stats.dropped += 1;
    log.error({ key, label: delivery.label, host: hostOf(delivery.url) }, 'callback dropped after the last retry');
  }

  private async attempt(delivery: Delivery): Promise<{ ok: true } | { ok: false; failure: string }> {
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...delivery.headers };
      if (delivery.tokenSubject !== undefined) {
        const token = await this.options.keys.sign({ subject: delivery.tokenSubject, lifetimeSeconds: CALLBACK_TOKEN_LIFETIME_SECONDS });
        headers.authorization = `Bearer ${token}`;
      }
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(delivery.body),
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? { ok: true } : { ok: false, failure: `http_${response.status}` };
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') return { ok: false, failure: 'timeout' };
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
      return { ok: false, failure: (cause ?? (error instanceof Error ? error.message : 'network_error')).slice(0, 120) };
    }
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
}
