import { runControl } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Hang up, for everyone or just Earshot. */
export async function POST(request: Request, context: { params: Promise<{ callId: string }> }) {
  const { callId } = await context.params;
  return runControl(request, 202, ({ control }, actor, body) => control.hangUp(actor, callId, body));
}
