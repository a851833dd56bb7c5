/**
 * Fuzzes what a logged-in browser (or anyone holding a session) can send over socket.io: `call:open`,
 * `call:close`, `calls:watch`, `calls:unwatch`, `alerts:watch`, `alerts:unwatch` and unknown events, with any payload and any number of arguments.
 * Every acknowledgement is a `Result` envelope with a documented code, and the socket stays connected and usable.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CallOpenRequestSchema, type Result } from '../../lib/protocol';
import type { EarshotServer } from '../../server/create-app';
import { anyText } from '../helpers/acs-arbitraries';
import { connectSupervisor, dataPacket, metadataPacket, openAcsStream, startEarshot, startTestAcs, tempDatabasePath, type SupervisorSocket, type TestAcs } from '../helpers/earshot-harness';
import { fuzzParameters } from '../helpers/fuzz';
import { applyMutations, mutationArbitrary, nastyValues, toJsonText } from '../helpers/json-mutations';
import { schemaKeys } from '../helpers/schema-keys';
import { waitFor } from '../helpers/wait-for';

const CALL_ID = 'fuzz-call-1';
/** socket.io-client's encoder walks a value recursively: nesting much deeper than this overflows the test's own stack. */
const socketValue = nastyValues({ maxNesting: 1_000 });
const OPEN_CODES = ['invalid_request', 'not_found', 'too_many_calls', 'rate_limited'];

let acs: TestAcs;
let server: EarshotServer;
let sockets: SupervisorSocket[] = [];

beforeAll(async () => {
  acs = await startTestAcs();
  // The request rate out of the way, so every run reaches the handlers (socket-bounds.test.ts covers the limit).
  server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, socketLimits: { requestBurst: 100_000, requestsPerSecond: 100_000 } });
  const stream = await openAcsStream(server, await acs.sign(), { 'x-ms-call-connection-id': CALL_ID });
  await stream.send(metadataPacket(CALL_ID));
  for (const [index, text] of ['Hello.', 'Hi, how can I help?', 'My card was charged twice.'].entries()) await stream.send(dataPacket(text, { offsetMs: index * 1000 }));
  await waitFor(async () => (await server.calls.history(CALL_ID, 0))?.segments.length === 3, 10_000, 'the call’s lines');
  await stream.close();
  sockets = await Promise.all([connectSupervisor(server), connectSupervisor(server)]);
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.close();
  await acs?.close();
});

/** Payloads a client can put on the wire: JSON, binary, nothing, valid requests and broken ones. */
const validOpen = fc.record({ callId: fc.oneof(fc.constant(CALL_ID), fc.uuid(), anyText, fc.constant('x'.repeat(257))), afterSeq: fc.oneof(fc.nat({ max: 5 }), fc.integer(), fc.double()) }, { requiredKeys: ['callId'] });
const payload: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(validOpen, fc.array(mutationArbitrary(schemaKeys(CallOpenRequestSchema), socketValue), { maxLength: 3 })).map(([value, mutations]) => applyMutations(value, mutations)) },
  { weight: 1, arbitrary: validOpen },
  { weight: 1, arbitrary: socketValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 0, '', [], { callId: CALL_ID, afterSeq: 0, extra: { deep: [1, 2, 3] } }) },
);
/** Zero to three payload arguments before the acknowledgement callback. */
const payloads = fc.array(payload, { maxLength: 3 });

/** socket.io sends values, not JSON text: RawJson literals become what JSON.parse makes of them (`1e400` → Infinity). */
function plain(value: unknown): unknown {
  if (value === undefined || Buffer.isBuffer(value)) return value;
  return JSON.parse(toJsonText(value));
}

function emitWithAck(socket: SupervisorSocket, event: string, args: unknown[]): Promise<unknown> {
  const untyped = socket as unknown as { timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } };
  return untyped.timeout(5_000).emitWithAck(event, ...args);
}

