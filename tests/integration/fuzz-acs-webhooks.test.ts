/**
 * Fuzzes the two ACS webhooks as the route handlers call them (AcsWebhooks.handleCallback / handleEventGrid with
 * the raw body), past the JWT check, over a real CallService and SQLite store: any body gets 200, 400 or 401 with
 * a JSON body — never a throw, never a 500 — and what the valid events change leaves every call in a state the
 * dashboard can show.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CALL_STATES, CallOpenRequestSchema, CONTROL_ACTIONS, TRANSCRIPTION_STATES, type PendingOperation } from '../../lib/protocol';
import { AcsWebhooks, type WebhookResponse } from '../../server/acs/acs-webhooks';
import { CallbackEventDataSchema, CloudEventSchema, EventGridEventSchema, IncomingCallDataSchema } from '../../server/acs/callback-events';
import { CallService } from '../../server/calls/call-service';
import type { IncomingCallEvent } from '../../server/calls/ringing-calls';
import type { AcsJwtVerifier } from '../../server/ingress/jwt-verifier';
import type { SqliteCallStore } from '../../server/store/sqlite-call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { callConnectionId, cloudEventBatch, eventGridBatch, validationEvent } from '../helpers/acs-arbitraries';
import { capturingLogger } from '../helpers/earshot-harness';
import { fuzzParameters } from '../helpers/fuzz';
import { mutatedJson, mutatedText } from '../helpers/json-mutations';
import { schemaKeys } from '../helpers/schema-keys';

const noBroadcast = { segment() {}, interim() {}, callUpdated() {}, summary() {}, callsChanged() {}, audit() {}, ringing() {} };
const SECRET = 'event-grid-secret';
const CALLBACK_KEYS = [...schemaKeys(CloudEventSchema), ...schemaKeys(CallbackEventDataSchema)];
const EVENT_GRID_KEYS = [...schemaKeys(EventGridEventSchema), ...schemaKeys(IncomingCallDataSchema)];

/** A few calls that events keep landing on, with operations waiting for ACS to settle. */
const POOL = ['call-1', 'call-2', 'call-3'];
const poolOrAny = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...POOL) }, { weight: 1, arbitrary: callConnectionId });

let store: SqliteCallStore;
let calls: CallService;
let webhooks: AcsWebhooks;
let tokenAccepted = true;
const incoming: IncomingCallEvent[] = [];
const logs = capturingLogger('warn');

const verify: AcsJwtVerifier = async (authorization) =>
  tokenAccepted && authorization === 'Bearer ok' ? { ok: true, subject: null } : { ok: false, status: 401, reason: 'invalid_token' };

beforeAll(async () => {
  store = await openSqliteCallStore(':memory:');
  calls = new CallService({ store, broadcaster: noBroadcast, log: logs.log, listIntervalMs: 1000 });
  webhooks = new AcsWebhooks({
    calls,
    verify,
    eventGridSecret: SECRET,
    onIncomingCall: async (event) => {
      incoming.push(event);
    },
    processedEvents: store,
    log: logs.log,
  });
});

afterAll(async () => {
  webhooks?.close();
  await calls?.close();
  await store?.close();
});

beforeEach(() => {
  tokenAccepted = true;
});

function pending(action: PendingOperation['action'], operationContext: string, locale: string | null = null): PendingOperation {
  return { action, operationContext, requestedAt: Date.now(), requestedBy: 'sam', locale };
}

/** Puts operations back on the pool's calls, so events have something to confirm or fail. */
async function armPool() {
  await Promise.all(
    POOL.map((callId) =>
      calls.updateCall(
        callId,
        (record) => {
          record.pending = [pending('place-call', 'earshot:place-call:2'), pending('hang-up', 'earshot:hang-up:1'), pending('start-transcription', 'ctx', 'es-ES'), pending('summarize', 'sum')];
          record.state = 'connecting';
        },
        { createIfMissing: true },
      ),
    ),
  );
}

/** 200 / 400 / 401 with a JSON body of the documented shape, and nothing the store or log calls an error. */
function checkResponse(response: WebhookResponse, allowed: readonly number[]) {
  expect(allowed).toContain(response.status);
  expect(JSON.parse(JSON.stringify(response.body))).toEqual(response.body);
  const body = response.body as Record<string, unknown>;
  if (response.status === 200) return body;
  expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  return body;
}

async function checkCalls() {
  await calls.flushNow();
  expect(calls.storeHealth().ok).toBe(true);
  expect(logs.lines().filter((line) => Number(line.level) >= 50)).toEqual([]);
}

/** …and every call the events touched is one the dashboard can open and show. */
async function checkCallsShowable() {
  await checkCalls();
  for (const call of await calls.listCalls()) {
    expect(CallOpenRequestSchema.shape.callId.safeParse(call.callId).success).toBe(true);
    expect(CALL_STATES).toContain(call.state);
    expect(TRANSCRIPTION_STATES).toContain(call.transcription);
  }
  for (const callId of POOL) {
    const history = await calls.history(callId, 0);
    if (history === null) continue;
    for (const operation of history.call.pending) expect(CONTROL_ACTIONS).toContain(operation.action);
    if (history.call.lastError) expect(typeof history.call.lastError.code).toBe('string');
    for (const summary of history.summaries) expect(typeof summary.text).toBe('string');
    for (const entry of history.audit) expect(Number.isFinite(entry.at)).toBe(true);
  }
}

