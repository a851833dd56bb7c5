import { runControl } from '@/server/http/control-route';

export const dynamic = 'force-dynamic';

/** Connect Earshot to a room, server call or group call (connectCall). */
export async function POST(request: Request) {
  return runControl(request, 201, ({ control }, actor, body) => control.connectCall(actor, body));
}
