/**
 * Webhook signatures, in the shape several large webhook senders use: `X-Earshot-Signature: t=<unix seconds>,v1=<hex>`
 * where v1 is HMAC-SHA256 over `"<t>.<raw body>"` with ALERT_WEBHOOK_SECRET. The timestamp is inside the signed
 * string, so a receiver that rejects old timestamps also rejects replays. Signed at each attempt (a retry an hour
 * later carries a fresh timestamp).
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Earshot-Signature';
export const DELIVERY_HEADER = 'X-Earshot-Delivery';
export const ALERT_HEADER = 'X-Earshot-Alert';

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const t = Math.floor(unixSeconds);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
