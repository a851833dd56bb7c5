import { answerWebhookRequest } from '@/server/acs/webhook-routes';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Event Grid deliveries: the subscription handshake and Microsoft.Communication.IncomingCall; bodies over 1 MiB get 413. */
export async function POST(request: Request) {
  return answerWebhookRequest(getRuntime().webhooks, 'event-grid', request);
}
