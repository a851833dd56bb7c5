/**
 * Every route of the HTTP API, call control and the ACS webhooks through the real Next route handlers over HTTP
 * (the whole app in a child process with its embedded emulator), with call ids that URLs must escape, bad bodies,
 * oversize bodies and malformed paths.
 */
import path from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callApiPath, callPath } from '../../lib/call-path';
import type { CallHistory, ClientToServerEvents, Result, ServerToClientEvents } from '../../lib/protocol';
import { loadOrCreateDevSigningKey } from '../../server/ingress/dev-signing-key';
import { signAcsToken } from '../../server/replay/replay-recording';
import { dataPacket, metadataPacket, SUPERVISOR } from '../helpers/earshot-harness';
import { endlessPost } from '../helpers/endless-post';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { fitsInHeader, ODD_CALL_IDS, SEED_CALL_ID } from '../helpers/odd-call-ids';
import { waitFor } from '../helpers/wait-for';

const EVENT_GRID_SECRET = 'next-routes-event-grid-secret';
const ACS_ISSUER = 'https://acscallautomation.communication.azure.com';
const EMULATOR_AUDIENCE = 'earshot-emulator';
const MIB = 1024 * 1024;
const CALL_OPERATIONS = [
  ['transcription/start', {}],
  ['transcription/stop', {}],
  ['transcription/update', { locale: 'es-ES' }],
  ['summarize', {}],
  ['hang-up', {}],
] as const;

let server: NextServer;
let cookie: string;

beforeAll(async () => {
  server = await startNextServer({ env: { DEMO_CALLS: '0', EVENT_GRID_SECRET } });
  cookie = await server.login();
}, 600_000);

afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  body: unknown;
  text: string;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

function get(pathname: string, headers: Record<string, string> = { cookie }) {
  return fetch(`${server.url}${pathname}`, { headers, redirect: 'manual' }).then(answer);
}

function post(pathname: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${pathname}`, {
    method: 'POST',
    headers: { cookie, origin: server.url, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(answer);
}

function errorCode(result: Answer) {
  return (result.body as { error?: { code?: string } } | undefined)?.error?.code;
}

async function history(callId: string): Promise<CallHistory | null> {
  const result = await get(callApiPath(callId));
  return result.status === 200 ? (result.body as { data: CallHistory }).data : null;
}

/**
 * Streams a call into the ingress as ACS does, and leaves the stream open (the call stays live) until the returned
 * function closes it. The id goes in the `x-ms-call-connection-id` header when a header can
 * carry it (printable ASCII); otherwise, as with a non-ASCII id, only in the metadata packet.
 */
async function streamCall(callId: string, lines: string[]): Promise<() => Promise<void>> {
  const key = await loadOrCreateDevSigningKey(path.join(server.dataDir, 'dev-signing-key.json'));
  const token = await signAcsToken(key, ACS_ISSUER, EMULATOR_AUDIENCE);
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/transcripts`, {
    headers: { authorization: `Bearer ${token}`, ...(fitsInHeader(callId) ? { 'x-ms-call-connection-id': callId } : {}) },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const send = (packet: unknown) => new Promise<void>((resolve, reject) => socket.send(JSON.stringify(packet), (error) => (error ? reject(error) : resolve())));
  await send(metadataPacket(callId));
  for (const [index, line] of lines.entries()) await send(dataPacket(line, { offsetMs: index * 1000 }));
  await waitFor(async () => (await history(callId))?.segments.length === lines.length, 10_000, `the lines of ${callId}`);
  return () =>
    new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000);
    });
}

