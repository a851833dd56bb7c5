import { controlRefusal, runControl } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Answer a ringing incoming call (when auto-answer is off), optionally with transcription options. */
export async function POST(request: Request, context: { params: Promise<{ ringingId: string }> }) {
  const { ringingId } = await context.params;
  return runControl(request, 201, async ({ ringing, visibility }, actor, body, asker) => {
    // Only a call in the asker's teams (the ringing list they see): another team's call is, to them, not ringing.
    const answered = await ringing.answer(actor, ringingId, body, (call) => visibility.seesRinging(asker, call));
    if (!answered) throw controlRefusal(410, 'not_ringing', 'The call is no longer ringing: it was answered, hung up or timed out.');
    return answered;
  });
}
