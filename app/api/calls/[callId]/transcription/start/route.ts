import { runControl } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Start transcription (optional locale, custom model, operation context). */
export async function POST(request: Request, context: { params: Promise<{ callId: string }> }) {
  const { callId } = await context.params;
  return runControl(request, 202, ({ control }, actor, body) => control.startTranscription(actor, callId, body));
}
