/** alert_deliveries rows back into DeliveryRecord, validated like every other row (see row-mapping.ts). */
import type { Selectable } from 'kysely';
import { DELIVERY_STATES, WEBHOOK_FORMATS } from '../../lib/rules';
import type { AlertDeliveriesTable } from './database-schema';
import type { DeliveryRecord } from './delivery-store';
import { CorruptRowError } from './row-mapping';

export function rowToDelivery(row: Selectable<AlertDeliveriesTable>): DeliveryRecord {
  const corrupt = (column: string) => new CorruptRowError('alert_deliveries', row.id, column);
  const number = (column: string, value: number | string | bigint) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw corrupt(column);
    return parsed;
  };
  const maybe = (column: string, value: number | string | bigint | null) => (value === null ? null : number(column, value));
  if (!(DELIVERY_STATES as readonly string[]).includes(row.state)) throw corrupt('state');
  if (!(WEBHOOK_FORMATS as readonly string[]).includes(row.format)) throw corrupt('format');
  return {
    id: row.id,
    alertId: row.alert_id,
    targetUrl: row.target_url,
    format: row.format as DeliveryRecord['format'],
    body: row.body,
    state: row.state as DeliveryRecord['state'],
    attempts: number('attempts', row.attempts),
    nextAttemptAt: maybe('next_attempt_at', row.next_attempt_at),
    claimedBy: row.claimed_by,
    claimedUntil: maybe('claimed_until', row.claimed_until),
    lastStatus: maybe('last_status', row.last_status),
    lastError: row.last_error,
    lastAttemptAt: maybe('last_attempt_at', row.last_attempt_at),
    createdAt: number('created_at', row.created_at),
  };
}
