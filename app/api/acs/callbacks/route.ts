import { answerWebhookRequest } from '@/server/acs/webhook-routes';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Call Automation callbacks (CloudEvents), authenticated by ACS's JWT; bodies over 1 MiB get 413. */
export async function POST(request: Request) {
  return answerWebhookRequest(getRuntime().webhooks, 'callback', request);
}
