/**
 * The rules editor's form model: what the inputs hold (text, as typed), how it becomes a `RuleInput`, and how
 * validation problems — from `RuleInputSchema` in the browser, or from a 400's `error.fields` — land next to the
 * field they are about. The form keeps every kind's fields at once, so switching the kind back and forth loses
 * nothing the supervisor typed.
 */
import type { z } from 'zod';
import type { FieldIssue } from './protocol';
import {
  RuleInputSchema,
  webhookTarget,
  type AlertSeverity,
  type Rule,
  type RuleInput,
  type RuleKind,
  type RuleSpeaker,
  type WebhookFormat,
} from './rules';
import { assertNever } from './speaker-label';

export interface WebhookRow {
  url: string;
  format: WebhookFormat;
}

export interface RuleFormValues {
  name: string;
  severity: AlertSeverity;
  enabled: boolean;
  cooldownSeconds: string;
  kind: RuleKind;
  /** One phrase per line; blank lines are ignored. */
  phrases: string;
  regex: string;
  speaker: RuleSpeaker;
  /** negativeStreak: lines in a row. */
  streakCount: string;
  below: string;
  seconds: string;
  /** piiSpoken: masked lines. */
  piiCount: string;
  lines: string;
  minutes: string;
  webhooks: WebhookRow[];
}

/** Field keys the form shows a message under: `name`, `when.count`, `webhooks.2`… (see `fieldKey`). */
export type FieldErrors = Readonly<Record<string, string>>;

export const NEW_RULE_VALUES: RuleFormValues = {
  name: '',
  severity: 'warning',
  enabled: true,
  cooldownSeconds: '300',
  kind: 'phrases',
  phrases: '',
  regex: '',
  speaker: 'any',
  streakCount: '3',
  below: '-0.5',
  seconds: '30',
  piiCount: '1',
  lines: '3',
  minutes: '30',
  webhooks: [],
};

/** The form for an existing rule: its own kind's fields filled in, the others at their defaults. */
export function formValuesFromRule(rule: Rule): RuleFormValues {
  const base: RuleFormValues = {
    ...NEW_RULE_VALUES,
    name: rule.name,
    severity: rule.severity,
    enabled: rule.enabled,
    cooldownSeconds: String(rule.cooldownSeconds),
    kind: rule.when.kind,
    webhooks: (rule.webhooks ?? []).map(webhookTarget),
  };
  const when = rule.when;
  switch (when.kind) {
    case 'phrases':
      return { ...base, phrases: when.phrases.join('\n'), regex: when.regex ?? '', speaker: when.speaker };
    case 'negativeStreak':
      return { ...base, streakCount: String(when.count), speaker: when.speaker };
    case 'rollingSentiment':
      return { ...base, below: String(when.below) };
    case 'silence':
      return { ...base, seconds: String(when.seconds) };
    case 'piiSpoken':
      return { ...base, piiCount: String(when.count) };
    case 'languageMismatch':
      return { ...base, lines: String(when.lines) };
    case 'longCall':
      return { ...base, minutes: String(when.minutes) };
    case 'transcriptionFailed':
      return base;
    default:
      return assertNever(when);
  }
}

/** A number as typed, or NaN for anything that is not one (zod then refuses it, and `numberErrors` says why). */
export function parseNumberText(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return Number.NaN;
  // Accept the typographic minus a supervisor may paste from the page's own "−1 … 1".
  const value = Number(trimmed.replace('\u2212', '-'));
  return Number.isFinite(value) ? value : Number.NaN;
}

export function phraseLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The condition the form describes, for its selected kind only. */
export function conditionFromForm(values: RuleFormValues): RuleInput['when'] {
  switch (values.kind) {
    case 'phrases': {
      const regex = values.regex.trim();
      return { kind: 'phrases', phrases: phraseLines(values.phrases), speaker: values.speaker, ...(regex !== '' ? { regex } : {}) };
    }
    case 'negativeStreak':
      return { kind: 'negativeStreak', count: parseNumberText(values.streakCount), speaker: values.speaker };
    case 'rollingSentiment':
      return { kind: 'rollingSentiment', below: parseNumberText(values.below) };
    case 'silence':
      return { kind: 'silence', seconds: parseNumberText(values.seconds) };
    case 'piiSpoken':
      return { kind: 'piiSpoken', count: parseNumberText(values.piiCount) };
    case 'languageMismatch':
      return { kind: 'languageMismatch', lines: parseNumberText(values.lines) };
    case 'longCall':
      return { kind: 'longCall', minutes: parseNumberText(values.minutes) };
    case 'transcriptionFailed':
      return { kind: 'transcriptionFailed' };
    default:
      return assertNever(values.kind);
  }
}

