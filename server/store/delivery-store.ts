/**
 * The alert webhook queue's storage: one row per (alert, webhook). Rows are the queue itself, so deliveries survive
 * a restart, and every instance's poller takes due rows with an atomic claim (a lease), so two instances never send
 * one delivery at once and a crashed instance's claim runs out.
 */
import type { DeliveryState, WebhookFormat } from '../../lib/rules';

export interface NewDelivery {
  id: string;
  alertId: string;
  /** The webhook URL as configured (never shown whole: Slack and Teams URLs carry their secret). */
  targetUrl: string;
  format: WebhookFormat;
  /** The exact body to send (it carries the alert's masked text). */
  body: string;
  /** `pending` to be sent; `failed` when refused before any attempt (queue full, URL refused). */
  state: DeliveryState;
  lastError: string | null;
  createdAt: number;
  /**
   * A pending delivery its instance sends at once: stored already claimed (its first attempt counted, as a claim
   * counts it), which saves a claim per alert. Safe like any claim: nobody else sees it unclaimed, and a crash
   * leaves it to whoever polls after the lease.
   */
  claim?: { instanceId: string; until: number };
}

export interface DeliveryRecord {
  id: string;
  alertId: string;
  targetUrl: string;
  format: WebhookFormat;
  body: string;
  state: DeliveryState;
  /** Attempts started (counted when claimed, so an attempt cut short by a crash still counts). */
  attempts: number;
  /** When a pending delivery is due; null once delivered or failed. */
  nextAttemptAt: number | null;
  claimedBy: string | null;
  claimedUntil: number | null;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: number | null;
  createdAt: number;
}

/** What one attempt ended with; written only while the attempting instance still holds its claim. */
export interface DeliveryAttemptResult {
  state: DeliveryState;
  lastStatus: number | null;
  lastError: string | null;
  /** Required when `state` is `pending` (the retry); ignored otherwise. */
  nextAttemptAt: number | null;
}

export interface DeliveryStore {
  /** Stores new deliveries; a pending one with a `claim` is stored claimed, with one attempt started at `createdAt`. */
  addDeliveries(deliveries: readonly NewDelivery[]): Promise<void>;
  /**
   * Claims one pending, due, unclaimed (or lease-expired) delivery for `instanceId` until `leaseUntil`, counting an
   * attempt; null when it is not claimable (delivered, failed, not yet due, or another instance holds it).
   */
  claimDelivery(id: string, instanceId: string, now: number, leaseUntil: number): Promise<DeliveryRecord | null>;
  /** Claims up to `limit` due deliveries, the longest-due first, the same way. */
  claimDueDeliveries(instanceId: string, now: number, leaseUntil: number, limit: number): Promise<DeliveryRecord[]>;
  /** Records an attempt's outcome and drops the claim; false (nothing written) when `instanceId` no longer holds it. */
  finishDeliveryAttempt(id: string, instanceId: string, result: DeliveryAttemptResult): Promise<boolean>;
  /** One alert's deliveries, oldest first. */
  listDeliveries(alertId: string): Promise<DeliveryRecord[]>;
  /** Deliveries still pending, on every instance. */
  countPendingDeliveries(): Promise<number>;
}
