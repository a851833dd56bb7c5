import { runCallControl, type CallRouteContext } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Change the transcription language (and optionally the custom model). */
export async function POST(request: Request, context: CallRouteContext) {
  return runCallControl(request, context, ({ control }, actor, callId, body) => control.updateTranscription(actor, callId, body));
}
