/**
 * The triage HTTP API through the real Next route handlers (the whole app in a child process): rules CRUD with
 * validation naming the field, the rule test on a stored call, alerts listed and acknowledged over HTTP reaching a
 * socket on the alert feed, the auth gate and the Origin rule.
 */
import path from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AlertSnapshot, ClientToServerEvents, Result, ServerToClientEvents } from '../../lib/protocol';
import { MAX_RULES, type Alert, type Rule, type RuleTestHit } from '../../lib/rules';
import { loadOrCreateDevSigningKey } from '../../server/ingress/dev-signing-key';
import { signAcsToken } from '../../server/replay/replay-recording';
import { dataPacket, metadataPacket } from '../helpers/earshot-harness';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { waitFor } from '../helpers/wait-for';

let server: NextServer;
let cookie: string;

beforeAll(async () => {
  server = await startNextServer({ env: { DEMO_CALLS: '0' } });
  cookie = await server.login();
}, 600_000);

afterAll(async () => {
  await server?.close();
});

interface Answer<T = unknown> {
  status: number;
  body: Result<T>;
}

async function call<T = unknown>(method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { cookie, origin: server.url, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Result<T> };
}

function data<T>(answer: Answer<T>): T {
  if (!answer.body.ok) throw new Error(`${answer.status} ${answer.body.error.code}: ${answer.body.error.message}`);
  return answer.body.data;
}

