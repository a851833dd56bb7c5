import { runTriage, withRouteId, type IdRouteContext } from '@/server/http/triage-route';

export const dynamic = 'force-dynamic';

/** Acknowledge an alert; acknowledging it again returns it unchanged. */
export async function POST(request: Request, context: IdRouteContext) {
  return runTriage(request, (triage, actor) => withRouteId(context, (id) => triage.acknowledge(id, actor)));
}
