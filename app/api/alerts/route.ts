import { runTriage } from '@/server/http/triage-route';

export const dynamic = 'force-dynamic';

/** Alerts, newest first (query: AlertListQuerySchema — `state=open|all`, `callId`, `limit`). */
export async function GET(request: Request) {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return runTriage(request, (triage) => triage.listAlerts(query));
}