async function streamCall(callId: string, lines: ReturnType<typeof dataPacket>[]) {
  const key = await loadOrCreateDevSigningKey(path.join(server.dataDir, 'dev-signing-key.json'));
  const token = await signAcsToken(key, 'https://acscallautomation.communication.azure.com', 'earshot-emulator');
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/transcripts`, { headers: { authorization: `Bearer ${token}`, 'x-ms-call-connection-id': callId } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const send = (packet: unknown) => new Promise<void>((resolve, reject) => socket.send(JSON.stringify(packet), (error) => (error ? reject(error) : resolve())));
  await send(metadataPacket(callId));
  for (const line of lines) await send(line);
  return () =>
    new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000);
    });
}

async function alertWatcher() {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(server.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const raised: Alert[] = [];
  const updated: Alert[] = [];
  socket.on('alert:raised', (alert) => raised.push(alert));
  socket.on('alert:updated', (alert) => updated.push(alert));
  const snapshot = await new Promise<Result<AlertSnapshot>>((resolve) => socket.emit('alerts:watch', resolve));
  return { socket, raised, updated, snapshot };
}

const cancelRule = { name: 'Cancel intent', severity: 'critical', cooldownSeconds: 0, when: { kind: 'phrases', phrases: ['cancel my account', 'cancelación'], speaker: 'caller' } };

describe('rules API', () => {
  it('lists the default rules of a fresh install', async () => {
    const { rules } = data(await call<{ rules: Rule[] }>('GET', '/api/rules'));
    expect(rules.map((rule) => rule.name)).toEqual(expect.arrayContaining(['Wants to cancel', 'Complaint', 'Asks for a supervisor', 'Legal threat', 'Three negative lines in a row', 'Silence', 'Transcription failed']));
    expect(rules.every((rule) => rule.updatedBy === 'system')).toBe(true);
  });

  it('creates, reads, replaces and deletes a rule', async () => {
    const created = await call<Rule>('POST', '/api/rules', cancelRule);
    expect(created.status).toBe(201);
    const rule = data(created);
    expect(rule).toMatchObject({ ...cancelRule, enabled: true, id: expect.any(String), updatedBy: 'sam', createdAt: expect.any(Number) });
    expect(data(await call<Rule>('GET', `/api/rules/${rule.id}`))).toEqual(rule);
    const replaced = data(await call<Rule>('PUT', `/api/rules/${rule.id}`, { ...cancelRule, name: 'Cancel intent (es)', enabled: false }));
    expect(replaced).toMatchObject({ id: rule.id, name: 'Cancel intent (es)', enabled: false, createdAt: rule.createdAt });
    expect(data(await call<{ rules: Rule[] }>('GET', '/api/rules')).rules.find((listed) => listed.id === rule.id)).toEqual(replaced);
    expect(await call('DELETE', `/api/rules/${rule.id}`)).toEqual({ status: 200, body: { ok: true, data: { id: rule.id } } });
    for (const [method, body] of [['GET'], ['PUT', cancelRule], ['DELETE']] as const) {
      expect(await call(method, `/api/rules/${rule.id}`, body), method).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
    }
  });

  it('answers 400 naming the field, with the issues in error.fields', async () => {
    const bad = await call('POST', '/api/rules', { ...cancelRule, when: { kind: 'negativeStreak', count: 0 } });
    expect(bad).toEqual({
      status: 400,
      body: { ok: false, error: { code: 'invalid_request', message: 'when.count: count must be at least 1', fields: [{ path: 'when.count', message: 'count must be at least 1' }] } },
    });
    const regex = await call('POST', '/api/rules', { ...cancelRule, when: { kind: 'phrases', regex: '(cancel)\\1' } });
    expect(regex).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/^when\.regex: error parsing regexp: invalid escape sequence/), fields: [{ path: 'when.regex' }] } } });
    expect(await call('POST', '/api/rules', '{not json')).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    const rules = data(await call<{ rules: Rule[] }>('GET', '/api/rules')).rules;
    const some = rules[0];
    if (!some) throw new Error('no rules');
    expect(await call('PUT', `/api/rules/${some.id}`, { ...cancelRule, severity: 'loud' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', fields: [{ path: 'severity' }] } } });
    expect(await call('POST', '/api/rules', JSON.stringify({ ...cancelRule, name: 'x'.repeat(70 * 1024) }))).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
  });

  it('refuses a loopback or private webhook when the rule is saved, naming the webhook (ALERT_WEBHOOK_ALLOW_PRIVATE is off)', async () => {
    const webhooks = ['https://hooks.example/ok', { url: 'http://127.0.0.1:9/hook', format: 'slack' }, 'http://[fd00::1]/x', 'http://intranet.localhost/y'];
    const refused = await call('POST', '/api/rules', { ...cancelRule, webhooks });
    expect(refused).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request', fields: [{ path: 'webhooks.1' }, { path: 'webhooks.2' }, { path: 'webhooks.3' }] } } });
    expect(JSON.stringify(refused.body)).toMatch(/ALERT_WEBHOOK_ALLOW_PRIVATE/);
    const before = data(await call<{ rules: Rule[] }>('GET', '/api/rules')).rules;
    const some = before[0];
    if (!some) throw new Error('no rules');
    expect(await call('PUT', `/api/rules/${some.id}`, { ...cancelRule, webhooks: ['http://localhost/hook'] })).toMatchObject({ status: 400, body: { error: { fields: [{ path: 'webhooks.0' }] } } });
    // Nothing was written: the same rules, unchanged.
    expect(data(await call<{ rules: Rule[] }>('GET', '/api/rules')).rules).toEqual(before);
    const saved = data(await call<Rule>('POST', '/api/rules', { ...cancelRule, name: 'Public webhook', webhooks: ['https://hooks.example/ok'] }));
    expect(await call('DELETE', `/api/rules/${saved.id}`)).toMatchObject({ status: 200 });
  });

  it('refuses without a session (401) and from a foreign origin (403)', async () => {
    for (const [method, pathname] of [['GET', '/api/rules'], ['GET', '/api/alerts'], ['POST', '/api/rules'], ['POST', '/api/rules/test'], ['PUT', '/api/rules/x'], ['DELETE', '/api/rules/x'], ['POST', '/api/alerts/x/ack']] as const) {
      expect(await call(method, pathname, method === 'GET' ? undefined : cancelRule, { cookie: '' }), `${method} ${pathname}`).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
    }
    for (const [method, pathname] of [['POST', '/api/rules'], ['POST', '/api/rules/test'], ['PUT', '/api/rules/x'], ['DELETE', '/api/rules/x'], ['POST', '/api/alerts/x/ack']] as const) {
      expect(await call(method, pathname, cancelRule, { origin: 'https://evil.example' }), `${method} ${pathname}`).toMatchObject({ status: 403, body: { ok: false, error: { code: 'forbidden_origin' } } });
    }
    expect(data(await call<{ rules: Rule[] }>('GET', '/api/rules')).rules.some((rule) => rule.name === cancelRule.name)).toBe(false);
  });
});

describe('alerts through the API and the socket feed', () => {
  it('raises, lists, pushes and acknowledges an alert for a replayed call, and tests a rule on the stored call', async () => {
    const watcher = await alertWatcher();
    const otherWatcher = await alertWatcher();
    try {
      expect(watcher.snapshot.ok).toBe(true);
      const rule = data(await call<Rule>('POST', '/api/rules', cancelRule));
      const callId = `triage-routes-${Date.now()}`;
      const close = await streamCall(callId, [
        dataPacket('Thanks for calling, how can I help?', { speaker: '8:acs:agent_1', offsetMs: 0 }),
        dataPacket('My number is **********. I want to cancel my account.', { offsetMs: 2_000, sentiment: 'negative' }),
        dataPacket('My number is **********. I want to cancel my account.', { offsetMs: 2_000, sentiment: 'negative' }),
        dataPacket('Okay, I can help with the cancelación.', { speaker: '8:acs:agent_1', offsetMs: 5_000 }),
      ]);
      try {
        await waitFor(() => watcher.raised.some((alert) => alert.ruleId === rule.id), 10_000, 'alert:raised');
        const alert = watcher.raised.find((raised) => raised.ruleId === rule.id);
        expect(alert).toMatchObject({ ruleName: 'Cancel intent', severity: 'critical', kind: 'phrases', callId, seqs: [2], text: 'My number is **********. I want to cancel my account.', reason: 'said “cancel my account”', state: 'open' });
        if (!alert) throw new Error('unreachable');

        const listed = data(await call<{ alerts: Alert[] }>('GET', `/api/alerts?callId=${encodeURIComponent(callId)}`)).alerts;
        // The repeat and the agent's line (the rule listens to the caller only) raised nothing for this rule.
        expect(listed.filter((listedAlert) => listedAlert.ruleId === rule.id)).toEqual([alert]);
        expect(data(await call<{ alerts: Alert[] }>('GET', '/api/alerts?state=all&limit=500')).alerts.map((listedAlert) => listedAlert.id)).toContain(alert.id);
        expect(await call('GET', '/api/alerts?state=closed')).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request', fields: [{ path: 'state' }] } } });
        expect(await call('GET', '/api/alerts?limit=0')).toMatchObject({ status: 400, body: { error: { fields: [{ path: 'limit' }] } } });

        const acked = await call<Alert>('POST', `/api/alerts/${alert.id}/ack`);
        expect(acked).toMatchObject({ status: 200, body: { ok: true, data: { id: alert.id, state: 'acknowledged', acknowledgedBy: 'sam' } } });
        await waitFor(() => watcher.updated.some((updated) => updated.id === alert.id) && otherWatcher.updated.some((updated) => updated.id === alert.id), 10_000, 'alert:updated');
        expect(await call('POST', `/api/alerts/${alert.id}/ack`)).toEqual(acked);
        expect(await call('POST', '/api/alerts/no-such-alert/ack')).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
        expect(data(await call<{ alerts: Alert[] }>('GET', `/api/alerts?callId=${encodeURIComponent(callId)}`)).alerts.some((open) => open.id === alert.id)).toBe(false);

        // The rule test replays the stored call: with the agent's side too, both lines would have fired.
        const tested = await call<{ hits: RuleTestHit[] }>('POST', '/api/rules/test', { callId, rule: { ...cancelRule, when: { ...cancelRule.when, speaker: 'any' } } });
        expect(tested.status).toBe(200);
        expect(data(tested).hits).toEqual([
          { seqs: [2], text: 'My number is **********. I want to cancel my account.', reason: 'said “cancel my account”', at: expect.any(Number) },
          { seqs: [3], text: 'Okay, I can help with the cancelación.', reason: 'said “cancelación”', at: expect.any(Number) },
        ]);
        expect(data(await call<{ hits: RuleTestHit[] }>('POST', '/api/rules/test', { callId, rule: { ...cancelRule, cooldownSeconds: 3600, when: { ...cancelRule.when, speaker: 'any' } } })).hits.map((hit) => hit.seqs)).toEqual([[2]]);
        expect(await call('POST', '/api/rules/test', { callId: 'no such call', rule: cancelRule })).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
        expect(await call('POST', '/api/rules/test', { callId, rule: { ...cancelRule, when: { kind: 'silence' } } })).toMatchObject({ status: 400, body: { error: { fields: [{ path: 'rule.when.seconds' }] } } });
      } finally {
        await close();
      }
    } finally {
      watcher.socket.disconnect();
      otherWatcher.socket.disconnect();
    }
  });

  it('refuses a rule past MAX_RULES with 409 too_many_rules, also when creations race for the last places', async () => {
    const existing = data(await call<{ rules: Rule[] }>('GET', '/api/rules')).rules.length;
    const created: string[] = [];
    try {
      for (let count = existing; count < MAX_RULES - 3; count += 1) created.push(data(await call<Rule>('POST', '/api/rules', { ...cancelRule, name: `Filler ${count}` })).id);
      const racing = await Promise.all(Array.from({ length: 8 }, (_, index) => call<Rule>('POST', '/api/rules', { ...cancelRule, name: `Racing ${index}` })));
      expect(racing.map((answer) => answer.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
      for (const answer of racing) if (answer.status === 201) created.push(data(answer).id);
      expect(racing.find((answer) => answer.status === 409)?.body).toMatchObject({ ok: false, error: { code: 'too_many_rules' } });
      expect(data(await call<{ rules: Rule[] }>('GET', '/api/rules')).rules).toHaveLength(MAX_RULES);
    } finally {
      for (const id of created) await call('DELETE', `/api/rules/${id}`);
    }
  });
});
