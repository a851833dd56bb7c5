import { runTriage, runTriageWithBody } from '@/server/http/triage-route';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  return runTriage(request, (triage) => triage.listRules());
}

/** Create a rule (body: RuleInputSchema in lib/rules.ts). */
export async function POST(request: Request) {
  return runTriageWithBody(request, (triage, actor, body) => triage.createRule(actor, body), 'manageRules');
}
