import { runCallControl, type CallRouteContext } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Start transcription (optional locale, custom model, operation context). */
export async function POST(request: Request, context: CallRouteContext) {
  return runCallControl(request, context, ({ control }, actor, callId, body) => control.startTranscription(actor, callId, body));
}
