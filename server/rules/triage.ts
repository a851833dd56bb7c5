/**
 * Triage as the HTTP API and the socket feed use it: rules (validated, bounded, every change reaching every
 * instance's engine), the rule test on a stored call, and alerts (list, acknowledge, open snapshot). Answers carry
 * their HTTP status and the `Result` envelope, so route handlers stay one line.
 */
import { EVERY_CALL, type TeamScope } from '../auth/call-visibility';

/** For callers inside the server (and tests) that act for no particular person. */
const seesEveryCall = () => Promise.resolve(true);
import { randomUUID } from 'node:crypto';
import { OPEN_ALERTS_LIMIT, type Result } from '../../lib/protocol';
import { AlertListQuerySchema, MAX_RULES, webhookTarget, type Alert, type Rule, type RuleDefinition, type RuleTestHit } from '../../lib/rules';
import { checkWebhookUrl, type WebhookUrlPolicy } from '../alerts/webhook-url-guard';
import type { CallStore } from '../store/call-store';
import { seedDefaultRules } from './default-rules';
import type { AlertBroadcaster, RuleEngine } from './rule-engine';
import { replayRule } from './rule-replay';
import { invalidRequest, parseRuleInput, parseRuleTestRequest, zodIssues, type Validated } from './rule-validation';

export interface TriageAnswer<T> {
  status: number;
  result: Result<T>;
}

const ok = <T>(status: number, data: T): TriageAnswer<T> => ({ status, result: { ok: true, data } });
const refuse = <T>(status: number, code: string, message: string): TriageAnswer<T> => ({ status, result: { ok: false, error: { code, message } } });
const noRule = <T>(id: string): TriageAnswer<T> => refuse(404, 'not_found', `No rule ${id}.`);

export interface TriageOptions {
  store: CallStore;
  engine: RuleEngine;
  broadcaster: AlertBroadcaster;
  now: () => number;
  /** ALERT_WEBHOOK_ALLOW_PRIVATE: the same policy the dispatcher applies before each attempt. */
  webhookPolicy: WebhookUrlPolicy;
}

export class Triage {
  constructor(private readonly options: TriageOptions) {}

  /** Seeds the default rules on a fresh database, then loads the rules into the engine. */
  async start(): Promise<void> {
    if (await seedDefaultRules(this.options.store, this.options.now())) await this.options.engine.rulesChanged();
    else await this.options.engine.reload();
  }

  async listRules(): Promise<TriageAnswer<{ rules: Rule[] }>> {
    return ok(200, { rules: await this.options.store.listRules() });
  }

  async getRule(id: string): Promise<TriageAnswer<Rule>> {
    const rule = await this.options.store.getRule(id);
    return rule ? ok(200, rule) : noRule(id);
  }

  async createRule(actor: string, body: unknown): Promise<TriageAnswer<Rule>> {
    const parsed = this.parseRule(body);
    if (!parsed.ok) return { status: 400, result: parsed };
    const now = this.options.now();
    const rule: Rule = { ...parsed.data, id: randomUUID(), createdAt: now, updatedAt: now, updatedBy: actor };
    if (!(await this.options.store.createRule(rule, MAX_RULES))) return refuse(409, 'too_many_rules', `At most ${MAX_RULES} rules; delete one first.`);
    await this.options.engine.rulesChanged();
    return ok(201, rule);
  }

  async replaceRule(actor: string, id: string, body: unknown): Promise<TriageAnswer<Rule>> {
    const parsed = this.parseRule(body);
    if (!parsed.ok) return { status: 400, result: parsed };
    const existing = await this.options.store.getRule(id);
    if (!existing) return noRule(id);
    const stored = await this.options.store.replaceRule({ ...parsed.data, id, createdAt: existing.createdAt, updatedAt: this.options.now(), updatedBy: actor });
    if (!stored) return noRule(id);
    await this.options.engine.rulesChanged();
    return ok(200, stored);
  }

  async deleteRule(id: string): Promise<TriageAnswer<{ id: string }>> {
    if (!(await this.options.store.deleteRule(id))) return noRule(id);
    await this.options.engine.rulesChanged();
    return ok(200, { id });
  }

  /** `canSee`: the asker's view of calls (call-visibility.ts); a call outside it is not found. */
  async testRule(body: unknown, canSee: (callId: string) => Promise<boolean>): Promise<TriageAnswer<{ hits: RuleTestHit[] }>> {
    const parsed = parseRuleTestRequest(body);
    if (!parsed.ok) return { status: 400, result: parsed };
    const { rule: definition, callId } = parsed.data;
    const call = await this.options.store.getCall(callId);
    if (!call || !(await canSee(callId))) return refuse(404, 'not_found', `No call ${callId}.`);
    const now = this.options.now();
    const rule: Rule = { ...definition, id: 'test', createdAt: now, updatedAt: now, updatedBy: 'test' };
    return ok(200, { hits: await replayRule(rule, call, this.options.store) });
  }

  /** Alerts on calls in `scope` only, filtered in the query (so `limit` counts visible alerts). */
  async listAlerts(query: Record<string, string>, scope: TeamScope): Promise<TriageAnswer<{ alerts: Alert[] }>> {
    const parsed = AlertListQuerySchema.safeParse(query);
    if (!parsed.success) return { status: 400, result: { ok: false, error: invalidRequest(zodIssues(parsed.error)) } };
    return ok(200, { alerts: await this.options.store.listAlerts({ ...parsed.data, scope }) });
  }

  /** An alert on a call the asker cannot see is not found (call-visibility.ts). */
  async visibleAlert(id: string, canSee: (callId: string) => Promise<boolean>): Promise<Alert | null> {
    const alert = await this.options.store.getAlert(id);
    return alert !== null && (await canSee(alert.callId)) ? alert : null;
  }

  /** Idempotent: an acknowledged alert comes back unchanged, and only the ack that changed it is broadcast. */
  async acknowledge(id: string, actor: string, canSee: (callId: string) => Promise<boolean> = seesEveryCall): Promise<TriageAnswer<Alert>> {
    if ((await this.visibleAlert(id, canSee)) === null) return refuse(404, 'not_found', `No alert ${id}.`);
    const acked = await this.options.store.acknowledgeAlert(id, actor, this.options.now());
    if (!acked) return refuse(404, 'not_found', `No alert ${id}.`);
    if (acked.changed) this.options.broadcaster.alertUpdated(acked.alert);
    return ok(200, acked.alert);
  }

  /**
   * The rule body, with each webhook URL checked against the private-address policy when it is saved: a loopback or
   * private target is refused here, where the admin sees why, instead of failing silently at every delivery. (A
   * name that resolves to a private address is still caught by the dispatcher, which resolves before each attempt.)
   */
  private parseRule(body: unknown): Validated<RuleDefinition> {
    const parsed = parseRuleInput(body);
    if (!parsed.ok) return parsed;
    const fields = (parsed.data.webhooks ?? []).flatMap((target, index) => {
      const check = checkWebhookUrl(webhookTarget(target).url, this.options.webhookPolicy);
      return check.ok ? [] : [{ path: `webhooks.${index}`, message: `webhook refused: ${check.reason}` }];
    });
    return fields.length === 0 ? parsed : { ok: false, error: invalidRequest(fields) };
  }

  /** What `alerts:watch` answers: open alerts, newest first. */
  async openAlerts(scope: TeamScope = EVERY_CALL): Promise<Alert[]> {
    return this.options.store.listAlerts({ state: 'open', limit: OPEN_ALERTS_LIMIT, scope });
  }
}
