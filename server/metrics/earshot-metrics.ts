/**
 * Earshot's Prometheus metrics, per server (one prom-client Registry each, never prom-client's global one, so two
 * servers in one process keep their own numbers). Gauges and counters that other modules already keep — the
 * ingress counters /api/health reports, the store's buffer, socket.io's sockets — are read when Prometheus
 * scrapes, not counted twice; only the two histograms are fed from the call pipeline (see call-metrics.ts).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HealthReport } from '../../lib/protocol';
import type { AlertWebhookMetrics } from '../alerts/alert-webhooks';
import type { StoreHealth } from '../calls/call-service';
import type { CallMetrics } from './call-metrics';

export const METRICS_PATH = '/metrics';

export interface MetricsSources {
  instanceId: string;
  version: string;
  store: 'sqlite' | 'postgresql';
  cluster: 'single' | 'redis';
  ingress: () => HealthReport['ingress'];
  storeHealth: () => StoreHealth;
  /** socket.io sockets connected to this instance. */
  browsers: () => number;
  /** Alert webhook deliveries pending (every instance's), as the webhook poller last counted them. */
  alertWebhookQueue?: () => number;
}

export interface EarshotMetrics {
  /** Hooks for CallService. */
  readonly calls: CallMetrics;
  /** Hooks for the alert webhook dispatcher. */
  readonly alertWebhooks: AlertWebhookMetrics;
  /** Counts ended calls the retention sweep deleted. */
  readonly retentionDeleted: (count: number) => void;
  readonly contentType: string;
  /** The Prometheus text exposition of this server's metrics and the process's. */
  render(): Promise<string>;
}

/** Sub-100 ms delivery is the target; a store outage holds finals back for minutes. */
const DELIVERY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Alert latency (final received → webhook sent) is to stay under 1 s at p99; retries take minutes. */
const ALERT_WEBHOOK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30];
const FLUSH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createEarshotMetrics(sources: MetricsSources): EarshotMetrics {
  const registry = new Registry();
  const registers = [registry];

  new Gauge({
    name: 'earshot_instance_info',
    help: 'This Earshot instance (always 1): its id (stream leases carry it), version, store and cluster mode.',
    labelNames: ['instance_id', 'version', 'store', 'cluster'] as const,
    registers,
  }).set({ instance_id: sources.instanceId, version: sources.version, store: sources.store, cluster: sources.cluster }, 1);

  new Gauge({
    name: 'earshot_transcript_streams_open',
    help: 'ACS transcript WebSockets open on this instance.',
    registers,
    collect() {
      this.set(sources.ingress().activeStreams);
    },
  });
  new Gauge({
    name: 'earshot_transcript_streams_paused',
    help: 'Transcript WebSockets paused (TCP back-pressure) until their call has loaded.',
    registers,
    collect() {
      this.set(sources.ingress().pausedStreams);
    },
  });
  new Counter({
    name: 'earshot_transcript_packets_accepted_total',
    help: 'Transcript packets parsed and applied.',
    registers,
    collect() {
      this.reset();
      this.inc(sources.ingress().packetsAccepted);
    },
  });
  new Counter({
    name: 'earshot_transcript_packets_rejected_total',
    help: 'Transcript packets rejected, by reason (invalid_json, unknown_kind, duplicate_final, …).',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(sources.ingress().packetsRejected)) if (count !== undefined) this.inc({ reason }, count);
    },
  });
  new Counter({
    name: 'earshot_transcript_connections_refused_total',
    help: 'Transcript WebSockets refused or closed by the server, by reason (missing_token, store_backlog, …).',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(sources.ingress().connectionsRefused)) if (count !== undefined) this.inc({ reason }, count);
    },
  });

  const delivery = new Histogram({
    name: 'earshot_final_delivery_seconds',
    help: 'From a final transcript line reaching the ingress to its broadcast to browsers, after it was committed.',
    buckets: DELIVERY_BUCKETS,
    registers,
  });
  const flushes = new Histogram({
    name: 'earshot_store_flush_duration_seconds',
    help: 'One store flush (a batch of finals, then the call rows they changed), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: FLUSH_BUCKETS,
    registers,
  });
  // Both outcomes from the first scrape on, so a rate over failures is 0 rather than absent.
  flushes.zero({ outcome: 'ok' });
  flushes.zero({ outcome: 'failed' });

  new Gauge({
    name: 'earshot_store_buffered_finals',
    help: 'Finals received and not yet stored (they wait here while the store fails).',
    registers,
    collect() {
      this.set(sources.storeHealth().bufferedFinals);
    },
  });
  new Gauge({
    name: 'earshot_store_buffered_finals_max',
    help: 'MAX_BUFFERED_FINALS: at this many, transcript streams are refused until the buffer drains.',
    registers,
    collect() {
      this.set(sources.storeHealth().maxBufferedFinals);
    },
  });
  new Gauge({
    name: 'earshot_store_up',
    help: '1 while the store accepts writes, 0 while they fail (/api/health says degraded).',
    registers,
    collect() {
      this.set(sources.storeHealth().ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'earshot_browsers_connected',
    help: 'Supervisor browsers (socket.io sockets) connected to this instance.',
    registers,
    collect() {
      this.set(sources.browsers());
    },
  });

  const webhookDeliveries = new Counter({
    name: 'earshot_alert_webhook_deliveries_total',
    help: 'Alert webhook delivery outcomes: delivered, retried (an attempt failed, another follows), failed (gave up or refused), queue_full.',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of ['delivered', 'retried', 'failed', 'queue_full'] as const) webhookDeliveries.inc({ outcome }, 0);
  new Gauge({
    name: 'earshot_alert_webhook_queue_depth',
    help: 'Alert webhook deliveries pending, on every instance (as this instance last counted them).',
    registers,
    collect() {
      this.set(sources.alertWebhookQueue?.() ?? 0);
    },
  });
  const webhookLatency = new Histogram({
    name: 'earshot_alert_webhook_first_attempt_seconds',
    help: 'From an alert being raised to its first webhook request being sent.',
    buckets: ALERT_WEBHOOK_BUCKETS,
    registers,
  });

  let exposed: Registry | undefined;
  const retentionDeleted = new Counter({
    name: 'earshot_retention_calls_deleted_total',
    help: 'Ended calls this instance deleted because they were past RETENTION_DAYS.',
    registers,
  });

  return {
    retentionDeleted: (count: number) => retentionDeleted.inc(count),
    alertWebhooks: {
      deliveryOutcome(outcome) {
        webhookDeliveries.inc({ outcome });
      },
      firstAttemptSent(latencyMs) {
        webhookLatency.observe(Math.max(0, latencyMs) / 1000);
      },
    },
    calls: {
      finalDelivered(latencyMs) {
        delivery.observe(Math.max(0, latencyMs) / 1000);
      },
      storeFlushed(durationMs, ok) {
        flushes.observe({ outcome: ok ? 'ok' : 'failed' }, Math.max(0, durationMs) / 1000);
      },
    },
    contentType: registry.contentType,
    render: () => {
      exposed ??= Registry.merge([processMetrics(), registry]);
      return exposed.metrics();
    },
  };
}

let processRegistry: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, event-loop delay, GC, handles) describe the process, so they are
 * collected once per process: each collection starts its own event-loop monitor and GC observer, which would pile
 * up in a test process that starts many servers. Started at the first scrape, so a server nobody scrapes (tests,
 * tools) runs no monitor at all.
 */
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
