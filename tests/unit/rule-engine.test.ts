import { describe, expect, it } from 'vitest';
import type { FinalSegment } from '../../lib/protocol';
import { RuleInputSchema, type Alert, type Rule, type RuleInput } from '../../lib/rules';
import { LiveCall } from '../../server/calls/live-call';
import type { ClusterBus, ClusterMessage } from '../../server/cluster/cluster-bus';
import { newCallRecord } from '../../server/domain/call-record';
import { createLogger } from '../../server/log';
import { RuleEngine } from '../../server/rules/rule-engine';
import type { AlertQuery, TriageStore } from '../../server/store/triage-store';
import { waitFor } from '../helpers/wait-for';

function rule(id: string, input: Partial<RuleInput> & Pick<RuleInput, 'when'>): Rule {
  return { ...RuleInputSchema.parse({ name: id, severity: 'warning', cooldownSeconds: 60, ...input }), id, createdAt: 0, updatedAt: 0, updatedBy: 'test' };
}

/** An in-memory triage store whose cooldown read can be held back, to see what arrives meanwhile. */
function memoryStore(rules: Rule[], lastFired = new Map<string, Map<string, number>>()) {
  const alerts: Alert[] = [];
  let release: () => void = () => undefined;
  let held: Promise<void> | null = null;
  let failures = 0;
  const store: TriageStore = {
    listRules: async () => [...rules],
    getRule: async (id) => rules.find((candidate) => candidate.id === id) ?? null,
    createRule: async (created, maxRules = Number.POSITIVE_INFINITY) => rules.length < maxRules && rules.push(created) > 0,
    replaceRule: async () => null,
    deleteRule: async () => false,
    addAlert: async (alert) => void alerts.push(alert),
    addAlerts: async (added) => {
      if (failures > 0) {
        failures -= 1;
        throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      }
      alerts.push(...added);
    },
    getAlert: async (id) => alerts.find((alert) => alert.id === id) ?? null,
    listAlerts: async (query: AlertQuery) => alerts.filter((alert) => query.callId === undefined || alert.callId === query.callId),
    acknowledgeAlert: async () => null,
    countOpenAlerts: async () => ({ critical: 0, warning: 0, info: 0, newestReason: null }),
    lastAlertTimes: async (callId) => {
      if (held) await held;
      return new Map(lastFired.get(callId) ?? []);
    },
  };
  return {
    store,
    alerts,
    hold() {
      held = new Promise<void>((resolve) => (release = resolve));
    },
    release: () => release(),
    failNext: (times: number) => (failures = times),
  };
}

