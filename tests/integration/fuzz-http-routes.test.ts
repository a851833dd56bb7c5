/**
 * Fuzzes every zod-validated route body and query of the HTTP API through the real Next route handlers (the whole
 * app in a child process, embedded emulator): arbitrary strings, arbitrary JSON, and valid bodies broken a little.
 * Every answer must be a documented status with a JSON body (`Result` for supervisor routes), never a 500, and the
 * server must still be healthy afterwards.
 */
import fs from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApiPath } from '../../lib/call-path';
import {
  ANNOTATION_KINDS,
  AnnotationInputSchema,
  AnswerCallRequestSchema,
  COMMON_LOCALES,
  ConnectCallRequestSchema,
  HangUpRequestSchema,
  LoginRequestSchema,
  PlaceCallRequestSchema,
  StartTranscriptionRequestSchema,
  StopTranscriptionRequestSchema,
  SummarizeRequestSchema,
  UpdateTranscriptionRequestSchema,
} from '../../lib/protocol';
import { ALERT_SEVERITIES, AlertListQuerySchema, RULE_SPEAKERS, RuleInputSchema, RuleTestRequestSchema, WEBHOOK_FORMATS } from '../../lib/rules';
import { CallbackEventDataSchema, CloudEventSchema, EventGridEventSchema, IncomingCallDataSchema } from '../../server/acs/callback-events';
import { loadOrCreateDevSigningKey } from '../../server/ingress/dev-signing-key';
import { signAcsToken } from '../../server/replay/replay-recording';
import { anyText, cloudEventBatch, eventGridBatch } from '../helpers/acs-arbitraries';
import { SUPERVISOR } from '../helpers/earshot-harness';
import { fuzzParameters } from '../helpers/fuzz';
import { mutatedJson, mutatedText } from '../helpers/json-mutations';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { schemaKeys } from '../helpers/schema-keys';

const EVENT_GRID_SECRET = 'fuzz-event-grid-secret';
const ACS_ISSUER = 'https://acscallautomation.communication.azure.com';
const EMULATOR_AUDIENCE = 'earshot-emulator';
/** Login passwords all carry this, so the test can check that none reached a log line. */
const PASSWORD_CANARY = 'pw-canary-';

let app: NextServer;
let cookie: string;
let acsToken: string;
/** Live calls the per-call operations act on (each says one line, then holds for ten minutes). */
const liveCalls: string[] = [];
const keepAlive = new Agent({ keepAlive: true, maxSockets: 4 });

beforeAll(async () => {
  const scenarioDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-fuzz-scenarios-'));
  fs.writeFileSync(
    path.join(scenarioDir, 'one-line-then-hold.json'),
    JSON.stringify({
      id: 'one-line-then-hold',
      title: 'One line, then a long hold',
      description: 'Keeps a call connected through a fuzz run with almost no transcript traffic.',
      locale: 'en-US',
      participants: { customer: { rawId: '4:+14255550142', displayName: 'Fuzz Caller', role: 'customer' } },
      turns: [{ speaker: 'customer', text: 'Hello, is anyone there?', pauseBeforeMs: 200 }, { hold: 600_000 }],
    }),
  );
  app = await startNextServer({ env: { EVENT_GRID_SECRET, EMULATOR_SCENARIO_DIR: scenarioDir } });
  cookie = await app.login();
  acsToken = await signAcsToken(await loadOrCreateDevSigningKey(path.join(app.dataDir, 'dev-signing-key.json')), ACS_ISSUER, EMULATOR_AUDIENCE);
  for (let index = 0; index < 3; index += 1) {
    const placed = await send('POST', '/api/calls', { body: JSON.stringify({ target: { kind: 'phoneNumber', phoneNumber: `+1425555017${index}` } }) });
    expect(placed.status).toBe(201);
    liveCalls.push((placed.body as { data: { callId: string } }).data.callId);
  }
}, 600_000);

afterAll(async () => {
  keepAlive.destroy();
  await app?.close();
});

interface Reply {
  status: number;
  contentType: string;
  text: string;
  body: unknown;
}

