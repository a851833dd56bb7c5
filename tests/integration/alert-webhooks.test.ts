/**
 * Alert webhook delivery end to end: real HTTP receivers on free ports, a real store (SQLite; the multi-instance
 * cases on PostgreSQL too), the real dispatcher with a fast retry schedule.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertDelivery, Rule, WebhookTarget } from '../../lib/rules';
import { AlertWebhooks, type AlertWebhookOptions } from '../../server/alerts/alert-webhooks';
import type { RetryPolicy } from '../../server/alerts/retry-policy';
import type { CallStore } from '../../server/store/call-store';
import { openPostgresCallStore } from '../../server/store/postgres-call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { capturingLogger, tempDatabasePath } from '../helpers/earshot-harness';
import { createTestDatabase, postgresReachable } from '../helpers/services';
import { waitFor } from '../helpers/wait-for';
import { startReceiver, verifyEarshotSignature, type WebhookReceiver } from '../helpers/webhook-receiver';

const SECRET = 'integration-webhook-secret-0123456789';
const FAST: RetryPolicy = { maxAttempts: 3, baseDelayMs: 20, factor: 2, maxDelayMs: 100, jitter: 0, maxRetryAfterMs: 10_000 };
const BASE_URL = 'https://earshot.example.com';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sqliteStore(): Promise<CallStore> {
  const store = await openSqliteCallStore(tempDatabasePath());
  cleanups.push(() => store.close());
  return store;
}

async function postgresStore(): Promise<CallStore> {
  const database = await createTestDatabase();
  const store = await openPostgresCallStore(database.url);
  cleanups.push(async () => {
    await store.close();
    await database.drop();
  });
  return store;
}

async function receiver(answer?: WebhookReceiver['answer'], host?: string): Promise<WebhookReceiver> {
  const started = await startReceiver(answer, host);
  cleanups.push(() => started.close());
  return started;
}

let instances = 0;
function dispatcher(store: CallStore, options: Partial<AlertWebhookOptions> = {}): AlertWebhooks {
  const webhooks = new AlertWebhooks({
    store,
    instanceId: `test-instance-${(instances += 1)}`,
    log: capturingLogger('silent').log,
    baseUrl: () => BASE_URL,
    globalWebhook: null,
    secret: SECRET,
    allowPrivate: true,
    version: '0.1.0',
    retry: FAST,
    pollIntervalMs: 25,
    requestTimeoutMs: 2_000,
    ...options,
  });
  webhooks.start();
  cleanups.push(() => webhooks.close());
  return webhooks;
}

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: randomUUID(),
    ruleId: 'rule-1',
    ruleName: 'Cancellation risk',
    severity: 'warning',
    kind: 'phrases',
    callId: 'call/1 a+b',
    seqs: [12],
    text: 'I will cancel, my number is ****',
    reason: 'said “cancel”',
    at: 1_764_000_000_000,
    state: 'open',
    acknowledgedBy: null,
    acknowledgedAt: null,
    ...overrides,
  };
}

function rule(webhooks: WebhookTarget[]): Rule {
  return {
    id: 'rule-1',
    name: 'Cancellation risk',
    severity: 'warning',
    enabled: true,
    cooldownSeconds: 300,
    when: { kind: 'phrases', phrases: ['cancel'], speaker: 'any' },
    webhooks,
    createdAt: 0,
    updatedAt: 0,
    updatedBy: 'system',
  };
}

/** Waits until every delivery of the alert has left `pending`. */
function settled(webhooks: AlertWebhooks, alertId: string, count = 1, timeoutMs = 10_000): Promise<AlertDelivery[]> {
  return waitFor(
    async () => {
      const log = await webhooks.deliveryLog(alertId);
      return log.length === count && log.every((delivery) => delivery.state !== 'pending') ? log : null;
    },
    timeoutMs,
    `the ${count} deliveries of ${alertId} settle`,
  );
}

