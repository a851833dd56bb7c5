import { jsonResult } from '@/server/http/json-result';
import { authorizeRequest } from '@/server/http/authorize-request';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** `[id]`, not `[alertId]`: Next wants one slug name per level, and `/api/alerts/[id]/ack` (the alerts API) has it. */
interface AlertRouteContext {
  params: Promise<{ id: string }>;
}

/** The alert's webhook delivery log (`AlertDelivery[]`, oldest first; empty when it went to no webhook). */
export async function GET(request: Request, context: AlertRouteContext) {
  const alertId = (await context.params).id;
  // Control characters never make an alert id, and PostgreSQL refuses NUL in text outright.
  if (alertId.length === 0 || alertId.length > 256 || /[\u0000-\u001f\u007f]/.test(alertId)) {
    return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: 'An alert id is 1 to 256 characters, none of them control characters.' } });
  }
  // An alert on a call outside the asker's teams answers like one that does not exist: an empty log.
  const who = await authorizeRequest(request);
  if (!who.ok) return who.response;
  const alert = await getRuntime().triage.visibleAlert(alertId, getRuntime().visibility.seer(who.actor));
  if (alert === null) return jsonResult(200, { ok: true, data: [] });
  return jsonResult(200, { ok: true, data: await getRuntime().alertWebhooks.deliveryLog(alertId) });
}