/** One request over a plain socket (nothing rewrites the path or body); `localAddress` picks the client's address. */
function send(method: string, pathname: string, options: { body?: string; headers?: Record<string, string>; localAddress?: string } = {}): Promise<Reply> {
  const url = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: pathname,
        method,
        agent: options.localAddress ? false : keepAlive,
        localAddress: options.localAddress,
        headers: { origin: app.url, cookie, 'content-type': 'application/json', ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A documented status, JSON, and the `Result` envelope: `{ ok: true, data }` or `{ ok: false, error: { code, message } }`. */
function expectResult(reply: Reply, allowed: readonly number[], what: string) {
  const context = `${what} → ${reply.status} ${reply.text.slice(0, 300)}`;
  expect(reply.status, context).not.toBe(500);
  expect(allowed, context).toContain(reply.status);
  expect(reply.contentType, context).toMatch(/^application\/json/);
  if (reply.status < 300) expect(reply.body, context).toMatchObject({ ok: true, data: expect.anything() });
  else {
    // A validated body's refusal may list its problems by field (`error.fields`), for forms.
    const fields = (reply.body as { error?: { fields?: unknown } } | undefined)?.error?.fields;
    expect(reply.body, context).toEqual({ ok: false, error: { code: expect.any(String), message: expect.any(String), ...(fields === undefined ? {} : { fields: expect.any(Array) }) } });
    for (const field of Array.isArray(fields) ? fields : []) expect(field, context).toEqual({ path: expect.any(String), message: expect.any(String) });
  }
}

/** The webhooks answer ACS in its own shapes: any JSON on success, `{ error: { code, message } }` otherwise. */
function expectWebhookAnswer(reply: Reply, allowed: readonly number[], what: string) {
  const context = `${what} → ${reply.status} ${reply.text.slice(0, 300)}`;
  expect(reply.status, context).not.toBe(500);
  expect(allowed, context).toContain(reply.status);
  expect(reply.contentType, context).toMatch(/^application\/json/);
  if (reply.status < 300) expect(typeof reply.body, context).toBe('object');
  else expect(reply.body, context).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
}

/* ------------------------------------------------------------------ bodies */

const locale = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...COMMON_LOCALES) }, { weight: 1, arbitrary: fc.constantFrom('zz-ZZ', 'en-XX', 'tlh-QO') });
const operationContext = fc.string({ minLength: 1, maxLength: 60 });
const transcription = fc.record(
  {
    locale,
    locales: fc.array(locale, { maxLength: 4 }),
    sentimentAnalysis: fc.boolean(),
    piiRedaction: fc.boolean(),
    intermediateResults: fc.boolean(),
    endCallSummary: fc.boolean(),
    startImmediately: fc.boolean(),
    speechModelEndpointId: fc.string({ minLength: 1, maxLength: 40 }),
  },
  { requiredKeys: [] },
);
const phoneNumber = fc.integer({ min: 1_000_000, max: 9_999_999 }).map((digits) => `+1425${digits}`);

/** Alert rules of every kind, with phrases in several scripts, RE2 patterns (some refused) and webhooks. */
const ruleCount = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0, -1, 1.5, 1e9));
const phrase = fc.oneof(fc.constantFrom('cancel', 'cancelación', 'speak to a supervisor', 'रद्द करें', 'queja', '  ', 'a'.repeat(201)), fc.string({ minLength: 1, maxLength: 30 }));
const ruleCondition = fc.oneof(
  fc.record(
    {
      kind: fc.constant('phrases'),
      phrases: fc.array(phrase, { maxLength: 5 }),
      regex: fc.oneof(fc.constantFrom('cancel(led|lation)?', '(a+)+$', '(a)\\1', 'x(?=y)', '[', '\\pL+', '(?i)refund'), fc.string({ maxLength: 40 })),
      speaker: fc.constantFrom(...RULE_SPEAKERS),
    },
    { requiredKeys: ['kind'] },
  ),
  fc.record({ kind: fc.constant('negativeStreak'), count: ruleCount, speaker: fc.constantFrom(...RULE_SPEAKERS) }, { requiredKeys: ['kind', 'count'] }),
  fc.record({ kind: fc.constant('rollingSentiment'), below: fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constantFrom(-2, 2)) }),
  fc.record({ kind: fc.constant('silence'), seconds: ruleCount }),
  fc.record({ kind: fc.constant('piiSpoken'), count: ruleCount }),
  fc.record({ kind: fc.constant('languageMismatch'), lines: ruleCount }),
  fc.record({ kind: fc.constant('longCall'), minutes: ruleCount }),
  fc.record({ kind: fc.constant('transcriptionFailed') }),
);
const ruleInput = fc.record(
  {
    name: fc.oneof(fc.constantFrom('Cancel intent', 'Silence', 'x'.repeat(81)), fc.string({ maxLength: 20 })),
    severity: fc.constantFrom(...ALERT_SEVERITIES),
    enabled: fc.boolean(),
    cooldownSeconds: fc.oneof(fc.nat({ max: 86_400 }), fc.constantFrom(-1, 86_401, 0.5)),
    when: ruleCondition,
    webhooks: fc.array(fc.oneof(fc.constantFrom('https://hooks.example/a', 'ftp://nope', 'not a url'), fc.record({ url: fc.constantFrom('https://hooks.slack.example/x', 'http://127.0.0.1:9/'), format: fc.constantFrom(...WEBHOOK_FORMATS) })), { maxLength: 6 }),
  },
  { requiredKeys: ['name', 'severity', 'when'] },
);

