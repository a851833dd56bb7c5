/**
 * Alerts through the real pipeline (no Next): ACS-like transcript streams into the ingress, rules evaluated on the
 * stored finals, alerts stored and pushed to supervisors who sent `alerts:watch`; acknowledgements, repeats,
 * cooldowns across a restart, silence on the engine's timer, and ACS's TranscriptionFailed callback.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSnapshot, Result } from '../../lib/protocol';
import type { Alert, Rule, RuleInput } from '../../lib/rules';
import type { AlertSink } from '../../server/alerts/alert-sink';
import type { EarshotServer } from '../../server/create-app';
import { newCallRecord } from '../../server/domain/call-record';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { connectSupervisor, dataPacket, metadataPacket, openAcsStream, startEarshot, startTestAcs, tempDatabasePath, type TestAcs } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

let acs: TestAcs;

beforeAll(async () => {
  acs = await startTestAcs();
});
afterAll(async () => acs?.close());

async function addRule(server: EarshotServer, input: RuleInput): Promise<Rule> {
  const created = await server.triage.createRule('sam', input);
  if (!created.result.ok) throw new Error(created.result.error.message);
  return created.result.data;
}

/** A supervisor on the alert feed: the snapshot it got, and every alert event after it. */
async function watchAlerts(server: EarshotServer) {
  const socket = await connectSupervisor(server);
  const raised: Alert[] = [];
  const updated: Alert[] = [];
  socket.on('alert:raised', (alert) => raised.push(alert));
  socket.on('alert:updated', (alert) => updated.push(alert));
  const snapshot = await new Promise<Result<AlertSnapshot>>((resolve) => socket.emit('alerts:watch', resolve));
  return { socket, snapshot, raised, updated };
}

async function streamLines(server: EarshotServer, callId: string, lines: ReturnType<typeof dataPacket>[]) {
  const stream = await openAcsStream(server, await acs.sign(), { 'x-ms-call-connection-id': callId });
  await stream.send(metadataPacket(callId));
  for (const line of lines) await stream.send(line);
  return stream;
}

