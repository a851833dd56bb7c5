import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Call Automation callbacks (CloudEvents), authenticated by ACS's JWT. */
export async function POST(request: Request) {
  const result = await getRuntime().webhooks.handleCallback(request.headers.get('authorization') ?? undefined, await request.text());
  return Response.json(result.body, { status: result.status });
}