describe('alert webhook delivery', () => {
  it('posts a signed Earshot body with delivery, alert and user-agent headers, and logs it delivered', async () => {
    const hook = await receiver();
    const webhooks = dispatcher(await sqliteStore());
    const raised = alert();
    webhooks.alertRaised(raised, rule([`${hook.url}/hooks/earshot`]));
    const [delivery] = await settled(webhooks, raised.id);
    expect(delivery).toEqual({
      alertId: raised.id,
      target: `${hook.url}/hooks/earshot`,
      format: 'earshot',
      state: 'delivered',
      attempts: 1,
      lastStatus: 200,
      lastError: null,
      lastAttemptAt: expect.any(Number),
      nextAttemptAt: null,
    });
    expect(hook.requests).toHaveLength(1);
    const request = hook.requests[0];
    if (!request) throw new Error('unreachable');
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hooks/earshot');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toBe('Earshot/0.1.0');
    expect(request.headers['x-earshot-alert']).toBe(raised.id);
    expect(request.headers['x-earshot-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    const signature = request.headers['x-earshot-signature'];
    expect(typeof signature).toBe('string');
    expect(verifyEarshotSignature(signature as string, request.body, SECRET)).toBe(true);
    expect(verifyEarshotSignature(signature as string, request.body, 'another-secret-entirely')).toBe(false);
    expect(JSON.parse(request.body)).toEqual({
      alertId: raised.id,
      ruleName: 'Cancellation risk',
      severity: 'warning',
      callId: 'call/1 a+b',
      callUrl: `${BASE_URL}/calls/call%2F1%20a%2Bb#seq-12`,
      seq: 12,
      text: 'I will cancel, my number is ****',
      at: 1_764_000_000_000,
    });
  });

  it('sends each webhook once per format, ALERT_WEBHOOK_URL included, Slack and Teams bodies signed too; unsigned without a secret', async () => {
    const hook = await receiver();
    const store = await sqliteStore();
    const webhooks = dispatcher(store, { globalWebhook: { url: `${hook.url}/global`, format: 'teams' } });
    const raised = alert();
    webhooks.alertRaised(raised, rule([`${hook.url}/a`, { url: `${hook.url}/a`, format: 'earshot' }, { url: `${hook.url}/a`, format: 'slack' }, { url: `${hook.url}/global`, format: 'teams' }]));
    const log = await settled(webhooks, raised.id, 3);
    expect(log.map((delivery) => [delivery.target.replace(hook.url, ''), delivery.format, delivery.state]).sort()).toEqual([
      ['/a', 'earshot', 'delivered'],
      ['/a', 'slack', 'delivered'],
      ['/global', 'teams', 'delivered'],
    ]);
    for (const request of hook.requests) expect(verifyEarshotSignature(request.headers['x-earshot-signature'] as string, request.body, SECRET)).toBe(true);
    const slack = hook.requests.find((request) => request.body.startsWith('{"text"'));
    expect(JSON.parse(slack?.body ?? '{}').text).toContain('<https://earshot.example.com/calls/call%2F1%20a%2Bb#seq-12|');

    const unsigned = dispatcher(store, { secret: undefined });
    const other = alert();
    unsigned.alertRaised(other, rule([`${hook.url}/unsigned`]));
    await settled(unsigned, other.id);
    expect(hook.requests.find((request) => request.path === '/unsigned')?.headers['x-earshot-signature']).toBeUndefined();
  });

  it('retries a receiver that answers 500 twice, with the same delivery id, and logs delivered after 3 attempts', async () => {
    const hook = await receiver((_request, index) => (index < 2 ? { status: 500 } : { status: 204 }));
    const webhooks = dispatcher(await sqliteStore());
    const raised = alert();
    webhooks.alertRaised(raised, rule([hook.url]));
    const [delivery] = await settled(webhooks, raised.id);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 204, lastError: null });
    expect(hook.requests).toHaveLength(3);
    expect(new Set(hook.requests.map((request) => request.headers['x-earshot-delivery'])).size).toBe(1);
    // Backoff: 20 ms, then 40 ms (the poll tick may add to it, never take from it).
    const [first, second, third] = hook.requests.map((request) => request.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(15);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(35);
  });

  it('gives up after the last attempt and records the last status and a short error', async () => {
    const hook = await receiver(() => ({ status: 503, body: 'secret internal detail' }));
    const webhooks = dispatcher(await sqliteStore());
    const raised = alert();
    webhooks.alertRaised(raised, rule([`${hook.url}/path-secret-0123456789?token=query-secret`]));
    const [delivery] = await settled(webhooks, raised.id);
    expect(delivery).toMatchObject({ state: 'failed', attempts: 3, lastStatus: 503, lastError: 'HTTP 503; gave up after 3 attempts', nextAttemptAt: null });
    expect(delivery?.target).toBe(`${hook.url}/path…`);
    expect(hook.requests).toHaveLength(3);
  });

  it('honours Retry-After on 429', async () => {
    const hook = await receiver((_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const webhooks = dispatcher(await sqliteStore());
    const raised = alert();
    webhooks.alertRaised(raised, rule([hook.url]));
    const [delivery] = await settled(webhooks, raised.id);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 2 });
    const [first, second] = hook.requests.map((request) => request.at);
    // The schedule alone would retry after 20 ms.
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once on 400', async () => {
    const hook = await receiver(() => ({ status: 400 }));
    const webhooks = dispatcher(await sqliteStore());
    const raised = alert();
    webhooks.alertRaised(raised, rule([hook.url]));
    const [delivery] = await settled(webhooks, raised.id);
    expect(delivery).toMatchObject({ state: 'failed', attempts: 1, lastStatus: 400, lastError: 'HTTP 400' });
    expect(hook.requests).toHaveLength(1);
  });

  it('does not follow a redirect', async () => {
    const target = await receiver();
    const redirecting = await receiver(() => ({ status: 307, headers: { location: `${target.url}/elsewhere` } }));
    const webhooks = dispatcher(await sqliteStore());
    const raised = alert();
    webhooks.alertRaised(raised, rule([redirecting.url]));
    const [delivery] = await settled(webhooks, raised.id);
    expect(delivery).toMatchObject({ state: 'failed', attempts: 1, lastStatus: 307 });
    expect(target.requests).toHaveLength(0);
  });

  it('retries an unreachable port and a receiver that never answers, while other webhooks are delivered meanwhile', async () => {
    const closed = await startReceiver();
    const deadPort = closed.port;
    await closed.close();
    const hanging = await receiver(() => 'hang');
    const good = await receiver();
    const webhooks = dispatcher(await sqliteStore(), { requestTimeoutMs: 400 });
    const stuck = alert();
    webhooks.alertRaised(stuck, rule([`http://127.0.0.1:${deadPort}/hook`, `${hanging.url}/hook`]));
    await waitFor(() => hanging.open() > 0, 5_000, 'the hanging receiver holds a request');
    const fine = alert();
    webhooks.alertRaised(fine, rule([good.url]));
    const [delivered] = await settled(webhooks, fine.id);
    expect(delivered?.state).toBe('delivered');
    // Delivered while the hanging receiver still held its first request: nothing waited for it.
    expect(hanging.requests).toHaveLength(1);
    const log = await settled(webhooks, stuck.id, 2);
    const byTarget = new Map(log.map((delivery) => [delivery.target, delivery]));
    expect(byTarget.get(`http://127.0.0.1:${deadPort}/hook`)).toMatchObject({ state: 'failed', attempts: 3, lastStatus: null, lastError: 'network error (ECONNREFUSED); gave up after 3 attempts' });
    expect(byTarget.get(`${hanging.url}/hook`)).toMatchObject({ state: 'failed', attempts: 3, lastStatus: null, lastError: 'timed out after 400 ms; gave up after 3 attempts' });
    expect(hanging.requests).toHaveLength(3);
  });

  it('refuses private and loopback targets unless ALERT_WEBHOOK_ALLOW_PRIVATE, by literal address or by what a name resolves to', async () => {
    const hook = await receiver();
    const store = await sqliteStore();
    const resolve = async (host: string) => [{ address: host === 'internal.example' ? '10.1.2.3' : '127.0.0.1', family: 4 as const }];
    const strict = dispatcher(store, { allowPrivate: false, resolve });
    const raised = alert();
    strict.alertRaised(raised, rule([`${hook.url}/literal`, `http://internal.example:${hook.port}/named`, `http://[::ffff:127.0.0.1]:${hook.port}/mapped`, `http://user:pw@example.com/creds`]));
    const log = await settled(strict, raised.id, 4);
    for (const delivery of log) expect(delivery, delivery.target).toMatchObject({ state: 'failed', lastStatus: null, lastError: expect.stringMatching(/refused/) });
    expect(log.find((delivery) => delivery.target.endsWith('/named'))?.attempts).toBe(1);
    expect(log.find((delivery) => delivery.target.endsWith('/creds'))?.target).toBe('http://example.com/creds');
    expect(hook.requests).toHaveLength(0);

    // Allowed, a name goes to the address it was vetted at (the resolver's), not to whatever the system resolves.
    const relaxed = dispatcher(store, { allowPrivate: true, resolve });
    const other = alert();
    relaxed.alertRaised(other, rule([`http://receiver.invalid:${hook.port}/pinned`]));
    expect((await settled(relaxed, other.id))[0]?.state).toBe('delivered');
    expect(hook.requests.map((request) => [request.path, request.headers.host])).toEqual([['/pinned', `receiver.invalid:${hook.port}`]]);
  });

  it('keeps one connection to a receiver across deliveries, and closes it on close', async () => {
    const hook = await receiver();
    const webhooks = dispatcher(await sqliteStore());
    for (let index = 0; index < 3; index += 1) {
      const raised = alert();
      webhooks.alertRaised(raised, rule([`${hook.url}/hook`]));
      expect((await settled(webhooks, raised.id))[0]?.state).toBe('delivered');
    }
    expect(hook.requests).toHaveLength(3);
    expect(hook.connections()).toBe(1);
    expect(webhooks.openConnections()).toBe(1);
    await webhooks.close();
    expect(webhooks.openConnections()).toBe(0);
    await waitFor(() => hook.openConnections() === 0, 5_000, 'the receiver sees the kept connection closed');
  });

  it('connects anew when the name resolves to another address: a kept connection serves only the address it was vetted at', async () => {
    const hook = await receiver(undefined, '0.0.0.0');
    let address = '127.0.0.1';
    const webhooks = dispatcher(await sqliteStore(), { resolve: async () => [{ address, family: 4 as const }] });
    const target = `http://receiver.invalid:${hook.port}/hook`;
    for (const next of ['127.0.0.1', '127.0.0.2', '127.0.0.2']) {
      address = next;
      const raised = alert();
      webhooks.alertRaised(raised, rule([target]));
      expect((await settled(webhooks, raised.id))[0]?.state).toBe('delivered');
    }
    expect(hook.requests.map((request) => request.localAddress)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.2']);
    expect(hook.connections()).toBe(2);
  });

  it('sends once more on a new connection at once when the receiver drops a kept one as it is reused', async () => {
    const hook = await receiver((_request, index) => (index === 1 ? 'reset' : { status: 200 }));
    const webhooks = dispatcher(await sqliteStore(), { retry: { ...FAST, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const first = alert();
    webhooks.alertRaised(first, rule([`${hook.url}/hook`]));
    expect((await settled(webhooks, first.id))[0]?.state).toBe('delivered');
    const second = alert();
    webhooks.alertRaised(second, rule([`${hook.url}/hook`]));
    // Delivered in its first attempt: no retry after backoff (a minute here) was needed.
    expect(await settled(webhooks, second.id)).toMatchObject([{ state: 'delivered', attempts: 1, lastStatus: 200 }]);
    expect(hook.requests).toHaveLength(3);
    expect(hook.requests[2]?.headers['x-earshot-delivery']).toBe(hook.requests[1]?.headers['x-earshot-delivery']);
    expect(hook.connections()).toBe(2);
  });

  it('does not resend at once when a new connection fails: that waits for the retry schedule', async () => {
    const hook = await receiver(() => 'reset');
    const webhooks = dispatcher(await sqliteStore(), { retry: { ...FAST, maxAttempts: 2 } });
    const raised = alert();
    webhooks.alertRaised(raised, rule([`${hook.url}/hook`]));
    expect(await settled(webhooks, raised.id)).toMatchObject([{ state: 'failed', attempts: 2, lastStatus: null, lastError: expect.stringMatching(/^network error \(ECONNRESET\)/) }]);
    expect(hook.requests).toHaveLength(2);
  });

  it('on close, waits briefly for a running attempt, then cuts it and leaves it due for the next instance', async () => {
    let answering = false;
    const hook = await receiver(() => (answering ? { status: 200 } : 'hang'));
    const store = await sqliteStore();
    const stopping = dispatcher(store, { requestTimeoutMs: 30_000, closeGraceMs: 200 });
    const raised = alert();
    stopping.alertRaised(raised, rule([hook.url]));
    await waitFor(() => hook.open() > 0, 5_000, 'the attempt is running');
    const started = Date.now();
    await stopping.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await stopping.deliveryLog(raised.id)).toMatchObject([{ state: 'pending', attempts: 1, lastError: 'interrupted: the server stopped', nextAttemptAt: expect.any(Number) }]);
    answering = true;
    const next = dispatcher(store);
    expect((await settled(next, raised.id))[0]).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it('records deliveries past the queue bound as failed instead of holding them', async () => {
    const hook = await receiver(() => ({ status: 503 }));
    const webhooks = dispatcher(await sqliteStore(), { maxPending: 2, retry: { ...FAST, maxAttempts: 8, baseDelayMs: 60_000 } });
    const raised = alert();
    webhooks.alertRaised(raised, rule([`${hook.url}/1`, `${hook.url}/2`, `${hook.url}/3`]));
    const log = await waitFor(async () => {
      const entries = await webhooks.deliveryLog(raised.id);
      return entries.length === 3 && entries.filter((entry) => entry.attempts === 1).length === 2 ? entries : null;
    });
    expect(log.filter((entry) => entry.state === 'pending')).toHaveLength(2);
    expect(log.filter((entry) => entry.state === 'failed')).toEqual([expect.objectContaining({ attempts: 0, lastError: 'queue full: 2 deliveries pending' })]);
  });

  it('counts deliveries other instances left pending (as of its last poll) toward the queue bound', async () => {
    const hook = await receiver();
    const store = await sqliteStore();
    const queued = (id: string) => ({ id, alertId: 'elsewhere', targetUrl: `${hook.url}/later`, format: 'earshot' as const, body: '{}', state: 'pending' as const, lastError: null, createdAt: Date.now() + 3_600_000 });
    await store.addDeliveries([queued('other-1'), queued('other-2')]);
    const webhooks = dispatcher(store, { maxPending: 2 });
    await waitFor(() => webhooks.queueDepth() === 2, 5_000, 'the poll counts the pending deliveries');
    const raised = alert();
    webhooks.alertRaised(raised, rule([`${hook.url}/hook`]));
    expect(await settled(webhooks, raised.id)).toMatchObject([{ state: 'failed', attempts: 0, lastError: 'queue full: 2 deliveries pending' }]);
    expect(hook.requests).toHaveLength(0);
  });

  it('keeps webhook paths, queries, the secret and the alert text out of its logs', async () => {
    const hook = await receiver((_request, index) => (index === 0 ? { status: 500 } : { status: 400 }));
    const { log, lines } = capturingLogger('trace');
    const webhooks = dispatcher(await sqliteStore(), { log });
    const raised = alert({ text: 'zqtextmarker spoken words' });
    webhooks.alertRaised(raised, rule([`${hook.url}/services/zqpathmarker?sig=zqquerymarker`]));
    await settled(webhooks, raised.id);
    await webhooks.close();
    const printed = JSON.stringify(lines());
    expect(lines().length).toBeGreaterThan(0);
    for (const secret of ['zqtextmarker', 'zqpathmarker', 'zqquerymarker', SECRET]) expect(printed).not.toContain(secret);
    expect(printed).toContain(hook.url);
  });
});

const stores: [string, () => Promise<CallStore>][] = [['SQLite', sqliteStore]];
if (await postgresReachable()) stores.push(['PostgreSQL', postgresStore]);

describe.each(stores)('alert webhook delivery across restarts and instances (%s)', (_name, openStore) => {
  it('resumes a pending delivery after a restart', async () => {
    let up = false;
    const hook = await receiver(() => (up ? { status: 200 } : { status: 503 }));
    const store = await openStore();
    const before = dispatcher(store, { retry: { ...FAST, maxAttempts: 8, baseDelayMs: 300 } });
    const raised = alert();
    before.alertRaised(raised, rule([hook.url]));
    await waitFor(async () => (await before.deliveryLog(raised.id))[0]?.lastStatus === 503, 5_000, 'the first attempt fails');
    await before.close();
    up = true;
    const after = dispatcher(store);
    const [delivery] = await settled(after, raised.id);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 200 });
    expect(hook.requests).toHaveLength(2);
  });

  it('takes over a delivery whose instance died holding it once the claim runs out', async () => {
    const hook = await receiver();
    const store = await openStore();
    const raised = alert();
    await store.addDeliveries([{ id: randomUUID(), alertId: raised.id, targetUrl: hook.url, format: 'earshot', body: '{}', state: 'pending', lastError: null, createdAt: Date.now() }]);
    const [claimed] = await store.claimDueDeliveries('crashed-instance', Date.now(), Date.now() + 300, 10);
    expect(claimed?.claimedBy).toBe('crashed-instance');
    const survivor = dispatcher(store);
    const [delivery] = await settled(survivor, raised.id);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(hook.requests).toHaveLength(1);
  });

  it('delivers each delivery exactly once with two dispatchers on one store', async () => {
    // Every delivery's first attempt fails, so its retry is up for grabs by both instances' pollers.
    const seen = new Set<string>();
    const hook = await receiver((request) => {
      const id = request.headers['x-earshot-delivery'] as string;
      if (seen.has(id)) return { status: 200 };
      seen.add(id);
      return { status: 500 };
    });
    const store = await openStore();
    const a = dispatcher(store, { pollIntervalMs: 5 });
    const b = dispatcher(store, { pollIntervalMs: 5 });
    const raised = Array.from({ length: 20 }, () => alert());
    raised.forEach((each, index) => (index % 2 === 0 ? a : b).alertRaised(each, rule([`${hook.url}/x`, { url: `${hook.url}/x`, format: 'slack' }])));
    for (const each of raised) await settled(a, each.id, 2);
    const delivered = new Map<string, number>();
    for (const request of hook.requests) {
      const id = request.headers['x-earshot-delivery'] as string;
      delivered.set(id, (delivered.get(id) ?? 0) + 1);
    }
    expect(delivered.size).toBe(40);
    expect([...delivered.values()].every((count) => count === 2)).toBe(true);
    for (const each of raised) expect((await b.deliveryLog(each.id)).map((delivery) => [delivery.state, delivery.attempts])).toEqual([
      ['delivered', 2],
      ['delivered', 2],
    ]);
  });
});
