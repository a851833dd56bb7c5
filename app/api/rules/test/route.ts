import { runTriageWithBody } from '@/server/http/triage-route';

export const dynamic = 'force-dynamic';

/** Where a rule would have fired on a stored call (body: RuleTestRequestSchema). */
export async function POST(request: Request) {
  return runTriageWithBody(request, (triage, _actor, body) => triage.testRule(body));
}
