import { runControl } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Change the transcription language (and optionally the custom model). */
export async function POST(request: Request, context: { params: Promise<{ callId: string }> }) {
  const { callId } = await context.params;
  return runControl(request, 202, ({ control }, actor, body) => control.updateTranscription(actor, callId, body));
}
