/**
 * Storage for triage: alert rules and the alerts they raise. A separate interface from the call store's, which
 * `CallStore` extends, so the rule engine and the routes depend on only what they use.
 */
import type { TeamScope } from '../domain/team-scope';
import type { AttentionSignals } from '../../lib/attention';
import type { Alert, Rule } from '../../lib/rules';

export type OpenAlertCounts = AttentionSignals['openAlerts'];

export interface RuleStore {
  /** Oldest first. */
  listRules(): Promise<Rule[]>;
  getRule(id: string): Promise<Rule | null>;
  /**
   * Inserts a new rule (its id must be new) unless `maxRules` rules exist already: false then. The count and the
   * insert are one step, so creations at the same moment (on any instance) cannot pass the bound together.
   */
  createRule(rule: Rule, maxRules?: number): Promise<boolean>;
  /** Replaces the rule's definition; the stored rule, or null when there is no such rule. */
  replaceRule(rule: Rule): Promise<Rule | null>;
  /** True when it deleted the rule (its alerts stay). */
  deleteRule(id: string): Promise<boolean>;
}

export interface AlertQuery {
  /** Only open alerts, or every alert. */
  state: 'open' | 'all';
  callId?: string;
  limit: number;
  /** Only alerts on calls this scope sees (call-visibility.ts); every alert when absent. */
  scope?: TeamScope;
}

export interface AlertStore {
  addAlert(alert: Alert): Promise<void>;
  /** Several alerts in one transaction (an alert id already stored is skipped). */
  addAlerts(alerts: readonly Alert[]): Promise<void>;
  getAlert(id: string): Promise<Alert | null>;
  /** Newest first. */
  listAlerts(query: AlertQuery): Promise<Alert[]>;
  /**
   * Acknowledges an open alert in one statement (`… WHERE state = 'open'`), so of two supervisors acking at once, on
   * any instances, exactly one changes it. Returns the alert as stored afterwards and whether this call changed it;
   * null for an unknown id.
   */
  acknowledgeAlert(id: string, by: string, at: number): Promise<{ alert: Alert; changed: boolean } | null>;
  /**
   * The call's open alerts by severity, all of them, and the newest one's reason: what its attention score counts.
   * One small read, whatever the number of open alerts (the call's attention is recounted after every alert).
   */
  countOpenAlerts(callId: string): Promise<OpenAlertCounts>;
  /** When each rule last fired on the call (rule id → epoch ms): cooldowns survive restarts and moves between instances. */
  lastAlertTimes(callId: string): Promise<Map<string, number>>;
}

export type TriageStore = RuleStore & AlertStore;
