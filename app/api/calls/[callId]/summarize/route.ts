import { runCallControl, type CallRouteContext } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Ask ACS for a summary of the call so far. */
export async function POST(request: Request, context: CallRouteContext) {
  return runCallControl(request, context, ({ control }, actor, callId, body) => control.summarize(actor, callId, body));
}
