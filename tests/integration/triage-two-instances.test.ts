/**
 * Triage across two instances (the whole app twice, on PostgreSQL and Redis, behind a balancer): a rule created on A
 * reaches B's engine; a call whose transcript streams into B fires it there, once; the alert reaches a browser on
 * A; an acknowledgement on B reaches A.
 */
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSnapshot, ClientToServerEvents, Result, ServerToClientEvents } from '../../lib/protocol';
import type { Alert, Rule } from '../../lib/rules';
import { startCluster, type Cluster } from '../helpers/cluster';
import type { NextServer } from '../helpers/next-server';
import { postgresReachable, redisReachable } from '../helpers/services';
import { waitFor } from '../helpers/wait-for';

const available = (await postgresReachable()) && (await redisReachable());

type Browser = Socket<ServerToClientEvents, ClientToServerEvents>;

let cluster: Cluster;
const browsers: Browser[] = [];

async function alertWatcher(server: NextServer, cookie: string) {
  const socket: Browser = connectSocket(server.url, { transports: ['websocket'], extraHeaders: { cookie, origin: server.url }, reconnection: false, forceNew: true });
  browsers.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const raised: Alert[] = [];
  const updated: Alert[] = [];
  socket.on('alert:raised', (alert) => raised.push(alert));
  socket.on('alert:updated', (alert) => updated.push(alert));
  const snapshot = await new Promise<Result<AlertSnapshot>>((resolve) => socket.emit('alerts:watch', resolve));
  expect(snapshot.ok).toBe(true);
  return { raised, updated };
}

async function request<T>(server: NextServer, cookie: string, method: string, pathname: string, body?: unknown): Promise<{ status: number; body: Result<T> }> {
  const response = await fetch(`${server.url}${pathname}`, { method, headers: { cookie, origin: server.url, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json()) as Result<T> };
}

describe.skipIf(!available)('triage on two instances', () => {
  beforeAll(async () => {
    cluster = await startCluster({ scenarioIds: ['billing-dispute'], speedFactor: 8 });
    // Transcript streams go to B; incoming calls, callbacks and everything else to A.
    cluster.balancer.routing = (path, all) => (path.startsWith('/ws/transcripts') ? [all[1], all[0]] : [all[0], all[1]]).filter((backend) => backend !== undefined);
  }, 300_000);

  afterAll(async () => {
    for (const socket of browsers) socket.disconnect();
    await cluster?.close();
  });

  it('fires a rule created on A for a call streaming into B, once; the alert reaches A; an ack on B reaches A', async () => {
    const { a, b, emulator, balancer, store } = cluster;
    await waitFor(() => emulator.eventGridState() === 'validated', 20_000, 'Event Grid handshake through the balancer');
    const [cookieA, cookieB] = await Promise.all([a.login(), b.login()]);
    const onA = await alertWatcher(a, cookieA);
    const onB = await alertWatcher(b, cookieB);

    const created = await request<Rule>(a, cookieA, 'POST', '/api/rules', { name: 'Roaming', severity: 'info', cooldownSeconds: 0, when: { kind: 'phrases', phrases: ['international roaming'] } });
    expect(created.status).toBe(201);
    if (!created.body.ok) throw new Error('unreachable');
    const rule = created.body.data;

    const placed = emulator.placeIncomingCall({ scenarioId: 'billing-dispute' });
    const callId = await waitFor(() => emulator.calls.list().find((call) => call.ids.serverCallId === placed.serverCallId)?.ids.callConnectionId, 20_000, 'A answers');
    await waitFor(() => onA.raised.some((alert) => alert.ruleId === rule.id && alert.callId === callId), 60_000, 'the alert raised on B reaches A');
    expect(balancer.served.get('B /ws/transcripts') ?? 0).toBeGreaterThanOrEqual(1);
    expect(balancer.served.get('A /ws/transcripts') ?? 0).toBe(0);
    const alert = onA.raised.find((raised) => raised.ruleId === rule.id && raised.callId === callId);
    if (!alert) throw new Error('unreachable');
    expect(alert).toMatchObject({ ruleName: 'Roaming', kind: 'phrases', reason: 'said “international roaming”', seqs: [expect.any(Number)] });
    await waitFor(() => onB.raised.some((raised) => raised.id === alert.id), 10_000, 'and B');

    const acked = await request<Alert>(b, cookieB, 'POST', `/api/alerts/${alert.id}/ack`);
    expect(acked).toMatchObject({ status: 200, body: { ok: true, data: { id: alert.id, state: 'acknowledged' } } });
    await waitFor(() => onA.updated.some((updated) => updated.id === alert.id && updated.state === 'acknowledged'), 10_000, 'the ack on B reaches A');

    // Both instances evaluate rules, but only the one holding the stream evaluates the call's lines: one alert per line.
    await waitFor(async () => ((await store.getCall(callId))?.lastSeq ?? 0) >= 23, 60_000, 'the agent’s line about roaming');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = (await store.listAlerts({ state: 'all', callId, limit: 100 })).filter((stored) => stored.ruleId === rule.id);
    const seqs = stored.map((stored) => stored.seqs[0]);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.length).toBe(2);
  }, 180_000);
});
