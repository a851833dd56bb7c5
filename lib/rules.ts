/**
 * Alert rules and alerts: the JSON a supervisor writes in `/rules` and sends to `/api/rules`, stored as is, and the
 * alerts the server raises when a rule fires. Shared by the server (validation, evaluation, storage) and the
 * browser (the rules editor, the alert inbox). Socket.io events that carry alerts are declared in lib/protocol.ts.
 */
import { z } from 'zod';
import { CallIdSchema } from './call-id';

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const RULE_KINDS = ['phrases', 'negativeStreak', 'rollingSentiment', 'silence', 'piiSpoken', 'languageMismatch', 'longCall', 'transcriptionFailed'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Which side of the call a line-based rule listens to: any speaker, or only the first participant heard (usually the caller) or the others. */
export const RULE_SPEAKERS = ['any', 'caller', 'agent'] as const;
export type RuleSpeaker = (typeof RULE_SPEAKERS)[number];

export const MAX_RULE_PHRASES = 100;
export const MAX_PHRASE_CHARS = 200;
/** RE2 syntax (re2js): linear time, no backreferences or lookaround. */
export const MAX_RULE_REGEX_CHARS = 500;
export const MAX_RULE_WEBHOOKS = 5;
export const MAX_RULES = 200;

const trimmed = (max: number, what: string) => z.string().trim().min(1, `${what} must not be empty`).max(max, `${what} is at most ${max} characters`);
const count = (what: string, max: number) => z.number().int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(max, `${what} is at most ${max}`);

export const RuleConditionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('phrases'),
      /** Words or phrases; matched case- and accent-insensitively on word boundaries, in any language. */
      phrases: z.array(trimmed(MAX_PHRASE_CHARS, 'a phrase')).max(MAX_RULE_PHRASES, `at most ${MAX_RULE_PHRASES} phrases`).default([]),
      /** An optional RE2 regular expression over the line's text (case-insensitive). */
      regex: z.string().min(1, 'the regular expression must not be empty').max(MAX_RULE_REGEX_CHARS, `the regular expression is at most ${MAX_RULE_REGEX_CHARS} characters`).optional(),
      speaker: z.enum(RULE_SPEAKERS).default('any'),
    })
    .refine((when) => when.phrases.length > 0 || when.regex !== undefined, { message: 'give at least one phrase or a regular expression', path: ['phrases'] }),
  z.object({ kind: z.literal('negativeStreak'), count: count('count', 100), speaker: z.enum(RULE_SPEAKERS).default('any') }),
  /** Fires when the call's rolling sentiment (−1 … 1) drops below `below`. */
  z.object({ kind: z.literal('rollingSentiment'), below: z.number().min(-1, 'below is at least -1').max(1, 'below is at most 1') }),
  /** No final line for `seconds` while transcription is active. */
  z.object({ kind: z.literal('silence'), seconds: count('seconds', 3600) }),
  /** `count` lines with PII masked. */
  z.object({ kind: z.literal('piiSpoken'), count: count('count', 1000) }),
  /** The detected language differs from the transcription locale for `lines` lines in a row. */
  z.object({ kind: z.literal('languageMismatch'), lines: count('lines', 1000) }),
  z.object({ kind: z.literal('longCall'), minutes: count('minutes', 1440) }),
  /** ACS reported TranscriptionFailed, or the transcript stream was lost and did not come back. */
  z.object({ kind: z.literal('transcriptionFailed') }),
]);
export type RuleCondition = z.infer<typeof RuleConditionSchema>;

export const WEBHOOK_FORMATS = ['earshot', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

const WebhookUrlSchema = z
  .string()
  .trim()
  .max(2000, 'a webhook URL is at most 2000 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'a webhook must be an http(s) URL');

/** A webhook is a URL (Earshot's signed JSON) or a URL with a body format for Slack or Teams. */
export const WebhookTargetSchema = z.union([WebhookUrlSchema, z.object({ url: WebhookUrlSchema, format: z.enum(WEBHOOK_FORMATS).default('earshot') })]);
export type WebhookTarget = z.infer<typeof WebhookTargetSchema>;

export function webhookTarget(target: WebhookTarget): { url: string; format: WebhookFormat } {
  return typeof target === 'string' ? { url: target, format: 'earshot' } : target;
}

/** What `POST /api/rules` and `PUT /api/rules/{id}` accept. */
export const RuleInputSchema = z.object({
  name: trimmed(80, 'the name'),
  severity: z.enum(ALERT_SEVERITIES),
  enabled: z.boolean().default(true),
  /** After a rule fires on a call, it stays quiet on that call this long. */
  cooldownSeconds: z.number().int('cooldownSeconds must be a whole number').min(0, 'cooldownSeconds is at least 0').max(86_400, 'cooldownSeconds is at most 86400').default(300),
  when: RuleConditionSchema,
  webhooks: z.array(WebhookTargetSchema).max(MAX_RULE_WEBHOOKS, `at most ${MAX_RULE_WEBHOOKS} webhooks`).optional(),
});
export type RuleInput = z.input<typeof RuleInputSchema>;
export type RuleDefinition = z.infer<typeof RuleInputSchema>;

export interface Rule extends RuleDefinition {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** Who last changed it (`system` for the default set). */
  updatedBy: string;
}

export const ALERT_STATES = ['open', 'acknowledged'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export interface Alert {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: AlertSeverity;
  kind: RuleKind;
  callId: string;
  /** The final lines that tripped the rule, by seq (empty for time-based kinds such as silence). */
  seqs: number[];
  /** The triggering line's text as stored (PII-masked when ACS masked it); for time-based kinds, what happened. */
  text: string;
  /** A short reason for a chip: "said “cancel”", "3 negative in a row", "silent 40 s". */
  reason: string;
  at: number;
  state: AlertState;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
}

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One webhook's delivery of one alert, as the alert's delivery log shows it. */
export interface AlertDelivery {
  alertId: string;
  /** The webhook's origin and path, never its query (Slack and Teams URLs carry their secret in the path: shown cut). */
  target: string;
  format: WebhookFormat;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
}

export const AlertListQuerySchema = z.object({
  state: z.enum(['open', 'all']).default('open'),
  callId: CallIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const RuleTestRequestSchema = z.object({ rule: RuleInputSchema, callId: CallIdSchema });

/** Where a rule would have fired on a stored call. */
export interface RuleTestHit {
  seqs: number[];
  text: string;
  reason: string;
  at: number;
}