export function ruleInputFromForm(values: RuleFormValues): RuleInput {
  return {
    name: values.name,
    severity: values.severity,
    enabled: values.enabled,
    cooldownSeconds: parseNumberText(values.cooldownSeconds),
    when: conditionFromForm(values),
    // Always the object form: the format is explicit, and an edited rule keeps the shape it was saved in.
    webhooks: values.webhooks.map((webhook) => ({ url: webhook.url.trim(), format: webhook.format })),
  };
}

/**
 * Where a problem at `path` is shown: one message per field. A phrase's index folds into the phrases box (it is
 * one textarea), and a webhook's `url` / `format` into its row.
 */
export function fieldKey(path: readonly PropertyKey[]): string {
  const parts = path.map((part) => (typeof part === 'symbol' ? '' : String(part)));
  if (parts[0] === 'when' && parts[1] === 'phrases') return 'when.phrases';
  if (parts[0] === 'webhooks' && parts.length >= 2) return `webhooks.${parts[1]}`;
  return parts.join('.');
}

/** A server's dotted path (`when.count`, `webhooks.0.url`) as a field key. */
export function fieldKeyFromDotted(path: string): string {
  return fieldKey(path === '' ? [] : path.split('.'));
}

function addError(errors: Record<string, string>, key: string, message: string) {
  // The first problem per field is the one to fix first; the next shows once that one is fixed.
  if (!(key in errors)) errors[key] = message;
}

/** Numbers typed as something else get a plain message rather than zod's "expected number, received NaN". */
function numberErrors(values: RuleFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const check = (key: string, text: string, what: string) => {
    if (Number.isNaN(parseNumberText(text))) errors[key] = text.trim() === '' ? `enter the ${what}` : `${what} must be a number`;
  };
  check('cooldownSeconds', values.cooldownSeconds, 'cooldown');
  switch (values.kind) {
    case 'negativeStreak':
      check('when.count', values.streakCount, 'count');
      break;
    case 'rollingSentiment':
      check('when.below', values.below, 'threshold');
      break;
    case 'silence':
      check('when.seconds', values.seconds, 'seconds');
      break;
    case 'piiSpoken':
      check('when.count', values.piiCount, 'count');
      break;
    case 'languageMismatch':
      check('when.lines', values.lines, 'lines');
      break;
    case 'longCall':
      check('when.minutes', values.minutes, 'minutes');
      break;
    case 'phrases':
    case 'transcriptionFailed':
      break;
    default:
      return assertNever(values.kind);
  }
  return errors;
}

export function fieldErrorsFromIssues(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of issues) addError(errors, fieldKey(issue.path), issue.message);
  return errors;
}

export type RuleFormCheck = { ok: true; input: RuleInput } | { ok: false; errors: FieldErrors };

/** Validates the form with the same schema the server uses; messages are keyed by field. */
export function checkRuleForm(values: RuleFormValues): RuleFormCheck {
  const input = ruleInputFromForm(values);
  const parsed = RuleInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, input };
  return { ok: false, errors: { ...fieldErrorsFromIssues(parsed.error.issues), ...numberErrors(values) } };
}

/** A 400's `error.fields`, keyed like the browser's own checks, so each message shows next to its field. */
export function fieldErrorsFromApi(fields: readonly FieldIssue[]): FieldErrors {
  const errors: Record<string, string> = {};
  for (const field of fields) addError(errors, fieldKeyFromDotted(field.path), field.message);
  return errors;
}

/**
 * Field keys the form shows a message under for `kind`; messages for any other key (the selects cannot hold a bad
 * value, so a server message about one is unexpected) are listed above the buttons.
 */
export function shownFieldKeys(values: Pick<RuleFormValues, 'kind' | 'webhooks'>): Set<string> {
  const keys = new Set(['name', 'cooldownSeconds', 'webhooks']);
  values.webhooks.forEach((_webhook, index) => keys.add(`webhooks.${index}`));
  for (const key of conditionFieldKeys(values.kind)) keys.add(key);
  return keys;
}

export function conditionFieldKeys(kind: RuleKind): readonly string[] {
  switch (kind) {
    case 'phrases':
      return ['when.phrases', 'when.regex'];
    case 'negativeStreak':
      return ['when.count'];
    case 'rollingSentiment':
      return ['when.below'];
    case 'silence':
      return ['when.seconds'];
    case 'piiSpoken':
      return ['when.count'];
    case 'languageMismatch':
      return ['when.lines'];
    case 'longCall':
      return ['when.minutes'];
    case 'transcriptionFailed':
      return [];
    default:
      return assertNever(kind);
  }
}

/** Messages the form has no field for (a server rule it does not know, say): shown together, never dropped. */
export function unplacedErrors(errors: FieldErrors, values: Pick<RuleFormValues, 'kind' | 'webhooks'>): string[] {
  const shown = shownFieldKeys(values);
  return Object.entries(errors)
    .filter(([key]) => !shown.has(key))
    .map(([key, message]) => (key === '' ? message : `${key}: ${message}`));
}

