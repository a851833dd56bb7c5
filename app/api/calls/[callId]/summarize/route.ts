import { runControl } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Ask ACS for a summary of the call so far. */
export async function POST(request: Request, context: { params: Promise<{ callId: string }> }) {
  const { callId } = await context.params;
  return runControl(request, 202, ({ control }, actor, body) => control.summarize(actor, callId, body));
}
