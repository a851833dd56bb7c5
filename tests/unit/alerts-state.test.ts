import { describe, expect, it } from 'vitest';
import { alertAnnouncement, alertsButtonLabel, initialAlertsState, MAX_FRESH_ALERTS, reduceAlerts, type AlertsEvent, type AlertsState } from '../../lib/alerts-state';
import type { Alert } from '../../lib/rules';

function alert(id: string, at: number, change: Partial<Alert> = {}): Alert {
  return {
    id,
    ruleId: 'rule-1',
    ruleName: 'Refunds',
    severity: 'warning',
    kind: 'phrases',
    callId: 'call-1',
    seqs: [3],
    text: 'I want a refund for order ****',
    reason: 'said “refund”',
    at,
    state: 'open',
    acknowledgedBy: null,
    acknowledgedAt: null,
    ...change,
  };
}
const acked = (a: Alert): Alert => ({ ...a, state: 'acknowledged', acknowledgedBy: 'sam', acknowledgedAt: a.at + 1 });

const run = (events: AlertsEvent[], from: AlertsState = initialAlertsState) => events.reduce(reduceAlerts, from);
const ids = (alerts: readonly Alert[]) => alerts.map((a) => a.id);

describe('alert inbox state', () => {
  it('takes the snapshot as the open list, newest first, without toasting it', () => {
    const state = run([{ type: 'snapshot', alerts: [alert('a', 1), alert('c', 3), alert('b', 2), alert('a', 1)] }]);
    expect(state.loaded).toBe(true);
    expect(ids(state.open)).toEqual(['c', 'b', 'a']);
    expect(state.fresh).toEqual([]);
  });

  it('adds a raised alert on top and toasts it; the same raise again changes nothing', () => {
    const once = run([{ type: 'snapshot', alerts: [alert('a', 1)] }, { type: 'raised', alert: alert('b', 2) }]);
    expect(ids(once.open)).toEqual(['b', 'a']);
    expect(ids(once.fresh)).toEqual(['b']);
    expect(reduceAlerts(once, { type: 'raised', alert: alert('b', 2) })).toBe(once);
  });

  it('a raise that arrives before the snapshot holding it counts once', () => {
    const state = run([{ type: 'raised', alert: alert('b', 2) }, { type: 'snapshot', alerts: [alert('b', 2), alert('a', 1)] }]);
    expect(ids(state.open)).toEqual(['b', 'a']);
    expect(ids(state.fresh)).toEqual(['b']);
  });

  it('an acknowledgement from any supervisor takes the alert out of the list and its toast away', () => {
    const state = run([{ type: 'snapshot', alerts: [] }, { type: 'raised', alert: alert('a', 1) }, { type: 'raised', alert: alert('b', 2) }, { type: 'updated', alert: acked(alert('a', 1)) }]);
    expect(ids(state.open)).toEqual(['b']);
    expect(ids(state.fresh)).toEqual(['b']);
    // Repeated, it is idempotent.
    expect(reduceAlerts(state, { type: 'updated', alert: acked(alert('a', 1)) })).toBe(state);
  });

  it('never brings an acknowledged alert back: not from a late raise, nor from a snapshot read before the ack', () => {
    const state = run([{ type: 'snapshot', alerts: [alert('a', 1)] }, { type: 'updated', alert: acked(alert('a', 1)) }, { type: 'raised', alert: alert('a', 1) }, { type: 'snapshot', alerts: [alert('a', 1)] }]);
    expect(state.open).toEqual([]);
    expect(state.fresh).toEqual([]);
  });

  it('a snapshot after a reconnect drops toasts of alerts acknowledged meanwhile', () => {
    const state = run([{ type: 'snapshot', alerts: [] }, { type: 'raised', alert: alert('a', 1) }, { type: 'raised', alert: alert('b', 2) }, { type: 'snapshot', alerts: [alert('b', 2)] }]);
    expect(ids(state.open)).toEqual(['b']);
    expect(ids(state.fresh)).toEqual(['b']);
  });

  it('an update of an open alert replaces it in place, and does not toast', () => {
    const state = run([{ type: 'snapshot', alerts: [alert('a', 1)] }, { type: 'updated', alert: alert('a', 1, { text: 'new text' }) }]);
    expect(state.open[0]?.text).toBe('new text');
    expect(state.fresh).toEqual([]);
  });

  it('an update for an alert the page never saw, still open, joins the list', () => {
    const state = run([{ type: 'snapshot', alerts: [] }, { type: 'updated', alert: alert('z', 5) }]);
    expect(ids(state.open)).toEqual(['z']);
    expect(state.fresh).toEqual([]);
  });

  it('keeps at most a few toasts, newest first, and dismissing one leaves the alert open', () => {
    let state = run([{ type: 'snapshot', alerts: [] }]);
    for (let index = 0; index < MAX_FRESH_ALERTS + 2; index += 1) state = reduceAlerts(state, { type: 'raised', alert: alert(`a${index}`, index) });
    expect(state.fresh).toHaveLength(MAX_FRESH_ALERTS);
    expect(state.fresh[0]?.id).toBe(`a${MAX_FRESH_ALERTS + 1}`);
    const dismissed = reduceAlerts(state, { type: 'dismissed', id: `a${MAX_FRESH_ALERTS + 1}` });
    expect(dismissed.fresh).toHaveLength(MAX_FRESH_ALERTS - 1);
    expect(dismissed.open).toHaveLength(MAX_FRESH_ALERTS + 2);
    expect(reduceAlerts(dismissed, { type: 'dismissed', id: 'unknown' })).toBe(dismissed);
  });

  it('orders alerts raised in the same millisecond stably by id', () => {
    const state = run([{ type: 'snapshot', alerts: [alert('a', 1), alert('b', 1)] }]);
    expect(ids(state.open)).toEqual(['b', 'a']);
  });
});

describe('alert words', () => {
  it('names the inbox button with the open count', () => {
    expect(alertsButtonLabel(3, true)).toBe('Alerts, 3 open');
    expect(alertsButtonLabel(0, true)).toBe('Alerts, none open');
    expect(alertsButtonLabel(0, false)).toBe('Alerts');
  });

  it('announces severity, rule, reason and the line with masking read as "redacted"', () => {
    expect(alertAnnouncement(alert('a', 1, { severity: 'critical' }))).toBe('Critical alert: Refunds, said “refund”. “I want a refund for order redacted”');
    expect(alertAnnouncement(alert('a', 1, { text: '' }))).toBe('Warning alert: Refunds, said “refund”.');
  });
});
