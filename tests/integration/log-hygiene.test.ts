/**
 * Nothing a caller said and no secret reaches a log line. The whole app runs as `npm start` runs it (custom server,
 * Next route handlers, embedded emulator) at the most verbose log level; frames and requests full of unique markers
 * go through it — bad JSON, oversize frames, unknown kinds, wrong types, valid lines, alert rules' phrases and patterns
 * and the alerts they raise, wrong and right webhook secrets, forged tokens and cookies, passwords — and every line it
 * printed is searched for them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HealthReport } from '../../lib/protocol';
import { loadOrCreateDevSigningKey } from '../../server/ingress/dev-signing-key';
import { signAcsToken } from '../../server/replay/replay-recording';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { waitFor } from '../helpers/wait-for';

const ISSUER = 'https://acscallautomation.communication.azure.com';
const AUDIENCE = 'earshot-emulator';
const MAX_FRAME_BYTES = 4096;

/**
 * Each marker starts with its own short random prefix, and a line with the prefix alone counts as a leak: Node's
 * JSON.parse errors quote only the first few characters of the input.
 */
const markers: string[] = [];
function marker(label: string): string {
  const value = `zq${randomBytes(3).toString('hex')}${label}${randomBytes(4).toString('hex')}`;
  markers.push(value);
  return value;
}
const LEAK_PREFIX_LENGTH = 8;

const EVENT_GRID_SECRET = marker('gridsecret') + randomBytes(12).toString('hex');

let app: NextServer;

beforeAll(async () => {
  app = await startNextServer({ env: { LOG_LEVEL: 'trace', INGRESS_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES), EVENT_GRID_SECRET } });
}, 300_000);

afterAll(async () => {
  await app?.close();
});

async function health(): Promise<HealthReport> {
  return (await (await fetch(`${app.url}/api/health`)).json()) as HealthReport;
}