function bus() {
  const handlers = new Set<(message: ClusterMessage) => void>();
  const published: unknown[] = [];
  const clusterBus: ClusterBus = {
    instanceId: 'test',
    shared: true,
    publish: (message) => void published.push(message),
    subscribe: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
  return { clusterBus, published, deliver: (message: ClusterMessage) => handlers.forEach((handler) => handler(message)) };
}

function segment(call: LiveCall, seq: number, text: string, at: number, sentiment: FinalSegment['sentiment'] = 'neutral'): FinalSegment {
  const stored: FinalSegment = { status: 'final', callId: call.callId, seq, utteranceId: `u${seq}`, speaker: { rawId: '4:+14255550100', kind: 'phoneNumber', label: '+1 425 555 0100' }, text, offsetMs: seq * 1000, durationMs: 900, confidence: 0.9, words: [], sentiment, language: 'en-US', piiMasked: false, receivedAt: at };
  call.applyStored(stored, at);
  return stored;
}

function setup(rules: Rule[], options: { lastFired?: Map<string, Map<string, number>> } = {}) {
  const memory = memoryStore(rules, options.lastFired);
  const cluster = bus();
  const raised: Alert[] = [];
  const sunk: string[] = [];
  let now = 1_000;
  const held: LiveCall[] = [];
  const engine = new RuleEngine({
    store: memory.store,
    broadcaster: { alertRaised: (alert) => raised.push(alert), alertUpdated: () => undefined },
    sinks: [
      {
        alertRaised: () => {
          throw new Error('a broken sink');
        },
      },
      { alertRaised: (alert, firedRule) => sunk.push(`${alert.id}:${firedRule.id}`) },
    ],
    bus: cluster.clusterBus,
    heldCalls: () => held,
    log: createLogger('silent'),
    now: () => now,
    tickMs: 0,
  });
  const call = new LiveCall({ ...newCallRecord('call-1', 0, null), transcription: 'active' }, 0);
  call.openStreams = 1;
  return { engine, memory, cluster, raised, sunk, call, held, setNow: (value: number) => (now = value) };
}

describe('the rule engine', () => {
  it('evaluates finals that arrive while a call’s cooldowns load, in order, once they are there', async () => {
    const { engine, memory, raised, sunk, call } = setup([rule('cancel', { cooldownSeconds: 0, when: { kind: 'phrases', phrases: ['cancel'] } }), rule('streak', { when: { kind: 'negativeStreak', count: 2 } })]);
    await engine.reload();
    memory.hold();
    engine.observer.finalStored(call, segment(call, 1, 'I want to cancel', 1_000, 'negative'));
    engine.observer.finalStored(call, segment(call, 2, 'cancel it now', 2_000, 'negative'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(raised).toEqual([]);
    memory.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await engine.settled();
    expect(raised.map((alert) => `${alert.ruleId}:${alert.seqs.join(',')}`)).toEqual(['cancel:1', 'cancel:2', 'streak:1,2']);
    expect(memory.alerts).toEqual(raised);
    // A sink that throws does not keep the others from their alert.
    expect(sunk).toEqual(raised.map((alert) => `${alert.id}:${alert.ruleId}`));
  });

  it('starts a rebuilt call’s cooldowns from the stored alerts', async () => {
    const { engine, raised, call } = setup([rule('cancel', { when: { kind: 'phrases', phrases: ['cancel'] } })], { lastFired: new Map([['call-1', new Map([['cancel', 30_000]])]]) });
    await engine.reload();
    engine.observer.finalStored(call, segment(call, 1, 'cancel', 60_000));
    await new Promise((resolve) => setTimeout(resolve, 10));
    engine.observer.finalStored(call, segment(call, 2, 'cancel', 90_000));
    await engine.settled();
    expect(raised.map((alert) => alert.seqs)).toEqual([[2]]);
  });

  it('checks silence on its tick over the calls it holds, and forgets calls it no longer holds', async () => {
    const { engine, raised, call, held, setNow } = setup([rule('quiet', { when: { kind: 'silence', seconds: 30 } })]);
    await engine.reload();
    held.push(call);
    setNow(1_000);
    engine.tick();
    await new Promise((resolve) => setTimeout(resolve, 10));
    setNow(30_999);
    engine.tick();
    expect(raised).toEqual([]);
    setNow(31_000);
    engine.tick();
    await engine.settled();
    expect(raised.map((alert) => `${alert.kind}:${alert.reason}`)).toEqual(['silence:silent 30 s']);
    held.length = 0;
    engine.tick();
    held.push(call);
    setNow(200_000);
    engine.tick(); // a new state: silence counts from now
    await new Promise((resolve) => setTimeout(resolve, 10));
    engine.tick();
    expect(raised).toHaveLength(1);
  });

  it('reloads its rules when another instance changed them, and tells the others when they change here', async () => {
    const rules: Rule[] = [];
    const { engine, memory, cluster, raised, call } = setup(rules);
    await engine.reload();
    engine.observer.finalStored(call, segment(call, 1, 'cancel', 1_000));
    rules.push(rule('cancel', { when: { kind: 'phrases', phrases: ['cancel'] } }));
    cluster.deliver({ type: 'rules-changed', from: 'other' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(engine.enabledRules.map((enabled) => enabled.id)).toEqual(['cancel']);
    engine.observer.finalStored(call, segment(call, 2, 'cancel', 2_000));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await engine.settled();
    expect(raised.map((alert) => alert.seqs)).toEqual([[2]]);
    await engine.rulesChanged();
    expect(cluster.published).toEqual([{ type: 'rules-changed' }]);
    expect(memory.alerts).toHaveLength(1);
  });

  it('stores a burst of alerts in one write, and tries again when the store fails for a moment', async () => {
    const { engine, memory, raised, call } = setup([rule('cancel', { cooldownSeconds: 0, when: { kind: 'phrases', phrases: ['cancel'] } })]);
    await engine.reload();
    engine.observer.finalStored(call, segment(call, 1, 'cancel', 1_000));
    await new Promise((resolve) => setTimeout(resolve, 10));
    memory.failNext(1);
    for (let seq = 2; seq <= 50; seq += 1) engine.observer.finalStored(call, segment(call, seq, 'cancel', seq * 1_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(memory.alerts.length).toBeLessThan(50);
    expect(raised.length).toBe(memory.alerts.length);
    await waitFor(() => memory.alerts.length === 50, 3_000, 'the retry');
    expect(raised.map((alert) => alert.seqs[0])).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
  });

  it('raises transcriptionFailed for a call it does not hold', async () => {
    const { engine, raised } = setup([rule('failed', { when: { kind: 'transcriptionFailed' } })]);
    await engine.reload();
    engine.observer.transcriptionLost?.('elsewhere', 'failed', 5_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await engine.settled();
    expect(raised).toEqual([expect.objectContaining({ callId: 'elsewhere', kind: 'transcriptionFailed', reason: 'transcription failed', at: 5_000 })]);
  });
});