/** The `callId` props the server rendered the call view with, read from the page's React Server Components payload. */
function callViewIds(html: string): string[] {
  const flight = [...html.matchAll(/self\.__next_f\.push\(\[1,("(?:[^"\\]|\\.)*")\]\)/g)].map((match) => JSON.parse(match[1] ?? '""') as string).join('');
  // The call view's props: an object that starts with the call id (the supervisor and the like may follow it).
  return [...flight.matchAll(/\{"callId":("(?:[^"\\]|\\.)*")[,}]/g)].map((match) => JSON.parse(match[1] ?? '""') as string);
}

describe('odd call ids through the real route handlers', () => {
  const lineFor = (callId: string) => `This is the call ${ODD_CALL_IDS.indexOf(callId)}.`;
  const streams: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    for (const callId of ODD_CALL_IDS) streams.push(await streamCall(callId, [lineFor(callId)]));
  }, 120_000);

  afterAll(async () => {
    for (const close of streams) await close();
  });

  it('lists every call with its exact id', async () => {
    const list = await get('/api/calls');
    expect(list.status).toBe(200);
    const ids = (list.body as { data: { calls: { callId: string }[] } }).data.calls.map((call) => call.callId);
    for (const callId of ODD_CALL_IDS) expect(ids).toContain(callId);
  });

  it('serves each call’s history at its escaped path, the id decoded exactly once', async () => {
    expect(await get(`/api/calls/65c57654%3Df12c-4975-92a4-21668e61dd98`)).toMatchObject({ status: 200, body: { ok: true, data: { call: { callId: SEED_CALL_ID } } } });
    for (const callId of ODD_CALL_IDS) {
      const result = await get(callApiPath(callId));
      expect(result.status, callId).toBe(200);
      const data = (result.body as { data: CallHistory }).data;
      expect(data.call.callId).toBe(callId);
      expect(data.segments.map((segment) => segment.text)).toEqual([lineFor(callId)]);
    }
  });

  it('renders each call’s page for its exact id (the page decodes its still-encoded param)', async () => {
    for (const callId of ODD_CALL_IDS) {
      const page = await get(callPath(callId));
      expect(page.status, callId).toBe(200);
      expect(page.text).not.toContain('Call not found');
      expect(callViewIds(page.text), callId).toEqual([callId]);
    }
  });

  it('runs every call operation on the call its path names', async () => {
    for (const callId of ODD_CALL_IDS) {
      // The call is live and transcribing, so Earshot refuses to start it again itself...
      expect(await post(callApiPath(callId, 'transcription/start'), {}), callId).toMatchObject({ status: 409, body: { ok: false, error: { code: 'invalid_state' } } });
      // ...and sends the rest to ACS, which does not know a call that was only streamed in, and says so.
      for (const [operation, body] of CALL_OPERATIONS.filter(([operation]) => operation !== 'transcription/start')) {
        const result = await post(callApiPath(callId, operation), body);
        expect(result.status, `${operation} ${callId}`).toBe(404);
        expect(errorCode(result), `${operation} ${callId}`).not.toBe('not_found');
      }
      const audit = (await history(callId))?.audit ?? [];
      expect(audit.every((entry) => entry.callId === callId)).toBe(true);
      expect(audit.filter((entry) => entry.outcome === 'failed').map((entry) => entry.action)).toEqual(['stop-transcription', 'update-transcription', 'summarize', 'hang-up']);
    }
  });

  it('opens and closes each call over socket.io with its exact id', async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(server.url, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const open = (callId: string) => new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq: 0 }, resolve));
      for (const callId of ODD_CALL_IDS) {
        const opened = await open(callId);
        expect(opened.ok && opened.data.call.callId, callId).toBe(callId);
        socket.emit('call:close', { callId });
      }
      expect(await open(`unknown ${SEED_CALL_ID}`)).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await open('x'.repeat(257))).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    } finally {
      socket.disconnect();
    }
  });

  it('answers 404 not_found for unknown calls on every route', async () => {
    for (const known of ODD_CALL_IDS.slice(0, 4)) {
      const callId = `unknown ${known}`;
      expect(await get(callApiPath(callId))).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
      for (const [operation, body] of CALL_OPERATIONS) {
        expect(await post(callApiPath(callId, operation), body), `${operation} ${callId}`).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
      }
    }
  });

  it('answers 400 invalid_request for an id longer than 256 characters', async () => {
    const callId = 'x'.repeat(257);
    expect(await get(callApiPath(callId))).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    for (const [operation, body] of CALL_OPERATIONS) {
      expect(await post(callApiPath(callId, operation), body)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    }
    const page = await get(callPath(callId));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Call not found');
  });

  it('answers 400, never 500, for a path with a malformed escape', async () => {
    for (const pathname of ['/api/calls/x%E0%A4%A', '/api/calls/%zz', '/api/calls/100%']) {
      expect(await get(pathname), pathname).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    }
    for (const [operation, body] of CALL_OPERATIONS) {
      expect(await post(`/api/calls/x%E0%A4%A/${operation}`, body)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    }
    const page = await get('/calls/x%E0%A4%A');
    expect(page.status).toBe(400);
    expect(page.text).toContain('This address is not valid');
    // The auth gate still comes first.
    expect((await get('/api/calls/x%E0%A4%A', {})).status).toBe(401);
  });
});

