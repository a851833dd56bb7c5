import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Event Grid deliveries: the subscription handshake and Microsoft.Communication.IncomingCall. */
export async function POST(request: Request) {
  const secret = new URL(request.url).searchParams.get('secret');
  const result = await getRuntime().webhooks.handleEventGrid(secret, await request.text());
  return Response.json(result.body, { status: result.status });
}
