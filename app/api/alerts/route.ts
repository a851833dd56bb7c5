import { runTriage } from '@/server/http/triage-route';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Alerts on calls the asker may see, newest first (query: AlertListQuerySchema — `state=open|all`, `callId`, `limit`). */
export async function GET(request: Request) {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return runTriage(request, (triage, _actor, who) => triage.listAlerts(query, getRuntime().visibility.scopeOf(who)));
}
