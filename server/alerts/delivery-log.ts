/**
 * The delivery log as supervisors see it. A webhook URL is a credential (Slack's secret is its path, Teams' is in
 * its query), so the log shows the origin and the path with long segments cut, never the query.
 */
import type { AlertDelivery } from '../../lib/rules';
import type { DeliveryRecord } from '../store/delivery-store';

/** Path segments longer than this are cut to their first few characters: ids stay readable, tokens do not. */
const MAX_SHOWN_SEGMENT = 12;
const SHOWN_PREFIX = 4;

export function displayTarget(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '(invalid URL)';
  }
  const path = url.pathname
    .split('/')
    .map((segment) => (segment.length > MAX_SHOWN_SEGMENT ? `${segment.slice(0, SHOWN_PREFIX)}…` : segment))
    .join('/');
  return `${url.origin}${path === '/' ? '' : path}`;
}

/** Only the origin, for log lines. */
export function targetOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return '(invalid URL)';
  }
}

export function toAlertDelivery(record: DeliveryRecord): AlertDelivery {
  return {
    alertId: record.alertId,
    target: displayTarget(record.targetUrl),
    format: record.format,
    state: record.state,
    attempts: record.attempts,
    lastStatus: record.lastStatus,
    lastError: record.lastError,
    lastAttemptAt: record.lastAttemptAt,
    nextAttemptAt: record.state === 'pending' ? record.nextAttemptAt : null,
  };
}