const VALID: Record<string, fc.Arbitrary<unknown>> = {
  place: fc.record(
    {
      target: fc.oneof(fc.record({ kind: fc.constant('phoneNumber'), phoneNumber }), fc.record({ kind: fc.constant('communicationUser'), communicationUserId: fc.constantFrom('8:acs:res_user-1', '8:acs:fuzz') })),
      sourcePhoneNumber: phoneNumber,
      transcription,
      operationContext,
    },
    { requiredKeys: ['target'] },
  ),
  connect: fc.record(
    { locator: fc.record({ kind: fc.constantFrom('roomCallLocator', 'serverCallLocator', 'groupCallLocator'), id: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 80 })) }), transcription, operationContext },
    { requiredKeys: ['locator'] },
  ),
  start: fc.record({ locale, speechModelEndpointId: fc.string({ minLength: 1, maxLength: 40 }), operationContext }, { requiredKeys: [] }),
  stop: fc.record({ operationContext }, { requiredKeys: [] }),
  update: fc.record({ locale, speechModelEndpointId: fc.string({ minLength: 1, maxLength: 40 }), operationContext }, { requiredKeys: ['locale'] }),
  summarize: fc.record({ locale, operationContext }, { requiredKeys: [] }),
  hangUp: fc.record({ forEveryone: fc.boolean(), operationContext }, { requiredKeys: [] }),
  answer: fc.record({ transcription, operationContext }, { requiredKeys: [] }),
  rule: ruleInput,
  ruleTest: fc.record({ rule: ruleInput, callId: fc.oneof(fc.constantFrom(0, 1, 2).map((index) => liveCalls[index] ?? 'missing'), fc.uuid(), fc.constant('x'.repeat(257))) }, { requiredKeys: ['rule', 'callId'] }),
};

/** What a client could send a JSON route:/** What a client could send a JSON route: nothing, junk, any JSON, a valid body, a broken valid body, too much. */
function bodies(valid: fc.Arbitrary<unknown>, keys: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: mutatedJson(valid, keys) },
    { weight: 6, arbitrary: valid.map((body) => JSON.stringify(body)) },
    { weight: 4, arbitrary: mutatedText(valid.map((body) => JSON.stringify(body))) },
    { weight: 4, arbitrary: fc.oneof(fc.json(), fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('', ' ', 'null', '[]', '{}', '"x"', '{"__proto__":{"locale":"en-US"}}')) },
    { weight: 1, arbitrary: fc.constant('{"operationContext":"' + 'x'.repeat(70 * 1024) + '"}') },
  );
}

/**
 * Call ids as a URL segment: the live calls, unknown ones, any text escaped, too long, malformed escapes. Not `.`
 * or `..`, escaped or not: URL parsers resolve them as dot segments, so they name another path, not a call id
 * (lib/call-path.ts).
 */
const callSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 1, 2).map((index) => encodeURIComponent(liveCalls[index] ?? 'missing')) },
  { weight: 2, arbitrary: fc.oneof(fc.uuid(), anyText.filter((id) => id.length > 0), fc.constant('x'.repeat(257))).filter((id) => id !== '.' && id !== '..').map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.constantFrom('%zz', '%E0%A4%A', 'a%', '%00', '%2F', '%2e%2e%2e') },
);

/* ------------------------------------------------------------------ routes */

const CONTROL_ERRORS = [400, 404, 409, 413, 502, 503, 504];