async function openStream(callId: string): Promise<WebSocket> {
  const key = await loadOrCreateDevSigningKey(path.join(app.dataDir, 'dev-signing-key.json'));
  const token = await signAcsToken(key, ISSUER, AUDIENCE);
  const socket = new WebSocket(`${app.url.replace('http', 'ws')}/ws/transcripts`, { headers: { authorization: `Bearer ${token}`, 'x-ms-call-connection-id': callId } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

function send(socket: WebSocket, frame: string | Buffer, binary = false) {
  return new Promise<void>((resolve, reject) => socket.send(frame, { binary }, (error) => (error ? reject(error) : resolve())));
}

function data(text: unknown, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    kind: 'TranscriptionData',
    transcriptionData: { text, format: 'display', confidence: 0.9, offset: 0, duration: 1_000_000, words: [{ text, offset: 0, duration: 10 }], participantRawID: '4:+14255550100', resultStatus: 'Final', ...extra },
  });
}

describe('log hygiene', () => {
  it('logs no transcript text, frame content, token, cookie, password or webhook secret', async () => {
    const callId = randomUUID();
    const stream = await openStream(callId);
    await send(stream, JSON.stringify({ kind: 'TranscriptionMetadata', transcriptionMetadata: { callConnectionId: callId, locale: 'en-US', subscriptionId: marker('subscription') } }));
    // Rules: phrases, patterns and the alert text they produce are transcript-like too (a refused pattern as well).
    const cookie = await app.login();
    const rules = (body: unknown, pathname = '/api/rules') =>
      fetch(`${app.url}${pathname}`, { method: 'POST', headers: { cookie, origin: app.url, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const phrase = marker('phrase');
    expect((await rules({ name: marker('rulename'), severity: 'info', cooldownSeconds: 0, when: { kind: 'phrases', phrases: [phrase], regex: `${marker('pattern')}|refund` } })).status).toBe(201);
    expect((await rules({ name: 'refused', severity: 'info', when: { kind: 'phrases', regex: `(${marker('badpattern')})\\1` } })).status).toBe(400);
    await send(stream, data(`My card number is ${marker('spoken')}.`));
    await send(stream, data(`I want to ${phrase} and get a refund, ${marker('alerttext')}.`, { offset: 20_000_000 }));
    await waitFor(
      async () => ((await (await fetch(`${app.url}/api/alerts?callId=${callId}`, { headers: { cookie } })).json()) as { data: { alerts: unknown[] } }).data.alerts.length > 0,
      10_000,
      'the alert',
    );
    expect((await rules({ rule: { name: 'x', severity: 'info', when: { kind: 'phrases', phrases: [marker('testphrase')] } }, callId }, '/api/rules/test')).status).toBe(200);
    await send(stream, data(`I am still ${marker('interim')}`, { resultStatus: 'Intermediate' }));
    // Each bad frame on a stream of its own: rejections are logged once per call and reason in a window, and every
    // one of them must be seen to be clean.
    const badFrames: (string | Buffer)[] = [
      `{"kind":"TranscriptionData","transcriptionData":{"text":"${marker('badjson')} and then the frame ends`,
      `${marker('notjson')} plain words`,
      `{"kind": "TranscriptionData", ${marker('badkey')}: 1}`,
      JSON.stringify({ kind: marker('kind'), payload: marker('payload') }),
      JSON.stringify({ kind: 'TranscriptionData', transcriptionData: { text: 42, offset: marker('offset'), resultStatus: marker('status'), participantRawID: 7 } }),
      data(marker('wrongsentiment'), { sentimentAnalysisResult: { sentiment: marker('sentimentlabel') } }),
      JSON.stringify({ kind: 'TranscriptionMetadata', transcriptionMetadata: { callConnectionId: `other-${marker('othercall')}` } }),
      JSON.stringify([marker('array')]),
      Buffer.from(`${marker('binary')} \u0000 not text`),
    ];
    const others: WebSocket[] = [];
    for (const frame of badFrames) {
      const other = await openStream(randomUUID());
      others.push(other);
      await send(other, frame, Buffer.isBuffer(frame));
    }
    await send(stream, Buffer.from(data(marker('binarydata'))), true);
    await waitFor(async () => {
      const rejected = (await health()).ingress.packetsRejected;
      return Object.values(rejected).reduce((sum, count) => (sum ?? 0) + (count ?? 0), 0) === badFrames.length;
    }, 10_000, 'every bad frame is counted');

    const oversize = await openStream(randomUUID());
    const closed = new Promise<number>((resolve) => oversize.once('close', (code) => resolve(code)));
    await send(oversize, data(`${marker('oversize')} ${'x'.repeat(MAX_FRAME_BYTES)}`)).catch(() => undefined);
    expect(await closed).toBe(1009);

    // Webhooks: a wrong Event Grid secret, the right one (a handshake), a forged callback token.
    const wrongSecret = marker('wrongsecret');
    expect((await fetch(`${app.url}/api/acs/incoming-call?secret=${wrongSecret}`, { method: 'POST', body: '[]' })).status).toBe(401);
    const handshake = await fetch(`${app.url}/api/acs/incoming-call?secret=${EVENT_GRID_SECRET}`, {
      method: 'POST',
      body: JSON.stringify([{ id: randomUUID(), eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: marker('validation') }, eventTime: new Date().toISOString(), subject: '', dataVersion: '1' }]),
    });
    expect(handshake.status).toBe(200);
    expect((await fetch(`${app.url}/api/acs/incoming-call?secret=${EVENT_GRID_SECRET}`, { method: 'POST', body: `{${marker('gridbody')}` })).status).toBe(400);
    expect((await fetch(`${app.url}/api/acs/callbacks`, { method: 'POST', headers: { authorization: `Bearer ${marker('forgedtoken')}` }, body: '[]' })).status).toBe(401);

    // Supervisors: a wrong password (and a username that is really a password typed in the wrong field), a forged cookie.
    const login = (username: string, password: string) =>
      fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: app.url }, body: JSON.stringify({ username, password }) });
    expect((await login('sam', marker('password'))).status).toBe(401);
    expect((await login(marker('passwordasusername'), 'x')).status).toBe(401);
    expect((await fetch(`${app.url}/api/calls`, { headers: { cookie: `earshot_session=${marker('cookie')}` } })).status).toBe(401);

    await stream.close();
    for (const other of others) other.close();
    await waitFor(async () => (await health()).ingress.activeStreams === 0, 10_000, 'streams closed');
    await app.close();

    const lines = app.lines();
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((line) => line.includes('rejected transcript packet'))).toHaveLength(badFrames.length);
    const leaks = markers.flatMap((value) => lines.filter((line) => line.includes(value.slice(0, LEAK_PREFIX_LENGTH))).map((line) => `${value}: ${line.slice(0, 300)}`));
    expect(leaks).toEqual([]);
  });
});