const callbackBodies = fc.oneof(
  { weight: 2, arbitrary: cloudEventBatch(poolOrAny).map((batch) => JSON.stringify(batch)) },
  { weight: 4, arbitrary: mutatedJson(cloudEventBatch(poolOrAny), CALLBACK_KEYS) },
  { weight: 1, arbitrary: mutatedText(cloudEventBatch(poolOrAny).map((batch) => JSON.stringify(batch))) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), fc.json()) },
);

describe('ACS callbacks webhook, fuzzed', () => {
  it('answers any body with 200 or 400 and a JSON body, never a throw or a 500, and leaves every call showable', async () => {
    await fc.assert(
      fc.asyncProperty(callbackBodies, async (raw) => {
        await armPool();
        const body = checkResponse(await webhooks.handleCallback('Bearer ok', raw), [200, 400]);
        if (body.received !== undefined) {
          expect(body).toEqual({ received: expect.any(Number), applied: expect.any(Number), invalid: expect.any(Number) });
          expect(Number(body.applied)).toBeLessThanOrEqual(Number(body.received));
        }
        await checkCallsShowable();
      }),
      fuzzParameters(150),
    );
  });

  it('applies each event once when the same batch arrives several times at once (ACS retrying)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(cloudEventBatch(poolOrAny).map((batch) => JSON.stringify(batch)), mutatedJson(cloudEventBatch(poolOrAny), CALLBACK_KEYS)), fc.integer({ min: 2, max: 4 }), async (raw, copies) => {
        await armPool();
        const answers = await Promise.all(Array.from({ length: copies }, () => webhooks.handleCallback('Bearer ok', raw)));
        for (const answer of answers) checkResponse(answer, [200, 400]);
        const applied = answers.reduce((sum, answer) => sum + Number((answer.body as { applied?: number }).applied ?? 0), 0);
        const first = answers[0]?.body as { received?: number } | undefined;
        expect(applied).toBeLessThanOrEqual(first?.received ?? 0);
        await checkCallsShowable();
      }),
      fuzzParameters(60),
    );
  });

  it('refuses any body with 401 and changes nothing when the token is refused', async () => {
    tokenAccepted = false;
    await fc.assert(
      fc.asyncProperty(callbackBodies, fc.constantFrom(undefined, '', 'Bearer', 'Bearer ok', 'Basic x'), async (raw, authorization) => {
        const before = JSON.stringify(await calls.listCalls());
        const answer = checkResponse(await webhooks.handleCallback(authorization, raw), [401]);
        expect(answer).toEqual({ error: { code: 'invalid_token', message: 'Callback token rejected.' } });
        expect(JSON.stringify(await calls.listCalls())).toBe(before);
      }),
      fuzzParameters(100),
    );
  });
});

describe('Event Grid webhook, fuzzed', () => {
  const eventGridBodies = fc.oneof(
    { weight: 2, arbitrary: eventGridBatch.map((batch) => JSON.stringify(batch)) },
    { weight: 4, arbitrary: mutatedJson(eventGridBatch, EVENT_GRID_KEYS) },
    { weight: 1, arbitrary: mutatedText(eventGridBatch.map((batch) => JSON.stringify(batch))) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), fc.json()) },
  );

  it('answers any body with 200, 400 or 401 and a JSON body, and hands on only well-typed incoming calls', async () => {
    await fc.assert(
      fc.asyncProperty(eventGridBodies, fc.constantFrom<string | null>(SECRET, SECRET, SECRET, null, '', 'wrong', `${SECRET}x`), async (raw, secret) => {
        incoming.length = 0;
        const answer = await webhooks.handleEventGrid(secret, raw);
        checkResponse(answer, secret === SECRET ? [200, 400] : [401]);
        if (answer.status === 200) {
          const body = answer.body as { validationResponse?: unknown; accepted?: unknown };
          expect(typeof body.validationResponse === 'string' || typeof body.accepted === 'number').toBe(true);
        }
        // Handed on after the reply: let them run.
        await new Promise((resolve) => setImmediate(resolve));
        for (const event of incoming) {
          expect(typeof event.incomingCallContext === 'string' && event.incomingCallContext.length > 0).toBe(true);
          for (const value of [event.fromRawId, event.toRawId, event.callerDisplayName]) expect(value === null || typeof value === 'string').toBe(true);
        }
        await checkCalls();
      }),
      fuzzParameters(150),
    );
  });

  it('answers the subscription handshake with its validation code', async () => {
    await fc.assert(
      fc.asyncProperty(validationEvent, async (event) => {
        const answer = await webhooks.handleEventGrid(SECRET, JSON.stringify([event]));
        expect(answer).toEqual({ status: 200, body: { validationResponse: event.data.validationCode } });
      }),
      fuzzParameters(50),
    );
  });
});

describe('ACS callbacks: what the fuzzer found', () => {
  it('applies an event once when two copies of it arrive at the same moment', async () => {
    const callId = 'race-1';
    const raw = JSON.stringify([
      { id: 'race-event', type: 'Microsoft.Communication.TranscriptionCallSummaryUpdated', data: { callConnectionId: callId, transcriptionUpdate: { transcriptionMessage: 'The caller asked for a refund.' } } },
    ]);
    const answers = await Promise.all([webhooks.handleCallback('Bearer ok', raw), webhooks.handleCallback('Bearer ok', raw)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers.map((answer) => (answer.body as { applied: number }).applied).sort()).toEqual([0, 1]);
    expect((await calls.history(callId, 0))?.summaries).toHaveLength(1);
  });
});