describe('HTTP API bodies, fuzzed through the real route handlers', () => {
  it('POST /api/auth/login', async () => {
    const valid = fc.record({
      username: fc.oneof(fc.constant(SUPERVISOR.username), fc.string({ minLength: 1, maxLength: 20 })),
      password: fc.oneof({ weight: 1, arbitrary: fc.constant(SUPERVISOR.password) }, { weight: 3, arbitrary: fc.string({ maxLength: 30 }).map((tail) => PASSWORD_CANARY + tail) }),
    });
    let client = 0;
    await fc.assert(
      fc.asyncProperty(bodies(valid, schemaKeys(LoginRequestSchema)), async (body) => {
        // A new client address for each try, so the login limits (per address) stay out of the way.
        client += 1;
        const localAddress = `127.77.${Math.floor(client / 250) % 250}.${(client % 250) + 1}`;
        const reply = await send('POST', '/api/auth/login', { body, localAddress, headers: { cookie: '' } });
        expectResult(reply, [200, 400, 401, 413, 429], `login ${body.slice(0, 200)}`);
      }),
      fuzzParameters(100),
    );
    expect(app.lines().filter((line) => line.includes(PASSWORD_CANARY))).toEqual([]);
  });

  it('POST /api/calls (place a call)', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(VALID.place ?? fc.constant({}), schemaKeys(PlaceCallRequestSchema)), async (body) => {
        expectResult(await send('POST', '/api/calls', { body }), [201, ...CONTROL_ERRORS], `place ${body.slice(0, 200)}`);
      }),
      fuzzParameters(100),
    );
  });

  it('POST /api/calls/connect', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(VALID.connect ?? fc.constant({}), schemaKeys(ConnectCallRequestSchema)), async (body) => {
        expectResult(await send('POST', '/api/calls/connect', { body }), [201, ...CONTROL_ERRORS], `connect ${body.slice(0, 200)}`);
      }),
      fuzzParameters(100),
    );
  });

  // In an order that lets each one find calls it can act on: the live calls start with transcription running.
  const operations = [
    ['transcription/update', VALID.update, UpdateTranscriptionRequestSchema],
    ['summarize', VALID.summarize, SummarizeRequestSchema],
    ['transcription/stop', VALID.stop, StopTranscriptionRequestSchema],
    ['transcription/start', VALID.start, StartTranscriptionRequestSchema],
    // Last: it ends the live calls, after which every operation is a 409.
    ['hang-up', VALID.hangUp, HangUpRequestSchema],
  ] as const;

  for (const [operation, valid, schema] of operations) {
    it(`POST /api/calls/{callId}/${operation}`, async () => {
      await fc.assert(
        fc.asyncProperty(callSegment, bodies(valid ?? fc.constant({}), schemaKeys(schema)), async (segment, body) => {
          const reply = await send('POST', `/api/calls/${segment}/${operation}`, { body });
          expectResult(reply, [202, ...CONTROL_ERRORS], `${operation} on ${segment.slice(0, 80)} ${body.slice(0, 200)}`);
        }),
        fuzzParameters(operation === 'hang-up' ? 60 : 100),
      );
    });
  }

  it('POST /api/calls/ringing/{ringingId}/answer', async () => {
    await fc.assert(
      fc.asyncProperty(callSegment, bodies(VALID.answer ?? fc.constant({}), schemaKeys(AnswerCallRequestSchema)), async (segment, body) => {
        expectResult(await send('POST', `/api/calls/ringing/${segment}/answer`, { body }), [201, 400, 410, 413, 502, 503, 504], `answer ${segment.slice(0, 80)} ${body.slice(0, 200)}`);
      }),
      fuzzParameters(80),
    );
  });

  it('GET /api/calls/{callId}?afterSeq=…', async () => {
    const afterSeq = fc.oneof(fc.nat().map(String), fc.constantFrom('', '-1', '1.5', '1e3', '1e400', '0x10', 'NaN', ' 3', '9007199254740993', '99999999999999999999'), anyText);
    const query = fc.oneof(
      afterSeq.map((value) => `?afterSeq=${encodeURIComponent(value)}`),
      fc.tuple(afterSeq, afterSeq).map(([first, second]) => `?afterSeq=${encodeURIComponent(first)}&afterSeq=${encodeURIComponent(second)}`),
      fc.constantFrom('', '?', '?afterSeq', '?afterSeq=%zz', '?other=1', '?afterSeq[]=1'),
    );
    await fc.assert(
      fc.asyncProperty(callSegment, query, async (segment, search) => {
        expectResult(await send('GET', `/api/calls/${segment}${search}`), [200, 400, 404], `history ${segment.slice(0, 80)}${search.slice(0, 80)}`);
      }),
      fuzzParameters(150),
    );
  });

  it('POST /api/calls/{callId}/annotations', async () => {
    const valid = fc.record(
      {
        kind: fc.constantFrom(...ANNOTATION_KINDS),
        seq: fc.oneof(fc.constant(1), fc.constant(null), fc.integer({ min: -2, max: 5 }), fc.constantFrom(1.5, 2 ** 31, '1')),
        text: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(null, '  ', 'x'.repeat(1_001), 'नमस्ते 👋', '\ud800')),
      },
      { requiredKeys: ['kind'] },
    );
    await fc.assert(
      fc.asyncProperty(callSegment, bodies(valid, schemaKeys(AnnotationInputSchema)), async (segment, body) => {
        expectResult(await send('POST', `/api/calls/${segment}/annotations`, { body }), [201, 400, 404, 409, 413], `annotate ${segment.slice(0, 80)} ${body.slice(0, 200)}`);
      }),
      fuzzParameters(100),
    );
  });

  it('GET /api/calls/{callId}/export?format=…', async () => {
    const format = fc.oneof(fc.constantFrom('json', 'csv', 'txt', 'vtt', 'srt', 'JSON', 'xlsx', '', 'csv%00', '../csv'), anyText);
    const query = fc.oneof(
      format.map((value) => `?format=${encodeURIComponent(value)}`),
      fc.tuple(format, format).map(([first, second]) => `?format=${encodeURIComponent(first)}&format=${encodeURIComponent(second)}`),
      fc.constantFrom('', '?', '?format', '?format=%zz', '?format[]=csv'),
    );
    await fc.assert(
      fc.asyncProperty(callSegment, query, async (segment, search) => {
        const reply = await send('GET', `/api/calls/${segment}/export${search}`);
        const what = `export ${segment.slice(0, 80)}${search.slice(0, 80)}`;
        if (reply.status !== 200) return expectResult(reply, [400, 404], what);
        // A download: one of the five types, as an attachment.
        expect(reply.contentType, what).toMatch(/^(application\/json|text\/csv|text\/plain|text\/vtt|application\/x-subrip); charset=utf-8$/);
      }),
      fuzzParameters(120),
    );
  });

  it('GET /api/alerts/{alertId}/deliveries', async () => {
    await fc.assert(
      fc.asyncProperty(callSegment, async (segment) => {
        expectResult(await send('GET', `/api/alerts/${segment}/deliveries`), [200, 400], `deliveries ${segment.slice(0, 80)}`);
      }),
      fuzzParameters(80),
    );
  });
});

