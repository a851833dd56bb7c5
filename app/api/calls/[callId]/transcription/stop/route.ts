import { runCallControl, type CallRouteContext } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Stop transcription. */
export async function POST(request: Request, context: CallRouteContext) {
  return runCallControl(request, context, ({ control }, actor, callId, body) => control.stopTranscription(actor, callId, body));
}
