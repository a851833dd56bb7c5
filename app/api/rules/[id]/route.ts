import { runTriage, runTriageWithBody, withRouteId, type IdRouteContext } from '@/server/http/triage-route';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: IdRouteContext) {
  return runTriage(request, (triage) => withRouteId(context, (id) => triage.getRule(id)));
}

/** Replace the rule's definition (body: RuleInputSchema). */
export async function PUT(request: Request, context: IdRouteContext) {
  return runTriageWithBody(request, (triage, actor, body) => withRouteId(context, (id) => triage.replaceRule(actor, id, body)), 'manageRules');
}

export async function DELETE(request: Request, context: IdRouteContext) {
  return runTriage(request, (triage) => withRouteId(context, (id) => triage.deleteRule(id)), 'manageRules');
}
