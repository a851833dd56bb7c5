import { describe, expect, it } from 'vitest';
import { parseRuleInput, parseRuleTestRequest, regexProblem } from '../../server/rules/rule-validation';

const valid = { name: 'Cancel', severity: 'warning', when: { kind: 'phrases', phrases: ['cancel'] } };

function problems(body: unknown) {
  const parsed = parseRuleInput(body);
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed.error;
}

describe('rule validation', () => {
  it('accepts a rule and fills in the defaults', () => {
    expect(parseRuleInput(valid)).toEqual({ ok: true, data: { ...valid, enabled: true, cooldownSeconds: 300, when: { kind: 'phrases', phrases: ['cancel'], speaker: 'any' } } });
  });

  it('names the field in the message and lists each problem in fields', () => {
    expect(problems({ ...valid, when: { kind: 'negativeStreak', count: 0 } })).toEqual({
      code: 'invalid_request',
      message: 'when.count: count must be at least 1',
      fields: [{ path: 'when.count', message: 'count must be at least 1' }],
    });
    const error = problems({ severity: 'loud', when: { kind: 'silence', seconds: 1.5 }, cooldownSeconds: -1 });
    expect(error.fields?.map((field) => field.path)).toEqual(expect.arrayContaining(['name', 'severity', 'when.seconds', 'cooldownSeconds']));
    expect(error.message).toContain('when.seconds: seconds must be a whole number');
    expect(problems({ ...valid, when: { kind: 'nonsense' } }).fields?.[0]?.path).toBe('when.kind');
    expect(problems({ ...valid, when: { kind: 'phrases', phrases: [] } }).fields).toEqual([{ path: 'when.phrases', message: 'give at least one phrase or a regular expression' }]);
    expect(problems({ ...valid, when: { kind: 'phrases', phrases: ['  '] } }).fields).toEqual([{ path: 'when.phrases.0', message: 'a phrase must not be empty' }]);
    expect(problems({ ...valid, webhooks: ['ftp://example.com'] }).fields).toEqual([{ path: 'webhooks.0', message: 'a webhook must be an http(s) URL' }]);
    expect(problems('not an object').fields?.[0]?.path).toBe('');
  });

  it('refuses RE2-only-unsupported syntax on when.regex with re2js’s reason', () => {
    for (const regex of ['(a)\\1', 'cancel(?=led)', '(?<!not )cancel', '[unclosed']) {
      const error = problems({ ...valid, when: { kind: 'phrases', regex } });
      expect(error.fields?.map((field) => field.path), regex).toEqual(['when.regex']);
      expect(error.message, regex).toMatch(/^when\.regex: error parsing regexp: .+ \(RE2 syntax: no backreferences or lookaround\)$/);
    }
    expect(regexProblem('cancel(led|lation)?')).toBeNull();
    expect(parseRuleInput({ ...valid, when: { kind: 'phrases', regex: '(a+)+$' } }).ok).toBe(true);
  });

  it('checks the rule of a test request under rule.', () => {
    const refused = parseRuleTestRequest({ rule: { ...valid, when: { kind: 'phrases', regex: '(x)\\1' } }, callId: 'c' });
    expect(refused.ok || refused.error.fields?.[0]?.path).toBe('rule.when.regex');
    const missing = parseRuleTestRequest({ rule: valid });
    expect(missing.ok || missing.error.fields?.map((field) => field.path)).toEqual(['callId']);
  });
});