function emit(socket: SupervisorSocket, event: string, args: unknown[]) {
  (socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit(event, ...args);
}

function expectEnvelope(result: unknown, codes: readonly string[], what: string) {
  const context = `${what} → ${JSON.stringify(result)?.slice(0, 300)}`;
  expect(result, context).toMatchObject({ ok: expect.any(Boolean) });
  const envelope = result as Result<unknown>;
  if (envelope.ok) expect(envelope.data, context).toBeDefined();
  else {
    expect(envelope, context).toEqual({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
    expect(codes, context).toContain(envelope.error.code);
  }
  return envelope;
}

/** Usable afterwards: connected, and a valid `call:open` still gets the call's history. */
async function expectUsable(socket: SupervisorSocket) {
  expect(socket.connected).toBe(true);
  const history = await emitWithAck(socket, 'call:open', [{ callId: CALL_ID, afterSeq: 0 }]);
  expect(history).toMatchObject({ ok: true, data: { call: { callId: CALL_ID }, segments: [{ seq: 1 }, { seq: 2 }, { seq: 3 }] } });
}

describe('socket.io events, fuzzed', () => {
  it('call:open answers any payload, with any number of arguments, with a Result envelope', async () => {
    await fc.assert(
      fc.asyncProperty(payloads.map((args) => args.map(plain)), fc.nat(1), async (args, which) => {
        const socket = sockets[which] ?? sockets[0];
        if (!socket) throw new Error('no socket');
        const result = expectEnvelope(await emitWithAck(socket, 'call:open', args), OPEN_CODES, `call:open ${JSON.stringify(args)?.slice(0, 200)}`);
        if (result.ok) expect(result.data).toMatchObject({ call: { callId: CALL_ID } });
        expect(socket.connected).toBe(true);
      }),
      fuzzParameters(300),
    );
    for (const socket of sockets) await expectUsable(socket);
  });

  it('calls:watch answers any payload with a Result envelope; call:close, calls:unwatch and unknown events take anything', async () => {
    const event = fc.constantFrom('call:close', 'calls:unwatch', 'calls:unknown', 'constructor', '__proto__', 'call:open ', 'error');
    await fc.assert(
      fc.asyncProperty(payloads.map((args) => args.map(plain)), event, fc.boolean(), async (args, name, withAck) => {
        const socket = sockets[0];
        if (!socket) throw new Error('no socket');
        // A callback on an event that answers none must not hang the server: send it without waiting.
        emit(socket, name, withAck ? [...args, () => undefined] : args);
        expectEnvelope(await emitWithAck(socket, 'calls:watch', args), ['rate_limited'], `calls:watch ${JSON.stringify(args)?.slice(0, 200)}`);
        expect(socket.connected).toBe(true);
      }),
      fuzzParameters(150),
    );
    for (const socket of sockets) await expectUsable(socket);
  });
});

describe('alert feed events, fuzzed', () => {
  it('alerts:watch answers any payload with a Result envelope of open alerts; alerts:unwatch takes anything', async () => {
    await fc.assert(
      fc.asyncProperty(payloads.map((args) => args.map(plain)), fc.boolean(), async (args, withAck) => {
        const socket = sockets[1];
        if (!socket) throw new Error('no socket');
        emit(socket, 'alerts:unwatch', withAck ? [...args, () => undefined] : args);
        const result = expectEnvelope(await emitWithAck(socket, 'alerts:watch', args), ['rate_limited'], `alerts:watch ${JSON.stringify(args)?.slice(0, 200)}`);
        if (result.ok) expect(result.data).toEqual({ alerts: expect.any(Array) });
        expect(socket.connected).toBe(true);
      }),
      fuzzParameters(150),
    );
    for (const socket of sockets) await expectUsable(socket);
  });
});

describe('socket.io events: what the fuzzer found', () => {
  it('answers call:open sent with no request, or calls:watch sent with one, instead of leaving the client waiting', async () => {
    const socket = sockets[0];
    if (!socket) throw new Error('no socket');
    expect(await emitWithAck(socket, 'call:open', [])).toEqual({ ok: false, error: { code: 'invalid_request', message: expect.any(String) } });
    expect(await emitWithAck(socket, 'call:open', [{ callId: CALL_ID }, 'extra'])).toMatchObject({ ok: true, data: { call: { callId: CALL_ID } } });
    expect(await emitWithAck(socket, 'calls:watch', [{ unexpected: true }])).toMatchObject({ ok: true, data: { calls: expect.any(Array) } });
  });

  it('answers a request nested 20,000 levels deep, written straight to the wire (a browser cannot even encode it)', async () => {
    const cookie = (sockets[0]?.io.opts.extraHeaders as Record<string, string> | undefined)?.cookie ?? '';
    const raw = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers: { cookie } });
    const frames: string[] = [];
    raw.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
    await new Promise<void>((resolve, reject) => {
      raw.once('open', () => resolve());
      raw.once('error', reject);
    });
    await waitFor(() => frames.some((frame) => frame.startsWith('0{')), 5_000, 'the engine.io handshake');
    raw.send('40');
    await waitFor(() => frames.some((frame) => frame.startsWith('40{')), 5_000, 'the namespace connect');
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    raw.send(`421["call:open",${deep}]`);
    const ack = await waitFor(() => frames.find((frame) => frame.startsWith('431[')), 5_000, 'the acknowledgement');
    expect(JSON.parse(ack.slice(3))).toEqual([{ ok: false, error: { code: 'invalid_request', message: expect.any(String) } }]);
    raw.close();
    await expectUsable(sockets[0] as SupervisorSocket);
  });
});
