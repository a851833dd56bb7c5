import { describe, expect, it } from 'vitest';
import type { Alert, Rule } from '../../lib/rules';
import { CorruptRowError } from '../../server/store/row-mapping';
import { alertToRow, rowToAlert, rowToRule, ruleToRow } from '../../server/store/triage-row-mapping';

const rule: Rule = { id: 'r1', name: 'Cancel', severity: 'warning', enabled: true, cooldownSeconds: 300, when: { kind: 'phrases', phrases: ['cancel'], speaker: 'any' }, createdAt: 1, updatedAt: 2, updatedBy: 'sam' };
const alert: Alert = { id: 'a1', ruleId: 'r1', ruleName: 'Cancel', severity: 'warning', kind: 'phrases', callId: 'c1', seqs: [4], text: 'cancel ****', reason: 'said “cancel”', at: 5, state: 'open', acknowledgedBy: null, acknowledgedAt: null };

describe('rule and alert rows', () => {
  it('round-trip', () => {
    expect(rowToRule(ruleToRow(rule))).toEqual(rule);
    expect(rowToAlert(alertToRow(alert))).toEqual(alert);
    expect(JSON.parse(ruleToRow(rule).definition_json)).not.toHaveProperty('id');
  });

  it('fail loudly, naming table, row and column, never the value', () => {
    const cases: [() => unknown, string][] = [
      [() => rowToRule({ ...ruleToRow(rule), definition_json: '{not json' }), 'rules.definition_json'],
      [() => rowToRule({ ...ruleToRow(rule), definition_json: JSON.stringify({ name: 'x', severity: 'loud', when: { kind: 'silence', seconds: 3 } }) }), 'rules.definition_json'],
      [() => rowToAlert({ ...alertToRow(alert), state: 'closed' }), 'alerts.state'],
      [() => rowToAlert({ ...alertToRow(alert), severity: 'meh' }), 'alerts.severity'],
      [() => rowToAlert({ ...alertToRow(alert), kind: 'telepathy' }), 'alerts.kind'],
      [() => rowToAlert({ ...alertToRow(alert), seqs_json: '["1"]' }), 'alerts.seqs_json'],
      [() => rowToAlert({ ...alertToRow(alert), at: Number.NaN }), 'alerts.at'],
    ];
    for (const [read, where] of cases) {
      expect(read, where).toThrow(CorruptRowError);
      expect(read, where).toThrow(where);
    }
  });
});
