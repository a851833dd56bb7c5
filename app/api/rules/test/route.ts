import { runTriageWithBody } from '@/server/http/triage-route';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Where a rule would have fired on a stored call (body: RuleTestRequestSchema); a call outside the asker's teams is not found. */
export async function POST(request: Request) {
  return runTriageWithBody(request, (triage, _actor, body, who) => triage.testRule(body, getRuntime().visibility.seer(who)));
}
