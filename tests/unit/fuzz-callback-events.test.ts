/**
 * Fuzzes the Call Automation callback parser and the Event Grid schemas (server/acs/callback-events.ts) with what
 * ACS sends and with broken versions of it: they must never throw, must read every valid event of a batch, and
 * must hand on only events whose fields have the types the webhooks rely on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALLBACK_EVENT_TYPES,
  CallbackEventDataSchema,
  CloudEventSchema,
  EventGridEventSchema,
  IncomingCallDataSchema,
  parseCallbackEvents,
  SubscriptionValidationDataSchema,
} from '../../server/acs/callback-events';
import { CallOpenRequestSchema } from '../../lib/protocol';
import { cloudEventBatch, eventGridBatch } from '../helpers/acs-arbitraries';
import { fuzzParameters } from '../helpers/fuzz';
import { mutatedJson, mutatedText, nastyValue } from '../helpers/json-mutations';
import { schemaKeys } from '../helpers/schema-keys';

const CALLBACK_KEYS = [...schemaKeys(CloudEventSchema), ...schemaKeys(CallbackEventDataSchema)];
const EVENT_GRID_KEYS = [...schemaKeys(EventGridEventSchema), ...schemaKeys(IncomingCallDataSchema), ...schemaKeys(SubscriptionValidationDataSchema)];
const PREFIX = 'Microsoft.Communication.';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What every parse must give: a clean refusal, or events with exactly the types the webhooks read. */
function checkCallbacks(body: unknown) {
  const result = parseCallbackEvents(body);
  const isBatch = Array.isArray(body) || (typeof body === 'object' && body !== null);
  expect(result.ok).toBe(isBatch);
  if (!result.ok) {
    expect(result.message).toBe('expected a CloudEvents array');
    return result;
  }
  const items = Array.isArray(body) ? body.length : 1;
  expect(result.events.length).toBeLessThanOrEqual(items);
  expect(result.invalid).toBeLessThanOrEqual(items);
  for (const event of result.events) {
    expect(typeof event.id === 'string' && event.id.length > 0).toBe(true);
    if (!event.known) continue;
    expect(CALLBACK_EVENT_TYPES).toContain(event.type);
    expect(Number.isFinite(event.time)).toBe(true);
    // Every call the webhooks create from an event can be opened: its id is one a route or socket accepts.
    expect(CallOpenRequestSchema.shape.callId.safeParse(event.data.callConnectionId).success).toBe(true);
    expect(CallbackEventDataSchema.safeParse(event.data).success).toBe(true);
  }
  return result;
}

describe('callback events, fuzzed', () => {
  it('reads every event of a valid batch, known types by name, the rest as unknown', () => {
    fc.assert(
      fc.property(cloudEventBatch(), (batch) => {
        const result = checkCallbacks(JSON.parse(JSON.stringify(batch)));
        if (!result.ok) throw new Error('a batch is an array');
        expect(result.invalid).toBe(0);
        expect(result.events.map((event) => event.id)).toEqual(batch.map((event) => event.id));
        for (const [index, event] of result.events.entries()) {
          const sent = batch[index];
          if (!sent) throw new Error('one event per element');
          const name = sent.type.startsWith(PREFIX) ? sent.type.slice(PREFIX.length) : sent.type;
          expect(event.known).toBe((CALLBACK_EVENT_TYPES as readonly string[]).includes(name));
          if (event.known) expect(event.data).toEqual(JSON.parse(JSON.stringify(sent.data)));
        }
      }),
      fuzzParameters(1_000),
    );
  });

  it('answers any JSON body cleanly', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), nastyValue), (body) => {
        checkCallbacks(body);
        checkCallbacks([body]);
        checkCallbacks([{ id: 'e', type: `${PREFIX}CallConnected`, data: body }]);
      }),
      fuzzParameters(1_500),
    );
  });

  it('answers mutated batches (and broken JSON text, as the webhook parses it) cleanly', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedJson(cloudEventBatch(), CALLBACK_KEYS), mutatedText(cloudEventBatch().map((batch) => JSON.stringify(batch)))), (raw) => {
        checkCallbacks(parseJson(raw));
      }),
      fuzzParameters(2_000),
    );
  });
});

describe('callback events: what the fuzzer found', () => {
  it('counts an event for a call id longer than 256 characters as invalid instead of creating a call no one can open', () => {
    const result = parseCallbackEvents([
      { id: 'e1', type: `${PREFIX}CallConnected`, data: { callConnectionId: 'x'.repeat(257) } },
      { id: 'e2', type: `${PREFIX}CallConnected`, data: { callConnectionId: 'x'.repeat(256) } },
    ]);
    expect(result).toMatchObject({ ok: true, invalid: 1, events: [{ known: false, id: 'e1' }, { known: true, id: 'e2' }] });
  });
});

describe('Event Grid events, fuzzed', () => {
  it('never throw on mutated deliveries, and pass on only the fields the webhook reads, with their types', () => {
    fc.assert(
      fc.property(fc.oneof(eventGridBatch.map((batch) => JSON.stringify(batch)), mutatedJson(eventGridBatch, EVENT_GRID_KEYS)), (raw) => {
        const body = parseJson(raw);
        for (const item of Array.isArray(body) ? body : [body]) {
          const event = EventGridEventSchema.safeParse(item);
          if (!event.success) continue;
          expect(typeof event.data.id === 'string' && typeof event.data.eventType === 'string').toBe(true);
          const validation = SubscriptionValidationDataSchema.safeParse(event.data.data);
          if (validation.success) expect(typeof validation.data.validationCode).toBe('string');
          const incoming = IncomingCallDataSchema.safeParse(event.data.data);
          if (!incoming.success) continue;
          expect(typeof incoming.data.incomingCallContext).toBe('string');
          for (const field of [incoming.data.from?.rawId, incoming.data.to?.rawId, incoming.data.callerDisplayName]) expect(['string', 'undefined']).toContain(typeof field);
        }
      }),
      fuzzParameters(1_500),
    );
  });
});