describe('alerts from a live call', () => {
  let server: EarshotServer;
  let watcher: Awaited<ReturnType<typeof watchAlerts>>;
  const sunk: { alert: Alert; rule: Rule }[] = [];
  const sink: AlertSink = { alertRaised: (alert, rule) => sunk.push({ alert, rule }) };

  beforeAll(async () => {
    server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, alertSinks: [sink] });
    watcher = await watchAlerts(server);
  });

  afterAll(async () => {
    watcher?.socket.disconnect();
    await server?.close();
  });

  it('starts with the default rules and an empty inbox', async () => {
    expect(watcher.snapshot).toEqual({ ok: true, data: { alerts: [] } });
    const rules = await server.store.listRules();
    expect(rules.map((rule) => rule.name)).toEqual(expect.arrayContaining(['Wants to cancel', 'Complaint', 'Asks for a supervisor', 'Three negative lines in a row', 'Silence', 'Transcription failed']));
  });

  it('raises an alert for "I want to cancel my account": stored, pushed with the seq and masked text, handed to the sinks', async () => {
    const callId = randomUUID();
    const stream = await streamLines(server, callId, [dataPacket('Hello, my card is **** **** **** 1234.', { offsetMs: 0 }), dataPacket('I want to cancel my account.', { offsetMs: 2_000 })]);
    await waitFor(() => watcher.raised.some((alert) => alert.callId === callId), 5_000, 'alert:raised');
    const raised = watcher.raised.filter((alert) => alert.callId === callId);
    expect(raised).toEqual([
      expect.objectContaining({ ruleName: 'Wants to cancel', severity: 'warning', kind: 'phrases', callId, seqs: [2], text: 'I want to cancel my account.', reason: 'said “cancel”', state: 'open', acknowledgedBy: null }),
    ]);
    expect(await server.store.listAlerts({ state: 'open', callId, limit: 10 })).toEqual(raised);
    expect(sunk.filter(({ alert }) => alert.callId === callId).map(({ alert, rule }) => [alert.id, rule.name])).toEqual([[raised[0]?.id, 'Wants to cancel']]);
    await stream.close();
  });

  it('keeps the stored (masked) text of the triggering line', async () => {
    await addRule(server, { name: 'Card talk', severity: 'info', cooldownSeconds: 0, when: { kind: 'phrases', phrases: ['card number'] } });
    const callId = randomUUID();
    const stream = await streamLines(server, callId, [dataPacket('My card number is ****************.', { offsetMs: 0 })]);
    await waitFor(() => watcher.raised.some((alert) => alert.callId === callId), 5_000, 'alert:raised');
    expect(watcher.raised.find((alert) => alert.callId === callId)).toMatchObject({ seqs: [1], text: 'My card number is ****************.' });
    await stream.close();
  });

  it('does not raise a second alert for a repeated final, even with no cooldown', async () => {
    const rule = await addRule(server, { name: 'Refund, no cooldown', severity: 'info', cooldownSeconds: 0, when: { kind: 'phrases', phrases: ['refund'] } });
    const callId = randomUUID();
    const refund = dataPacket('I need a refund.', { offsetMs: 1_000 });
    const stream = await streamLines(server, callId, [refund, refund, dataPacket('A refund, please.', { offsetMs: 5_000 })]);
    await waitFor(async () => (await server.calls.getCall(callId))?.lastSeq === 2, 5_000, 'two lines');
    await server.calls.flushNow();
    await server.rules.settled();
    const alerts = await server.store.listAlerts({ state: 'all', callId, limit: 10 });
    // Both lines may arrive in the same millisecond: order by seq here, not by time.
    expect(alerts.filter((alert) => alert.ruleId === rule.id).map((alert) => alert.seqs).sort()).toEqual([[1], [2]]);
    await stream.close();
  });

  it('acknowledges once: the watcher gets alert:updated, a second ack returns it unchanged', async () => {
    const callId = randomUUID();
    const stream = await streamLines(server, callId, [dataPacket('This is completely unacceptable.', { offsetMs: 0 })]);
    await waitFor(() => watcher.raised.some((alert) => alert.callId === callId), 5_000, 'alert:raised');
    const alert = watcher.raised.find((raised) => raised.callId === callId);
    if (!alert) throw new Error('unreachable');
    const first = await server.triage.acknowledge(alert.id, 'sam');
    expect(first).toMatchObject({ status: 200, result: { ok: true, data: { id: alert.id, state: 'acknowledged', acknowledgedBy: 'sam', acknowledgedAt: expect.any(Number) } } });
    await waitFor(() => watcher.updated.some((updated) => updated.id === alert.id), 5_000, 'alert:updated');
    const second = await server.triage.acknowledge(alert.id, 'alex');
    expect(second).toEqual(first);
    expect(await server.triage.acknowledge('no-such-alert', 'sam')).toMatchObject({ status: 404, result: { ok: false, error: { code: 'not_found' } } });
    // Two acks at once: one changes it.
    const both = await Promise.all([server.store.acknowledgeAlert(alert.id, 'x', 1), server.store.acknowledgeAlert(alert.id, 'y', 2)]);
    expect(both.map((result) => result?.changed)).toEqual([false, false]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watcher.updated.filter((updated) => updated.id === alert.id)).toHaveLength(1);
    // No longer in the open inbox.
    expect((await server.triage.openAlerts()).some((open) => open.id === alert.id)).toBe(false);
    await stream.close();
  });

  it('raises transcriptionFailed when ACS reports TranscriptionFailed', async () => {
    const callId = randomUUID();
    const event = (type: string, data: Record<string, unknown> = {}) => ({
      id: randomUUID(),
      source: `calling/callConnections/${callId}`,
      type: `Microsoft.Communication.${type}`,
      data: { callConnectionId: callId, serverCallId: 'srv', correlationId: 'corr', ...data },
      time: new Date().toISOString(),
      specversion: '1.0',
      subject: `calling/callConnections/${callId}`,
    });
    const post = async (events: unknown[]) =>
      fetch(`${server.url}/api/acs/callbacks`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await acs.sign()}` }, body: JSON.stringify(events) });
    const connected = await post([event('CallConnected')]);
    expect(await connected.json()).toMatchObject({ applied: 1 });
    const failed = event('TranscriptionFailed', { resultInformation: { code: 400, subCode: 8581, message: 'Transport url is not valid.' } });
    expect(await (await post([failed])).json()).toMatchObject({ applied: 1 });
    expect(await server.calls.getCall(callId)).toMatchObject({ transcription: 'failed' });
    // ACS retries: applied once, alerted once.
    expect((await post([failed])).status).toBe(200);
    await waitFor(() => watcher.raised.some((alert) => alert.callId === callId), 5_000, 'alert:raised');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watcher.raised.filter((alert) => alert.callId === callId)).toEqual([expect.objectContaining({ ruleName: 'Transcription failed', kind: 'transcriptionFailed', severity: 'critical', seqs: [], reason: 'transcription failed' })]);
  });

  it('stops evaluating a rule once it is deleted or disabled', async () => {
    const rule = await addRule(server, { name: 'Pineapple', severity: 'info', cooldownSeconds: 0, when: { kind: 'phrases', phrases: ['pineapple'] } });
    expect((await server.triage.replaceRule('sam', rule.id, { name: 'Pineapple', severity: 'info', enabled: false, when: { kind: 'phrases', phrases: ['pineapple'] } })).status).toBe(200);
    const callId = randomUUID();
    const stream = await streamLines(server, callId, [dataPacket('I like pineapple.', { offsetMs: 0 })]);
    await waitFor(async () => (await server.calls.getCall(callId))?.lastSeq === 1, 5_000, 'the line');
    await server.calls.flushNow();
    await server.rules.settled();
    expect((await server.store.listAlerts({ state: 'all', callId, limit: 10 })).filter((alert) => alert.ruleId === rule.id)).toEqual([]);
    await stream.close();
  });
});

describe('cooldown across a restart', () => {
  it('derives each rule’s last firing on a call from the stored alerts', async () => {
    const databasePath = tempDatabasePath();
    const callId = randomUUID();
    let server = await startEarshot({ databasePath, jwksUrl: acs.jwksUrl });
    const long = await addRule(server, { name: 'Lemon, long cooldown', severity: 'info', cooldownSeconds: 3_600, when: { kind: 'phrases', phrases: ['lemon'] } });
    const none = await addRule(server, { name: 'Lemon, no cooldown', severity: 'info', cooldownSeconds: 0, when: { kind: 'phrases', phrases: ['lemon'] } });
    try {
      const stream = await streamLines(server, callId, [dataPacket('A lemon tart.', { offsetMs: 0 })]);
      await waitFor(async () => (await server.store.listAlerts({ state: 'all', callId, limit: 10 })).length === 2, 5_000, 'two alerts');
      await stream.close();
    } finally {
      await server.close();
    }
    server = await startEarshot({ databasePath, jwksUrl: acs.jwksUrl });
    try {
      const stream = await streamLines(server, callId, [dataPacket('Another lemon, please.', { offsetMs: 9_000 })]);
      await waitFor(async () => (await server.store.listAlerts({ state: 'all', callId, limit: 10 })).length === 3, 5_000, 'a third alert');
      await server.calls.flushNow();
      await server.rules.settled();
      const alerts = await server.store.listAlerts({ state: 'all', callId, limit: 10 });
      expect(alerts.filter((alert) => alert.ruleId === long.id)).toHaveLength(1);
      expect(alerts.filter((alert) => alert.ruleId === none.id).map((alert) => alert.seqs).sort()).toEqual([[1], [2]]);
      // The defaults were seeded once: the restart did not add them again.
      expect((await server.store.listRules()).filter((rule) => rule.name === 'Wants to cancel')).toHaveLength(1);
      await stream.close();
    } finally {
      await server.close();
    }
  });

  it('does not seed the defaults again after a supervisor deleted them', async () => {
    const databasePath = tempDatabasePath();
    let server = await startEarshot({ databasePath, jwksUrl: acs.jwksUrl });
    try {
      for (const rule of await server.store.listRules()) expect((await server.triage.deleteRule(rule.id)).status).toBe(200);
    } finally {
      await server.close();
    }
    server = await startEarshot({ databasePath, jwksUrl: acs.jwksUrl });
    try {
      expect(await server.store.listRules()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('a lost transcript stream', () => {
  it('raises transcriptionFailed once when a call known only from its stream is ended because the stream never came back', async () => {
    const databasePath = tempDatabasePath();
    const seeded = await openSqliteCallStore(databasePath);
    await seeded.ensureCall({ ...newCallRecord('streamed-before-crash', 1, null), state: 'connected', transcription: 'active' });
    await seeded.close();
    const server = await startEarshot({ databasePath, jwksUrl: acs.jwksUrl, env: { STREAM_RECONNECT_GRACE_SECONDS: '1' } });
    try {
      expect(await server.reconciled).toBe(1);
      await waitFor(async () => (await server.store.listAlerts({ state: 'open', callId: 'streamed-before-crash', limit: 10 })).length > 0, 5_000, 'the alert');
      expect(await server.orphans.sweep()).toBe(0);
      await server.rules.settled();
      expect(await server.store.listAlerts({ state: 'all', callId: 'streamed-before-crash', limit: 10 })).toEqual([
        expect.objectContaining({ ruleName: 'Transcription failed', kind: 'transcriptionFailed', reason: 'stream lost', seqs: [], text: 'The transcript stream was lost and did not come back.' }),
      ]);
    } finally {
      await server.close();
    }
  });
});

describe('silence on the engine’s timer', () => {
  it('fires after the configured seconds without a final while the stream is open', async () => {
    const server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl });
    try {
      const rule = await addRule(server, { name: 'Quiet', severity: 'info', when: { kind: 'silence', seconds: 1 } });
      const watcher = await watchAlerts(server);
      const callId = randomUUID();
      const started = Date.now();
      const stream = await streamLines(server, callId, [dataPacket('Hold on a moment.', { offsetMs: 0 })]);
      await waitFor(() => watcher.raised.some((alert) => alert.ruleId === rule.id && alert.callId === callId), 10_000, 'the silence alert');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(watcher.raised.find((alert) => alert.ruleId === rule.id)).toMatchObject({ kind: 'silence', seqs: [], reason: expect.stringMatching(/^silent \d+ s$/) });
      watcher.socket.disconnect();
      await stream.close();
    } finally {
      await server.close();
    }
  });
});
