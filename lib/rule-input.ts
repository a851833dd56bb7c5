/** A stored rule back into what `PUT /api/rules/{id}` and `POST /api/rules/test` take. */
import type { Rule, RuleInput } from './rules';

export function ruleInputFromRule(rule: Rule, change: Partial<RuleInput> = {}): RuleInput {
  const input: RuleInput = { name: rule.name, severity: rule.severity, enabled: rule.enabled, cooldownSeconds: rule.cooldownSeconds, when: rule.when };
  if (rule.webhooks !== undefined) input.webhooks = rule.webhooks;
  return { ...input, ...change };
}
