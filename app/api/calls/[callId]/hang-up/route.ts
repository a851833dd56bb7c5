import { runCallControl, type CallRouteContext } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Hang up, for everyone or just Earshot. */
export async function POST(request: Request, context: CallRouteContext) {
  return runCallControl(request, context, ({ control }, actor, callId, body) => control.hangUp(actor, callId, body));
}
