/**
 * Where a raised alert goes besides the store and the browsers: webhooks today. The rule engine calls every sink
 * once per alert, after the alert is stored, on the instance that raised it. A sink must not block or throw: it
 * queues the work and returns (ingress never waits for a webhook).
 */
import type { Alert, Rule } from '../../lib/rules';

export interface AlertSink {
  alertRaised(alert: Alert, rule: Rule): void;
}
