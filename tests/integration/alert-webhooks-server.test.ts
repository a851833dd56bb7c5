/**
 * Alert webhooks as the server runs them: configured from the environment, started and stopped with the server,
 * handed to the rule engine as an AlertSink, their log served by GET /api/alerts/{alertId}/deliveries behind the
 * supervisor gate, their numbers in /metrics.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as deliveriesRoute } from '../../app/api/alerts/[id]/deliveries/route';
import type { Alert, AlertDelivery, Rule } from '../../lib/rules';
import type { EarshotServer } from '../../server/create-app';
import { newCallRecord } from '../../server/domain/call-record';
import { capturingLogger, loginCookie, startEarshot, startTestAcs, tempDatabasePath, type TestAcs } from '../helpers/earshot-harness';
import { parsePrometheusText } from '../helpers/prometheus-text';
import { waitFor } from '../helpers/wait-for';
import { startReceiver, verifyEarshotSignature, type WebhookReceiver } from '../helpers/webhook-receiver';

const SECRET = 'server-webhook-secret-0123456789';
const DELIVERIES_PATH = /^\/api\/alerts\/([^/]+)\/deliveries$/;

let acs: TestAcs;
let hook: WebhookReceiver;
const servers: EarshotServer[] = [];

beforeAll(async () => {
  acs = await startTestAcs();
  hook = await startReceiver();
});

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

afterAll(async () => {
  await hook?.close();
  await acs?.close();
});

/** Stands in for Next: hands the deliveries route its request as Next would (the segment decoded once). */
function serveDeliveriesRoute(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const match = DELIVERIES_PATH.exec(url.pathname);
  if (!match?.[1]) {
    res.writeHead(404).end();
    return;
  }
  // With the headers the request gate set (who is asking), as Next hands them to the route.
  const headers = new Headers(Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : [])));
  void deliveriesRoute(new Request(url, { headers }), { params: Promise.resolve({ id: decodeURIComponent(match[1]) }) }).then(async (response) => {
    res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
    res.end(await response.text());
  });
}

function alert(): Alert {
  return {
    id: `alert ${randomUUID()}/x`,
    ruleId: 'rule-1',
    ruleName: 'Angry caller',
    severity: 'critical',
    kind: 'negativeStreak',
    callId: 'call-1',
    seqs: [3, 4, 5],
    text: 'This is ridiculous',
    reason: '3 negative in a row',
    at: Date.now(),
    state: 'open',
    acknowledgedBy: null,
    acknowledgedAt: null,
  };
}

const rule: Rule = {
  id: 'rule-1',
  name: 'Angry caller',
  severity: 'critical',
  enabled: true,
  cooldownSeconds: 300,
  when: { kind: 'negativeStreak', count: 3, speaker: 'any' },
  createdAt: 0,
  updatedAt: 0,
  updatedBy: 'system',
};

describe('alert webhooks in the server', () => {
  it('posts every alert to ALERT_WEBHOOK_URL in its format, signed, and serves the delivery log to supervisors only', async () => {
    const server = await startEarshot({
      databasePath: tempDatabasePath(),
      jwksUrl: acs.jwksUrl,
      handleRequest: serveDeliveriesRoute,
      env: {
        ALERT_WEBHOOK_URL: `${hook.url}/services/T0001/B0001/slacktokenslacktoken?x=1`,
        ALERT_WEBHOOK_FORMAT: 'slack',
        ALERT_WEBHOOK_SECRET: SECRET,
        ALERT_WEBHOOK_ALLOW_PRIVATE: 'true',
        PUBLIC_BASE_URL: 'https://earshot.example.com',
      },
    });
    servers.push(server);
    expect(server.alertSinks).toEqual([server.alertWebhooks]);
    const raised = alert();
    // As the rule engine does: the call and the alert are stored before the sinks hear of it (the delivery log is
    // served only for an alert on a call the asker may see).
    await server.store.ensureCall(newCallRecord(raised.callId, Date.now(), null));
    await server.store.addAlert(raised);
    for (const sink of server.alertSinks) sink.alertRaised(raised, rule);
    const request = await waitFor(() => hook.requests.find((each) => each.headers['x-earshot-alert'] === raised.id), 5_000, 'the webhook arrives');
    expect(verifyEarshotSignature(request.headers['x-earshot-signature'] as string, request.body, SECRET)).toBe(true);
    expect(JSON.parse(request.body).text).toContain('<https://earshot.example.com/calls/call-1#seq-3|Open call call-1>');

    const path = `/api/alerts/${encodeURIComponent(raised.id)}/deliveries`;
    expect((await fetch(`${server.url}${path}`)).status).toBe(401);
    const answer = await waitFor(async () => {
      const response = await fetch(`${server.url}${path}`, { headers: { cookie: await loginCookie(server) } });
      const body = (await response.json()) as { ok: boolean; data: AlertDelivery[] };
      return body.data?.[0]?.state === 'delivered' ? { status: response.status, body } : null;
    });
    expect(answer).toEqual({
      status: 200,
      body: {
        ok: true,
        data: [
          {
            alertId: raised.id,
            target: `${hook.url}/services/T0001/B0001/slac…`,
            format: 'slack',
            state: 'delivered',
            attempts: 1,
            lastStatus: 200,
            lastError: null,
            lastAttemptAt: expect.any(Number),
            nextAttemptAt: null,
          },
        ],
      },
    });
    const unknown = await fetch(`${server.url}/api/alerts/no-such-alert/deliveries`, { headers: { cookie: await loginCookie(server) } });
    expect(await unknown.json()).toEqual({ ok: true, data: [] });

    const metrics = parsePrometheusText(await (await fetch(`${server.url}/metrics`)).text());
    expect(metrics.types.get('earshot_alert_webhook_first_attempt_seconds')).toBe('histogram');
    expect(metrics.value('earshot_alert_webhook_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(metrics.value('earshot_alert_webhook_deliveries_total', { outcome: 'failed' })).toBe(0);
    expect(metrics.value('earshot_alert_webhook_first_attempt_seconds_count')).toBe(1);
    expect(metrics.value('earshot_alert_webhook_queue_depth')).toBe(0);
  });

  it('warns once at start, naming no secret, when ALERT_WEBHOOK_SECRET is unset, and refuses a private ALERT_WEBHOOK_URL', async () => {
    const { log, lines } = capturingLogger('info');
    const server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, log, env: { ALERT_WEBHOOK_URL: `${hook.url}/unsigned`, ALERT_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    servers.push(server);
    expect(lines().filter((line) => String(line.msg).includes('ALERT_WEBHOOK_SECRET'))).toHaveLength(1);
    await expect(startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, env: { ALERT_WEBHOOK_URL: 'http://169.254.169.254/latest/meta-data' } })).rejects.toThrow(
      /ALERT_WEBHOOK_URL: link-local address refused/,
    );
  });
});
