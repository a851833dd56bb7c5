/** Rule and alert rows back into domain types, validated like every other row (a bad value is a CorruptRowError). */
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { ALERT_SEVERITIES, ALERT_STATES, RULE_KINDS, RuleInputSchema, type Alert, type Rule } from '../../lib/rules';
import type { AlertsTable, RulesTable } from './database-schema';
import { finite, oneOf, parseJson } from './row-mapping';

const SeqsSchema = z.array(z.number().int());

export function rowToRule(row: Selectable<RulesTable>): Rule {
  const ref = { table: 'rules', id: row.id };
  const definition = parseJson(ref, 'definition_json', RuleInputSchema, row.definition_json, null);
  if (definition === null) throw new Error('unreachable: definition_json is NOT NULL');
  return { ...definition, id: row.id, createdAt: finite(ref, 'created_at', row.created_at), updatedAt: finite(ref, 'updated_at', row.updated_at), updatedBy: row.updated_by };
}

export function ruleToRow(rule: Rule): Selectable<RulesTable> {
  const { id, createdAt, updatedAt, updatedBy, ...definition } = rule;
  return { id, definition_json: JSON.stringify(definition), created_at: createdAt, updated_at: updatedAt, updated_by: updatedBy };
}

export function rowToAlert(row: Selectable<AlertsTable>): Alert {
  const ref = { table: 'alerts', id: row.id };
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    severity: oneOf(ref, 'severity', ALERT_SEVERITIES, row.severity),
    kind: oneOf(ref, 'kind', RULE_KINDS, row.kind),
    callId: row.call_id,
    seqs: parseJson(ref, 'seqs_json', SeqsSchema, row.seqs_json, []),
    text: row.text,
    reason: row.reason,
    at: finite(ref, 'at', row.at),
    state: oneOf(ref, 'state', ALERT_STATES, row.state),
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at === null ? null : finite(ref, 'acknowledged_at', row.acknowledged_at),
  };
}

export function alertToRow(alert: Alert): Selectable<AlertsTable> {
  return {
    id: alert.id,
    rule_id: alert.ruleId,
    rule_name: alert.ruleName,
    severity: alert.severity,
    kind: alert.kind,
    call_id: alert.callId,
    seqs_json: JSON.stringify(alert.seqs),
    text: alert.text,
    reason: alert.reason,
    at: alert.at,
    state: alert.state,
    acknowledged_by: alert.acknowledgedBy,
    acknowledged_at: alert.acknowledgedAt,
  };
}
