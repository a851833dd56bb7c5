import { runTriage, withRouteId, type IdRouteContext } from '@/server/http/triage-route';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Acknowledge an alert; acknowledging it again returns it unchanged. An alert on a call outside the asker's teams is not found. */
export async function POST(request: Request, context: IdRouteContext) {
  return runTriage(request, (triage, actor, who) => withRouteId(context, (id) => triage.acknowledge(id, actor, getRuntime().visibility.seer(who))));
}