describe('call control through the real route handlers', () => {
  const streamed = 'control a+b/c';
  let closeStream: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    closeStream = await streamCall(streamed, ['Hello there.']);
  }, 60_000);

  afterAll(() => closeStream());

  it('answers 400 invalid_request for bad bodies', async () => {
    for (const [operation] of CALL_OPERATIONS) {
      expect(await post(callApiPath(streamed, operation), '{not json'), operation).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
      expect(await post(callApiPath(streamed, operation), '[1, 2]'), operation).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    }
    expect(await post(callApiPath(streamed, 'transcription/update'), {})).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await post(callApiPath(streamed, 'transcription/start'), { locale: 5 })).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await post(callApiPath(streamed, 'hang-up'), { forEveryone: 'yes' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await post('/api/calls', {})).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    expect(await post('/api/calls', { target: { kind: 'phoneNumber', phoneNumber: 'not a number' } })).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await post('/api/calls', '{')).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await post('/api/calls/connect', { locator: { kind: 'nowhere', id: 'x' } })).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await post('/api/calls/ringing/no%20such%2Fcall/answer', {})).toMatchObject({ status: 410, body: { ok: false, error: { code: 'not_ringing' } } });
  });

  it('places a call, then stops, starts and switches its transcription, summarizes and hangs up, each accepted by ACS', async () => {
    const placed = await post('/api/calls', { target: { kind: 'phoneNumber', phoneNumber: '+14255550123' } });
    expect(placed).toMatchObject({ status: 201, body: { ok: true, data: { callId: expect.any(String), operationContext: expect.any(String) } } });
    const callId = (placed.body as { data: { callId: string } }).data.callId;
    const call = async () => (await history(callId))?.call;
    // Each step waits for ACS's confirming callback (nothing pending any more) before the next.
    const settled = async (check: (detail: CallHistory['call']) => boolean) => {
      const detail = await call();
      return detail !== undefined && detail.pending.length === 0 && check(detail);
    };
    await waitFor(() => settled((detail) => detail.state === 'connected' && detail.transcription === 'active'), 20_000, 'the placed call connects and transcribes');

    expect(await post(callApiPath(callId, 'transcription/stop'), {})).toMatchObject({ status: 202, body: { ok: true, data: { callId } } });
    await waitFor(() => settled((detail) => detail.transcription === 'stopped'), 10_000, 'TranscriptionStopped');
    expect(await post(callApiPath(callId, 'transcription/stop'), {})).toMatchObject({ status: 409, body: { ok: false, error: { code: 'invalid_state' } } });
    expect(await post(callApiPath(callId, 'transcription/start'), { locale: 'en-US' })).toMatchObject({ status: 202, body: { ok: true } });
    await waitFor(() => settled((detail) => detail.transcription === 'active'), 10_000, 'TranscriptionStarted');
    expect(await post(callApiPath(callId, 'transcription/update'), { locale: 'es-ES' })).toMatchObject({ status: 202, body: { ok: true } });
    await waitFor(() => settled((detail) => detail.locale === 'es-ES'), 10_000, 'TranscriptionUpdated');
    // ACS summarizes what was said: wait for a line first.
    await waitFor(async () => ((await call())?.lastSeq ?? 0) >= 1, 30_000, 'a final line');
    expect(await post(callApiPath(callId, 'summarize'), {})).toMatchObject({ status: 202, body: { ok: true } });
    await waitFor(async () => ((await history(callId))?.summaries.length ?? 0) > 0, 10_000, 'the summary');
    expect((await history(callId))?.audit.filter((entry) => entry.outcome === 'confirmed').map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['place-call', 'stop-transcription', 'start-transcription', 'update-transcription', 'summarize']),
    );
    expect(await post(callApiPath(callId, 'hang-up'), { forEveryone: true })).toMatchObject({ status: 202, body: { ok: true } });
    await waitFor(async () => (await call())?.state === 'disconnected', 10_000, 'CallDisconnected');
  });

  it('connects to a room and hangs up', async () => {
    const connected = await post('/api/calls/connect', { locator: { kind: 'roomCallLocator', id: 'room 1/2' } });
    expect(connected).toMatchObject({ status: 201, body: { ok: true, data: { callId: expect.any(String) } } });
    const callId = (connected.body as { data: { callId: string } }).data.callId;
    await waitFor(async () => (await history(callId))?.call.state === 'connected', 10_000, 'the room call connects');
    expect(await post(callApiPath(callId, 'hang-up'), {})).toMatchObject({ status: 202, body: { ok: true } });
  });
});