describe('triage API, fuzzed through the real route handlers', () => {
  /** Rule and alert ids as a URL segment: real ones, unknown ones, any text, too long, malformed escapes. */
  const knownIds: string[] = [];
  const idSegment = fc.oneof(
    { weight: 3, arbitrary: fc.nat(50).map((index) => encodeURIComponent(knownIds[index % Math.max(1, knownIds.length)] ?? 'none')) },
    // Not `test`: /api/rules/test is its own route.
    { weight: 2, arbitrary: fc.oneof(fc.uuid(), anyText.filter((id) => id.length > 0), fc.constant('x'.repeat(257))).filter((id) => id !== '.' && id !== '..' && id !== 'test').map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom('%zz', '%E0%A4%A', 'a%', '%00', '%2F') },
  );

  it('POST /api/rules', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(VALID.rule ?? fc.constant({}), schemaKeys(RuleInputSchema)), async (body) => {
        const reply = await send('POST', '/api/rules', { body });
        expectResult(reply, [201, 400, 409, 413], `create rule ${body.slice(0, 200)}`);
        if (reply.status === 201) knownIds.push((reply.body as { data: { id: string } }).data.id);
      }),
      fuzzParameters(150),
    );
  });

  it('GET, PUT and DELETE /api/rules/{id}', async () => {
    const method = fc.constantFrom('GET', 'PUT', 'PUT', 'DELETE');
    await fc.assert(
      fc.asyncProperty(method, idSegment, bodies(VALID.rule ?? fc.constant({}), schemaKeys(RuleInputSchema)), async (verb, segment, body) => {
        const reply = await send(verb, `/api/rules/${segment}`, verb === 'PUT' ? { body } : {});
        expectResult(reply, verb === 'PUT' ? [200, 400, 404, 413] : [200, 400, 404], `${verb} rule ${segment.slice(0, 80)} ${body.slice(0, 200)}`);
      }),
      fuzzParameters(150),
    );
  });

  it('POST /api/rules/test', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(VALID.ruleTest ?? fc.constant({}), schemaKeys(RuleTestRequestSchema)), async (body) => {
        expectResult(await send('POST', '/api/rules/test', { body }), [200, 400, 404, 413], `test rule ${body.slice(0, 200)}`);
      }),
      fuzzParameters(100),
    );
  });

  it('GET /api/alerts?… and POST /api/alerts/{id}/ack', async () => {
    const value = fc.oneof(fc.constantFrom('open', 'all', 'closed', '', '0', '1', '500', '501', '-1', '1.5', 'NaN', 'x'.repeat(300)), anyText);
    const key = fc.constantFrom(...schemaKeys(AlertListQuerySchema), 'other', 'state[]');
    const query = fc.array(fc.tuple(key, value), { maxLength: 4 }).map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([name, text]) => `${name}=${encodeURIComponent(text)}`).join('&')}`));
    await fc.assert(
      fc.asyncProperty(query, async (search) => {
        const reply = await send('GET', `/api/alerts${search}`);
        expectResult(reply, [200, 400], `alerts ${search.slice(0, 200)}`);
        if (reply.status === 200) for (const alert of (reply.body as { data: { alerts: { id: string }[] } }).data.alerts) knownIds.push(alert.id);
      }),
      fuzzParameters(100),
    );
    await fc.assert(
      fc.asyncProperty(idSegment, async (segment) => {
        expectResult(await send('POST', `/api/alerts/${segment}/ack`), [200, 400, 404], `ack ${segment.slice(0, 80)}`);
      }),
      fuzzParameters(100),
    );
  });
});

describe('ACS webhooks, fuzzed through the real route handlers', () => {
  const callbackKeys = [...schemaKeys(CloudEventSchema), ...schemaKeys(CallbackEventDataSchema)];
  const callIds = fc.oneof(fc.constantFrom(0, 1, 2).map((index) => liveCalls[index] ?? 'missing'), fc.uuid());

  it('POST /api/acs/callbacks, with and without a valid ACS token', async () => {
    const authorization = fc.oneof({ weight: 4, arbitrary: fc.constant('valid') }, { weight: 1, arbitrary: fc.constantFrom('', 'Bearer', 'Bearer x.y.z', 'Basic Zm9vOmJhcg==') });
    await fc.assert(
      fc.asyncProperty(bodies(cloudEventBatch(callIds), callbackKeys), authorization, async (body, auth) => {
        const headers = { cookie: '', authorization: auth === 'valid' ? `Bearer ${acsToken}` : auth };
        const reply = await send('POST', '/api/acs/callbacks', { body, headers });
        expectWebhookAnswer(reply, auth === 'valid' ? [200, 400] : [401], `callback ${body.slice(0, 200)}`);
      }),
      fuzzParameters(150),
    );
  });

  it('POST /api/acs/incoming-call?secret=…', async () => {
    const keys = [...schemaKeys(EventGridEventSchema), ...schemaKeys(IncomingCallDataSchema)];
    const secret = fc.oneof({ weight: 4, arbitrary: fc.constant(EVENT_GRID_SECRET) }, { weight: 1, arbitrary: fc.constantFrom('', 'wrong', `${EVENT_GRID_SECRET}x`, '%zz') });
    await fc.assert(
      fc.asyncProperty(bodies(eventGridBatch, keys), secret, async (body, key) => {
        const reply = await send('POST', `/api/acs/incoming-call?secret=${key}`, { body, headers: { cookie: '' } });
        expectWebhookAnswer(reply, key === EVENT_GRID_SECRET ? [200, 400, 413] : [401, 413], `event grid ${body.slice(0, 200)}`);
      }),
      fuzzParameters(150),
    );
  });
});

describe('after the fuzz', () => {
  it('still serves: /api/health answers 200, a supervisor can still read the calls, and nothing was logged as an error', async () => {
    const health = await send('GET', '/api/health');
    expect(health.status, health.text).toBe(200);
    expectResult(await send('GET', '/api/calls'), [200], 'list');
    expect(app.process.exitCode).toBeNull();
    const errors = app.lines().filter((line) => /"level":(50|60)/.test(line));
    expect(errors).toEqual([]);
  });
});
