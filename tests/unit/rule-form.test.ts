import { describe, expect, it } from 'vitest';
import {
  checkRuleForm,
  fieldErrorsFromApi,
  fieldKey,
  formValuesFromRule,
  NEW_RULE_VALUES,
  parseNumberText,
  phraseLines,
  ruleInputFromForm,
  unplacedErrors,
  type RuleFormValues,
} from '../../lib/rule-form';
import { RULE_KINDS, RuleInputSchema, type Rule } from '../../lib/rules';

const values = (change: Partial<RuleFormValues>): RuleFormValues => ({ ...NEW_RULE_VALUES, name: 'Refunds', ...change });

describe('rule form: values → RuleInput', () => {
  it('takes phrases one per line, trimmed, without blank lines, and leaves out an empty regex', () => {
    expect(phraseLines('  refund my order \n\n cancel\r\n   ')).toEqual(['refund my order', 'cancel']);
    const input = ruleInputFromForm(values({ phrases: 'refund my order\n\ncancel', regex: '  ', speaker: 'caller' }));
    expect(input.when).toEqual({ kind: 'phrases', phrases: ['refund my order', 'cancel'], speaker: 'caller' });
    expect(ruleInputFromForm(values({ phrases: '', regex: 'charge ?back' })).when).toMatchObject({ regex: 'charge ?back' });
  });

  it('builds only the selected kind’s condition, for every kind, and each one passes the schema', () => {
    for (const kind of RULE_KINDS) {
      const form = values({ kind, phrases: 'x' });
      const input = ruleInputFromForm(form);
      expect(input.when.kind).toBe(kind);
      expect(RuleInputSchema.safeParse(input).success, kind).toBe(true);
    }
  });

  it('reads numbers as typed, with a typographic minus too; anything else is NaN', () => {
    expect(parseNumberText(' 3 ')).toBe(3);
    expect(parseNumberText('\u22120.5')).toBe(-0.5);
    expect(parseNumberText('')).toBeNaN();
    expect(parseNumberText('three')).toBeNaN();
  });

  it('sends webhooks as { url, format } objects, trimmed', () => {
    expect(ruleInputFromForm(values({ phrases: 'x', webhooks: [{ url: ' https://hooks.slack.com/a ', format: 'slack' }] })).webhooks).toEqual([{ url: 'https://hooks.slack.com/a', format: 'slack' }]);
  });

  it('round-trips a stored rule through the form', () => {
    const rule: Rule = {
      id: 'r1',
      name: 'Streak',
      severity: 'critical',
      enabled: false,
      cooldownSeconds: 60,
      when: { kind: 'negativeStreak', count: 4, speaker: 'agent' },
      webhooks: ['https://example.com/hook', { url: 'https://hooks.slack.com/x', format: 'slack' }],
      createdAt: 1,
      updatedAt: 2,
      updatedBy: 'sam',
    };
    const form = formValuesFromRule(rule);
    expect(form).toMatchObject({ kind: 'negativeStreak', streakCount: '4', speaker: 'agent', enabled: false, cooldownSeconds: '60', severity: 'critical' });
    expect(ruleInputFromForm(form)).toEqual({
      name: 'Streak',
      severity: 'critical',
      enabled: false,
      cooldownSeconds: 60,
      when: { kind: 'negativeStreak', count: 4, speaker: 'agent' },
      webhooks: [
        { url: 'https://example.com/hook', format: 'earshot' },
        { url: 'https://hooks.slack.com/x', format: 'slack' },
      ],
    });
  });
});

describe('rule form: messages next to their fields', () => {
  it('puts empty phrases under the phrases box and a zero count under the count', () => {
    const empty = checkRuleForm(values({ phrases: ' \n ' }));
    expect(empty).toEqual({ ok: false, errors: { 'when.phrases': 'give at least one phrase or a regular expression' } });
    const zero = checkRuleForm(values({ kind: 'negativeStreak', streakCount: '0' }));
    expect(zero).toEqual({ ok: false, errors: { 'when.count': 'count must be at least 1' } });
  });

  it('says "enter" or "must be a number" instead of zod’s NaN message', () => {
    const result = checkRuleForm(values({ kind: 'silence', seconds: '', cooldownSeconds: 'soon' }));
    expect(result).toEqual({ ok: false, errors: { 'when.seconds': 'enter the seconds', cooldownSeconds: 'cooldown must be a number' } });
  });

  it('keys a webhook’s message by its row, and the name by name', () => {
    const result = checkRuleForm(values({ name: '  ', phrases: 'x', webhooks: [{ url: 'https://ok.example/a', format: 'earshot' }, { url: 'ftp://nope', format: 'teams' }] }));
    expect(result).toEqual({ ok: false, errors: { name: 'the name must not be empty', 'webhooks.1': 'a webhook must be an http(s) URL' } });
  });

  it('maps zod issue paths to field keys', () => {
    expect(fieldKey(['when', 'phrases', 3])).toBe('when.phrases');
    expect(fieldKey(['webhooks', 2, 'url'])).toBe('webhooks.2');
    expect(fieldKey(['when', 'count'])).toBe('when.count');
    expect(fieldKey([])).toBe('');
  });

  it('maps a 400’s error.fields the same way, first message per field', () => {
    expect(
      fieldErrorsFromApi([
        { path: 'when.count', message: 'count must be at least 1' },
        { path: 'when.phrases.0', message: 'a phrase must not be empty' },
        { path: 'when.phrases.1', message: 'second' },
        { path: 'webhooks.0.url', message: 'a webhook must be an http(s) URL' },
      ]),
    ).toEqual({ 'when.count': 'count must be at least 1', 'when.phrases': 'a phrase must not be empty', 'webhooks.0': 'a webhook must be an http(s) URL' });
  });

  it('lists messages the form has no field for, so none is lost', () => {
    const errors = { 'when.regex': 'RE2: lookaround is not supported', 'when.count': 'x', severity: 'bad', '': 'rule limit reached' };
    expect(unplacedErrors(errors, { kind: 'phrases', webhooks: [] })).toEqual(['when.count: x', 'severity: bad', 'rule limit reached']);
    expect(unplacedErrors(errors, { kind: 'negativeStreak', webhooks: [] })).toEqual(['when.regex: RE2: lookaround is not supported', 'severity: bad', 'rule limit reached']);
  });
});
