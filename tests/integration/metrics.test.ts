/**
 * GET /metrics on a real server: a call streams finals (and a bad frame) while a browser watches, then the scrape
 * must be valid Prometheus text with Earshot's metrics at values that match what happened — the same ingress
 * counters /api/health reports, never counted twice across scrapes — and each server must keep its own registry.
 * Then who may scrape: a token when METRICS_TOKEN is set, else loopback peers only, without proxy headers.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FinalSegment, HealthReport } from '../../lib/protocol';
import type { EarshotServer } from '../../server/create-app';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { connectSupervisor, dataPacket, metadataPacket, openAcsStream, startEarshot, startTestAcs, tempDatabasePath, type TestAcs } from '../helpers/earshot-harness';
import { parsePrometheusText, type Exposition } from '../helpers/prometheus-text';
import { waitFor } from '../helpers/wait-for';

const TOKEN = 'scrape-token-0123456789abcdef';

let acs: TestAcs;
const servers: EarshotServer[] = [];

beforeAll(async () => {
  acs = await startTestAcs();
});

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

afterAll(async () => {
  await acs?.close();
});

async function start(env: Record<string, string> = {}, store?: Awaited<ReturnType<typeof openSqliteCallStore>>) {
  const server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, env, store });
  servers.push(server);
  return server;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (fetch cannot send every header we need, nor choose the method freely). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function scrape(server: EarshotServer, headers: Record<string, string> = {}): Promise<Exposition> {
  const answer = await get(`${server.url}/metrics`, headers);
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(answer.body);
}

describe('GET /metrics', () => {
  it('exposes streams, packets, delivery latency, store flushes, browsers and process metrics, matching /api/health', async () => {
    const server = await start();
    const other = await start();
    const callId = randomUUID();
    const browser = await connectSupervisor(server);
    const live: FinalSegment[] = [];
    browser.on('call:segment', (segment) => live.push(segment));
    const stream = await openAcsStream(server, await acs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId));
    await new Promise((resolve) => browser.emit('call:open', { callId, afterSeq: 0 }, resolve));
    for (let index = 1; index <= 3; index += 1) await stream.send(dataPacket(`Line ${index}`, { offsetMs: index * 1_000 }));
    await stream.sendRaw('{not json');
    await stream.send(dataPacket('Line 3', { offsetMs: 3_000 }));
    await waitFor(() => live.length === 3 && server.ingress.metrics.packetsRejected.duplicate_final === 1, 5_000, 'three finals broadcast, the repeat rejected');

    const metrics = await scrape(server);
    expect(metrics.types.get('earshot_final_delivery_seconds')).toBe('histogram');
    expect(metrics.types.get('earshot_transcript_packets_rejected_total')).toBe('counter');
    expect(metrics.value('earshot_instance_info', { instance_id: server.instanceId, store: 'sqlite', cluster: 'single' })).toBe(1);
    expect(metrics.value('earshot_transcript_streams_open')).toBe(1);
    expect(metrics.value('earshot_transcript_streams_paused')).toBe(0);
    expect(metrics.value('earshot_transcript_packets_accepted_total')).toBe(5);
    expect(metrics.value('earshot_transcript_packets_rejected_total', { reason: 'invalid_json' })).toBe(1);
    expect(metrics.value('earshot_transcript_packets_rejected_total', { reason: 'duplicate_final' })).toBe(1);
    expect(metrics.value('earshot_final_delivery_seconds_count')).toBe(3);
    const deliverySum = metrics.value('earshot_final_delivery_seconds_sum');
    expect(deliverySum).toBeGreaterThan(0);
    expect(deliverySum).toBeLessThan(3 * 5);
    expect(metrics.value('earshot_store_flush_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(metrics.value('earshot_store_flush_duration_seconds_count', { outcome: 'failed' })).toBe(0);
    expect(metrics.value('earshot_store_buffered_finals')).toBe(0);
    expect(metrics.value('earshot_store_buffered_finals_max')).toBe(50_000);
    expect(metrics.value('earshot_store_up')).toBe(1);
    expect(metrics.value('earshot_browsers_connected')).toBe(1);
    // prom-client's default metrics: event-loop delay, memory, CPU.
    expect(metrics.value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(metrics.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(metrics.value('process_cpu_seconds_total')).toBeGreaterThan(0);

    // The counters /api/health reports are the same ones, and a second scrape does not add them up again.
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as HealthReport;
    expect(health.ingress.packetsAccepted).toBe(5);
    expect(health.ingress.packetsRejected).toEqual({ invalid_json: 1, duplicate_final: 1 });
    const again = await scrape(server);
    expect(again.value('earshot_transcript_packets_accepted_total')).toBe(5);
    expect(again.value('earshot_transcript_packets_rejected_total', { reason: 'invalid_json' })).toBe(1);
    expect(again.value('earshot_final_delivery_seconds_count')).toBe(3);

    // The other server in this process has its own registry: none of this call is in it.
    const otherMetrics = await scrape(other);
    expect(otherMetrics.value('earshot_instance_info', { instance_id: other.instanceId })).toBe(1);
    expect(otherMetrics.find('earshot_instance_info', { instance_id: server.instanceId })).toEqual([]);
    expect(otherMetrics.value('earshot_final_delivery_seconds_count')).toBe(0);
    expect(otherMetrics.value('earshot_transcript_packets_accepted_total')).toBe(0);
    expect(otherMetrics.value('earshot_browsers_connected')).toBe(0);

    await stream.close();
    browser.disconnect();
    await waitFor(async () => (await scrape(server)).value('earshot_transcript_streams_open') === 0, 5_000, 'the stream gauge falls');
    await waitFor(async () => (await scrape(server)).value('earshot_browsers_connected') === 0, 5_000, 'the browser gauge falls');
  });

  it('shows a failing store: store_up 0, failed flushes, finals buffered; then their delivery once it is back', async () => {
    const store = await openSqliteCallStore(tempDatabasePath());
    const server = await start({}, store);
    const callId = randomUUID();
    const stream = await openAcsStream(server, await acs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId));
    await stream.send(dataPacket('Line 1', { offsetMs: 0 }));
    await waitFor(async () => (await server.calls.getCall(callId))?.lastSeq === 1, 5_000, 'the first line stored');

    store.sqlite.pragma('query_only = ON');
    for (let index = 2; index <= 4; index += 1) await stream.send(dataPacket(`Line ${index}`, { offsetMs: index * 1_000 }));
    const failing = await waitFor(async () => {
      const metrics = await scrape(server);
      return metrics.value('earshot_store_up') === 0 && metrics.value('earshot_store_buffered_finals') === 3 ? metrics : null;
    }, 10_000, 'the scrape shows the store failing');
    expect(failing.value('earshot_store_flush_duration_seconds_count', { outcome: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(failing.value('earshot_final_delivery_seconds_count')).toBe(1);

    store.sqlite.pragma('query_only = OFF');
    const recovered = await waitFor(async () => {
      const metrics = await scrape(server);
      return metrics.value('earshot_store_up') === 1 && metrics.value('earshot_final_delivery_seconds_count') === 4 ? metrics : null;
    }, 10_000, 'the buffered finals are stored and delivered');
    expect(recovered.value('earshot_store_buffered_finals')).toBe(0);
    await stream.close();
  });
});

describe('who may read /metrics', () => {
  it('with METRICS_TOKEN: only a request with that Bearer token, even from loopback; no detail in refusals', async () => {
    const server = await start({ METRICS_TOKEN: TOKEN });
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN]) {
      const answer = await get(`${server.url}/metrics`, authorization === undefined ? {} : { authorization });
      expect(answer.status, String(authorization)).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(answer.body).toBe('');
    }
    await scrape(server, { authorization: `Bearer ${TOKEN}` });
    await scrape(server, { authorization: `bearer ${TOKEN}` });
    // The token is accepted whatever headers a proxy added: it is the proof, not the address.
    await scrape(server, { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' });
  });

  it('without a token: loopback peers only (also as IPv4-mapped IPv6), and never a request a proxy forwarded', async () => {
    const server = await start();
    await scrape(server);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const answer = await get(`${server.url}/metrics`, { [header]: header === 'forwarded' ? 'for=127.0.0.1' : '127.0.0.1' });
      expect(answer.status, header).toBe(403);
      expect(answer.body).toBe('');
    }
    const head = await get(`${server.url}/metrics`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect((await get(`${server.url}/metrics`, {}, 'POST')).status).toBe(405);

    // Listening on every interface, Node reports an IPv4 peer as ::ffff:127.0.0.1.
    const dualStack = await start({ HOST: '::' });
    await scrape(dualStack);
  });
});

describe('who reads the detail of /api/health', () => {
  it('anyone learns the status; counts, memory and version only those who may read /metrics', async () => {
    const server = await start();
    const local = JSON.parse((await get(`${server.url}/api/health`, {})).body) as HealthReport;
    expect(local).toMatchObject({ status: 'ok', problems: [], ingress: { activeStreams: 0 } });
    expect(local.process.rssBytes).toBeGreaterThan(0);
    // What a reverse proxy forwards is an outside client's request, answered with the status alone.
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const answer = await get(`${server.url}/api/health`, { [header]: header === 'forwarded' ? 'for=198.51.100.7' : '198.51.100.7' });
      expect(answer.status, header).toBe(200);
      expect(JSON.parse(answer.body), header).toEqual({ status: 'ok' });
    }

    const withToken = await start({ METRICS_TOKEN: TOKEN });
    expect(JSON.parse((await get(`${withToken.url}/api/health`, {})).body)).toEqual({ status: 'ok' });
    const detailed = JSON.parse((await get(`${withToken.url}/api/health`, { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '198.51.100.7' })).body) as HealthReport;
    expect(detailed.version).toEqual(expect.any(String));
    expect(detailed.store.ok).toBe(true);
  });
});