describe('session routes through Next', () => {
  it('tells who is logged in, refuses without a session, and logs out', async () => {
    expect(await get('/api/session')).toMatchObject({ status: 200, body: { ok: true, data: { username: SUPERVISOR.username } } });
    expect(await get('/api/session', {})).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
    expect(await get('/api/calls', {})).toMatchObject({ status: 401 });
    const other = await server.login();
    expect(await post('/api/auth/logout', {}, { cookie: other })).toMatchObject({ status: 200, body: { ok: true } });
    expect(await get('/api/session', { cookie: other })).toMatchObject({ status: 401 });
    expect(await post('/api/auth/login', { username: SUPERVISOR.username })).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await post('/api/auth/login', '{')).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await post('/api/auth/login', { username: SUPERVISOR.username, password: 'wrong password' })).toMatchObject({ status: 401, body: { error: { code: 'invalid_credentials' } } });
  });
});

describe('alert routes through Next', () => {
  it('serves an alert’s webhook delivery log to supervisors only, with odd ids escaped', async () => {
    for (const alertId of ['no-such-alert', 'a+b/c d%']) {
      expect(await get(`/api/alerts/${encodeURIComponent(alertId)}/deliveries`)).toMatchObject({ status: 200, body: { ok: true, data: [] } });
    }
    expect(await get('/api/alerts/x/deliveries', {})).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
    expect(await get(`/api/alerts/${'x'.repeat(257)}/deliveries`)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    expect(await get('/api/alerts/a%00b/deliveries')).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
  });
});

describe('triage routes through Next', () => {
  const send = (method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${pathname}`, { method, headers: { cookie, origin: server.url, 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then(answer);
  const rule = { name: 'Odd ids', severity: 'info', when: { kind: 'phrases', phrases: ['odd'] } };

  it('serves every rules and alerts route with the Result envelope', async () => {
    expect(await get('/api/rules')).toMatchObject({ status: 200, body: { ok: true, data: { rules: expect.any(Array) } } });
    const created = await send('POST', '/api/rules', rule);
    expect(created).toMatchObject({ status: 201, body: { ok: true, data: { id: expect.any(String) } } });
    const id = (created.body as { data: { id: string } }).data.id;
    expect(await get(`/api/rules/${id}`)).toMatchObject({ status: 200, body: { ok: true, data: { id } } });
    expect(await send('PUT', `/api/rules/${id}`, { ...rule, enabled: false })).toMatchObject({ status: 200, body: { ok: true, data: { id, enabled: false } } });
    expect(await send('POST', '/api/rules/test', { rule, callId: 'control a+b/c' })).toMatchObject({ status: 200, body: { ok: true, data: { hits: [] } } });
    expect(await send('DELETE', `/api/rules/${id}`)).toMatchObject({ status: 200, body: { ok: true, data: { id } } });
    expect(await get('/api/alerts?state=all')).toMatchObject({ status: 200, body: { ok: true, data: { alerts: expect.any(Array) } } });
    expect(await send('POST', '/api/alerts/unknown%20alert/ack')).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
  });

  it('answers 400 for ids no rule or alert can have and for malformed escapes, 401 without a session', async () => {
    expect(await get(`/api/rules/${'x'.repeat(257)}`)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    expect(await send('POST', `/api/alerts/${'x'.repeat(257)}/ack`)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    for (const pathname of ['/api/rules/%zz', '/api/rules/x%E0%A4%A', '/api/alerts/%zz/ack']) {
      expect(await send(pathname.endsWith('/ack') ? 'POST' : 'GET', pathname), pathname).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request' } } });
    }
    expect(await get('/api/rules', {})).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
    expect(await get('/api/alerts', {})).toMatchObject({ status: 401 });
  });
});

describe('ACS webhooks through Next', () => {
  const handshake = [
    {
      id: 'validation-1',
      topic: '/subscriptions/x',
      subject: '',
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      eventTime: new Date().toISOString(),
      data: { validationCode: 'code-1234', validationUrl: 'https://example.invalid/validate' },
      dataVersion: '2',
      metadataVersion: '1',
    },
  ];

  it('refuses a callback with a bad or missing token', async () => {
    expect(await post('/api/acs/callbacks', [], { authorization: 'Bearer not-a-jwt', cookie: '' })).toMatchObject({ status: 401 });
    expect(await post('/api/acs/callbacks', [], { cookie: '' })).toMatchObject({ status: 401 });
  });

  it('refuses Event Grid with a wrong or missing secret, and answers the validation handshake', async () => {
    expect(await post('/api/acs/incoming-call?secret=wrong-secret-value', handshake, { cookie: '' })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await post('/api/acs/incoming-call', handshake, { cookie: '' })).toMatchObject({ status: 401 });
    expect(await post(`/api/acs/incoming-call?secret=${EVENT_GRID_SECRET}`, handshake, { cookie: '' })).toMatchObject({ status: 200, body: { validationResponse: 'code-1234' } });
  });
});

describe('body size caps in production', () => {
  const neverEndingPost = (pathname: string, bytes: number) => endlessPost(`${server.url}${pathname}`, { cookie, origin: server.url }, bytes);

  it('answers 413 too_large for a webhook body over 1 MiB, declared or streamed', async () => {
    const big = `[${' '.repeat(MIB)}]`;
    expect(await post(`/api/acs/incoming-call?secret=${EVENT_GRID_SECRET}`, big, { cookie: '' })).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
    expect(await post('/api/acs/callbacks', big, { cookie: '' })).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
    expect(await neverEndingPost(`/api/acs/incoming-call?secret=${EVENT_GRID_SECRET}`, MIB + 128 * 1024)).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
    // Just under the cap is read and handled.
    const fits = JSON.stringify(handshakeWithPadding(MIB - 1024));
    expect(await post(`/api/acs/incoming-call?secret=${EVENT_GRID_SECRET}`, fits, { cookie: '' })).toMatchObject({ status: 200 });
  });

  it('answers 413 too_large for a supervisor body over 64 KiB, declared or streamed', async () => {
    const big = JSON.stringify({ operationContext: 'x'.repeat(64 * 1024) });
    expect(await post('/api/calls', big)).toMatchObject({ status: 413, body: { ok: false, error: { code: 'too_large' } } });
    expect(await post(callApiPath('any call', 'summarize'), big)).toMatchObject({ status: 413, body: { ok: false, error: { code: 'too_large' } } });
    expect(await post('/api/auth/login', JSON.stringify({ username: 'x'.repeat(64 * 1024), password: 'y' }))).toMatchObject({ status: 413, body: { ok: false, error: { code: 'too_large' } } });
    expect(await neverEndingPost(callApiPath('any call', 'hang-up'), 128 * 1024)).toMatchObject({ status: 413, body: { ok: false, error: { code: 'too_large' } } });
  });

  it('stays up and serves afterwards', async () => {
    expect(server.process.exitCode).toBeNull();
    expect(await get('/api/health', {})).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await get('/api/calls')).toMatchObject({ status: 200, body: { ok: true } });
  });
});

function handshakeWithPadding(bytes: number) {
  return [
    {
      id: 'validation-2',
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      data: { validationCode: 'code-5678', padding: 'p'.repeat(bytes) },
    },
  ];
}
