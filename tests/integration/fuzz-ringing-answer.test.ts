/**
 * Fuzzes answering a ringing call (auto-answer off) with any body, in process over a real CallService and SQLite
 * store, with an ACS that accepts every answer. A body Earshot refuses must lose nothing: the call still rings, and
 * the next supervisor (or the same one, with a good body) can answer it.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCallRequestSchema, COMMON_LOCALES } from '../../lib/protocol';
import type { AcsCallAutomation, ConnectedCall } from '../../server/acs/call-automation';
import { CallControl, isControlError } from '../../server/calls/call-control';
import { CallService } from '../../server/calls/call-service';
import { RingingCalls } from '../../server/calls/ringing-calls';
import { createLogger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { fuzzParameters } from '../helpers/fuzz';
import { mutatedJson } from '../helpers/json-mutations';
import { schemaKeys } from '../helpers/schema-keys';

const noBroadcast = { segment() {}, interim() {}, callUpdated() {}, summary() {}, callsChanged() {}, audit() {}, ringing() {} };

/** ACS answering every incoming call it is asked to. */
const acceptingAcs = {
  answerCall: async (): Promise<ConnectedCall> => ({ callConnectionId: randomUUID(), serverCallId: 'server-call', correlationId: randomUUID(), state: 'connecting' }),
} as unknown as AcsCallAutomation;

let store: CallStore;
let calls: CallService;
let ringing: RingingCalls;

beforeAll(async () => {
  store = await openSqliteCallStore(':memory:');
  const log = createLogger('silent');
  calls = new CallService({ store, broadcaster: noBroadcast, log, listIntervalMs: 1000 });
  const defaults = { locale: 'en-US', locales: [], sentimentAnalysis: true, piiRedaction: true, intermediateResults: true, endCallSummary: false, startImmediately: true };
  const control = new CallControl(calls, () => acceptingAcs, defaults, log);
  ringing = new RingingCalls({ store, control, broadcaster: noBroadcast, autoAnswer: false, log });
});

afterAll(async () => {
  ringing?.close();
  await calls?.close();
  await store?.close();
});

const validBody = fc.record(
  {
    transcription: fc.record({ locale: fc.constantFrom(...COMMON_LOCALES), locales: fc.array(fc.constantFrom(...COMMON_LOCALES), { maxLength: 4 }), sentimentAnalysis: fc.boolean(), startImmediately: fc.boolean() }, { requiredKeys: [] }),
    operationContext: fc.string({ minLength: 1, maxLength: 60 }),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  { weight: 3, arbitrary: mutatedJson(validBody, schemaKeys(AnswerCallRequestSchema)).map((text) => JSON.parse(text) as unknown) },
  { weight: 1, arbitrary: validBody },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

async function ringingIds() {
  return (await ringing.list()).map((call) => call.id);
}

describe('answering a ringing call, fuzzed', () => {
  it('answers with a valid body, or refuses with 400 and leaves the call ringing for a good answer', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (request) => {
        const id = randomUUID();
        await ringing.incoming({ id, incomingCallContext: `context-${id}`, fromRawId: '4:+14255550100', toRawId: null, callerDisplayName: null });
        let refused = false;
        try {
          const accepted = await ringing.answer('sam', id, request);
          expect(accepted).toMatchObject({ callId: expect.any(String), operationContext: expect.any(String) });
        } catch (error) {
          if (!isControlError(error)) throw error;
          expect(error.status, error.message).toBe(400);
          refused = true;
        }
        if (!refused) {
          expect(await ringingIds()).not.toContain(id);
          return;
        }
        expect(await ringingIds()).toContain(id);
        expect(await ringing.answer('sam', id, {})).toMatchObject({ callId: expect.any(String) });
        expect(await ringingIds()).not.toContain(id);
      }),
      fuzzParameters(100),
    );
  });
});

describe('answering a ringing call: what the fuzzer found', () => {
  it('keeps the call ringing when the answer body is refused (it was taken off the list first, and lost)', async () => {
    const id = randomUUID();
    await ringing.incoming({ id, incomingCallContext: 'context', fromRawId: null, toRawId: null, callerDisplayName: null });
    await expect(ringing.answer('sam', id, false)).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
    await expect(ringing.answer('sam', id, { transcription: { locale: 'English' } })).rejects.toMatchObject({ status: 400 });
    expect(await ringingIds()).toContain(id);
    expect(await ringing.answer('sam', id, { transcription: { locale: 'es-ES' } })).toMatchObject({ callId: expect.any(String) });
  });
});
