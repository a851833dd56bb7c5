/**
 * Validates a rule body beyond its zod schema: the regular expression must compile in RE2 (re2js), which refuses
 * what cannot run in linear time (backreferences, lookaround). Every problem names its field, for the API's 400.
 */
import type { z } from 'zod';
import type { ApiError, FieldIssue } from '../../lib/protocol';
import { regexProblem } from '../../lib/rule-regex';
import { RuleInputSchema, RuleTestRequestSchema, type RuleDefinition } from '../../lib/rules';

export { compileRuleRegex, regexProblem } from '../../lib/rule-regex';

export type Validated<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export function parseRuleInput(body: unknown): Validated<RuleDefinition> {
  return withRegexCheck(RuleInputSchema.safeParse(body), (rule) => rule, 'when.regex');
}

export function parseRuleTestRequest(body: unknown): Validated<z.infer<typeof RuleTestRequestSchema>> {
  return withRegexCheck(RuleTestRequestSchema.safeParse(body), (request) => request.rule, 'rule.when.regex');
}

function withRegexCheck<T>(parsed: z.ZodSafeParseResult<T>, ruleOf: (data: T) => RuleDefinition, regexPath: string): Validated<T> {
  if (!parsed.success) return { ok: false, error: invalidRequest(zodIssues(parsed.error)) };
  const when = ruleOf(parsed.data).when;
  if (when.kind === 'phrases' && when.regex !== undefined) {
    const problem = regexProblem(when.regex);
    if (problem !== null) return { ok: false, error: invalidRequest([{ path: regexPath, message: problem }]) };
  }
  return { ok: true, data: parsed.data };
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** 400 `invalid_request`: the message names each field (`when.count: count must be at least 1`), `fields` lists them. */
export function invalidRequest(fields: FieldIssue[]): ApiError {
  const message = fields.map((field) => (field.path === '' ? field.message : `${field.path}: ${field.message}`)).join('; ');
  return { code: 'invalid_request', message: message || 'The request is not valid.', fields };
}
