/**
 * The browser's side of the rules and alerts HTTP API. Like `control-client.ts`, every failure comes back as a
 * value, never a throw; here an error may also carry `fields` (a 400 on a rule: one message per zod issue path),
 * which the rules form shows next to each field. Response bodies are checked, so a server that drifts from
 * `lib/rules.ts` shows as an error instead of a broken page.
 */
import { z } from 'zod';
import {
  ALERT_SEVERITIES,
  ALERT_STATES,
  DELIVERY_STATES,
  RULE_KINDS,
  RuleInputSchema,
  WEBHOOK_FORMATS,
  type Alert,
  type AlertDelivery,
  type Rule,
  type RuleInput,
  type RuleTestHit,
} from './rules';
import { CALL_STATES, type ApiError, type FieldIssue, type Result } from './protocol';

/** The protocol's envelope; on a rule, a 400's error carries `fields`. */
export type TriageError = ApiError;
export type TriageResult<T> = Result<T>;

const FieldErrorSchema = z.object({ path: z.string(), message: z.string() }) satisfies z.ZodType<FieldIssue>;
const ErrorEnvelopeSchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string().min(1), message: z.string(), fields: z.array(FieldErrorSchema).optional() }),
});
const SuccessEnvelopeSchema = z.object({ ok: z.literal(true), data: z.unknown() });

export const RuleSchema = RuleInputSchema.extend({ id: z.string().min(1), createdAt: z.number(), updatedAt: z.number(), updatedBy: z.string() }) satisfies z.ZodType<Rule>;

export const AlertSchema = z.object({
  id: z.string().min(1),
  ruleId: z.string(),
  ruleName: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  kind: z.enum(RULE_KINDS),
  callId: z.string().min(1),
  seqs: z.array(z.number().int()),
  text: z.string(),
  reason: z.string(),
  at: z.number(),
  state: z.enum(ALERT_STATES),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.number().nullable(),
}) satisfies z.ZodType<Alert>;

export const AlertDeliverySchema = z.object({
  alertId: z.string(),
  target: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  lastAttemptAt: z.number().nullable(),
  nextAttemptAt: z.number().nullable(),
}) satisfies z.ZodType<AlertDelivery>;

export const RuleTestHitSchema = z.object({ seqs: z.array(z.number().int()), text: z.string(), reason: z.string(), at: z.number() }) satisfies z.ZodType<RuleTestHit>;

/** Only what the rule tester's call picker shows of `GET /api/calls`. */
export const PickableCallSchema = z.object({
  callId: z.string().min(1),
  state: z.enum(CALL_STATES),
  startedAt: z.number(),
  lastSeq: z.number(),
  participants: z.array(z.object({ label: z.string() })),
});
export type PickableCall = z.infer<typeof PickableCallSchema>;

export const RULES_URL = '/api/rules';
export const RULE_TEST_URL = '/api/rules/test';
export const ALERTS_URL = '/api/alerts';

export function ruleUrl(id: string): string {
  return `${RULES_URL}/${encodeURIComponent(id)}`;
}
export function alertAckUrl(id: string): string {
  return `${ALERTS_URL}/${encodeURIComponent(id)}/ack`;
}
export function alertDeliveriesUrl(id: string): string {
  return `${ALERTS_URL}/${encodeURIComponent(id)}/deliveries`;
}

/** Reads a body as a result; anything that is not the envelope becomes an error that still says what happened. */
export function parseTriageBody<T>(status: number, body: unknown, dataSchema: z.ZodType<T>): TriageResult<T> {
  const failure = ErrorEnvelopeSchema.safeParse(body);
  if (failure.success) {
    const { code, message, fields } = failure.data.error;
    return { ok: false, error: fields !== undefined ? { code, message, fields } : { code, message } };
  }
  const success = SuccessEnvelopeSchema.safeParse(body);
  if (success.success && status >= 200 && status < 300) {
    const data = dataSchema.safeParse(success.data.data);
    if (data.success) return { ok: true, data: data.data };
    return { ok: false, error: { code: 'bad_response', message: 'Earshot answered with data this page does not understand. Reload the page.' } };
  }
  return { ok: false, error: { code: `http_${status}`, message: `Earshot answered HTTP ${status} without an error description.` } };
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

const defaultFetch: FetchLike = (input, init) => fetch(input, init);

export async function requestJson<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body: unknown, dataSchema: z.ZodType<T>, fetchImpl: FetchLike = defaultFetch): Promise<TriageResult<T>> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    return { ok: false, error: { code: 'network_error', message: 'Earshot could not be reached. Check the connection and try again.' } };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  return parseTriageBody(response.status, json, dataSchema);
}

/**
 * A list as the contract gives it (`T[]`), or wrapped in an object under `key` as the triage-core routes send it
 * (`{ rules }`, `{ hits }`): the page reads both, so either side can move to the other without breaking it.
 */
function listOf<T>(item: z.ZodType<T>, key: string): z.ZodType<T[]> {
  return z.union([z.array(item), z.object({ [key]: z.array(item) }).transform((wrapped) => wrapped[key] ?? [])]);
}

export const listRules = (fetchImpl?: FetchLike) => requestJson('GET', RULES_URL, undefined, listOf(RuleSchema, 'rules'), fetchImpl);
export const createRule = (input: RuleInput, fetchImpl?: FetchLike) => requestJson('POST', RULES_URL, input, RuleSchema, fetchImpl);
export const updateRule = (id: string, input: RuleInput, fetchImpl?: FetchLike) => requestJson('PUT', ruleUrl(id), input, RuleSchema, fetchImpl);
/** What DELETE answers is not used: the rule is gone. */
export const deleteRule = (id: string, fetchImpl?: FetchLike) => requestJson('DELETE', ruleUrl(id), undefined, z.unknown(), fetchImpl);
export const testRule = (rule: RuleInput, callId: string, fetchImpl?: FetchLike) => requestJson('POST', RULE_TEST_URL, { rule, callId }, listOf(RuleTestHitSchema, 'hits'), fetchImpl);
/** The alert as acknowledged, when the server sends it back; the inbox also learns it from `alert:updated`. */
export const acknowledgeAlert = (id: string, fetchImpl?: FetchLike) => requestJson('POST', alertAckUrl(id), {}, z.unknown(), fetchImpl);
export const listDeliveries = (id: string, fetchImpl?: FetchLike) => requestJson('GET', alertDeliveriesUrl(id), undefined, listOf(AlertDeliverySchema, 'deliveries'), fetchImpl);
export const listRecentCalls = (fetchImpl?: FetchLike) => requestJson('GET', '/api/calls', undefined, z.object({ calls: z.array(PickableCallSchema) }), fetchImpl);
