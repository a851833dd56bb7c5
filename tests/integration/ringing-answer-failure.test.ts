/**
 * Answering a ringing call when ACS fails: a failure that may pass (ACS down, throttled, timing out) puts the call
 * back on the ringing list so the next try can still answer it; a refusal about the call itself does not.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AcsOperationError } from '../../server/acs/acs-operation-error';
import type { AcsCallAutomation, ConnectedCall } from '../../server/acs/call-automation';
import { CallControl, isControlError } from '../../server/calls/call-control';
import { CallService } from '../../server/calls/call-service';
import { RingingCalls } from '../../server/calls/ringing-calls';
import { createLogger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';

const noBroadcast = { segment() {}, interim() {}, callUpdated() {}, summary() {}, callsChanged() {}, audit() {}, ringing() {} };
const defaults = { locale: 'en-US', locales: [], sentimentAnalysis: true, piiRedaction: true, intermediateResults: true, endCallSummary: false, startImmediately: true };

/** ACS that fails the next answers with the given statuses, then accepts. */
function acsFailing(statuses: number[]) {
  const contexts: string[] = [];
  const acs = {
    answerCall: async (context: string): Promise<ConnectedCall> => {
      contexts.push(context);
      const status = statuses.shift();
      if (status !== undefined) throw new AcsOperationError('answerCall', status, 'Injected', 'Injected fault.');
      return { callConnectionId: randomUUID(), serverCallId: 'server-call', correlationId: randomUUID(), state: 'connecting' };
    },
  } as unknown as AcsCallAutomation;
  return { acs, contexts };
}

let store: CallStore;
let calls: CallService;
let ringing: RingingCalls | undefined;

beforeEach(async () => {
  store = await openSqliteCallStore(':memory:');
  calls = new CallService({ store, broadcaster: noBroadcast, log: createLogger('silent'), listIntervalMs: 1000 });
});

afterEach(async () => {
  ringing?.close();
  await calls.close();
  await store.close();
});

function ringingWith(acs: AcsCallAutomation) {
  const log = createLogger('silent');
  ringing = new RingingCalls({ store, control: new CallControl(calls, () => acs, defaults, log), broadcaster: noBroadcast, autoAnswer: false, log });
  return ringing;
}

async function answerStatus(calls: RingingCalls, id: string): Promise<number> {
  try {
    await calls.answer('sam', id, {});
    return 200;
  } catch (error) {
    if (!isControlError(error)) throw error;
    return error.status;
  }
}

describe('answering a ringing call when ACS fails', () => {
  it.each([500, 503, 504, 429, 408])('ACS %i: the call rings again and the next answer connects it', async (status) => {
    const { acs, contexts } = acsFailing([status]);
    const calls = ringingWith(acs);
    const id = randomUUID();
    await calls.incoming({ id, incomingCallContext: `context-${id}`, fromRawId: '4:+14255550100', toRawId: null, callerDisplayName: 'Ana' });

    expect(await answerStatus(calls, id)).toBe(status);
    expect((await calls.list()).map((call) => call.id)).toEqual([id]);

    expect(await answerStatus(calls, id)).toBe(200);
    expect(await calls.list()).toEqual([]);
    expect(contexts).toEqual([`context-${id}`, `context-${id}`]);
  });

  it.each([400, 403, 404])('ACS %i (the call itself is refused): it leaves the ringing list', async (status) => {
    const calls = ringingWith(acsFailing([status]).acs);
    const id = randomUUID();
    await calls.incoming({ id, incomingCallContext: `context-${id}`, fromRawId: null, toRawId: null, callerDisplayName: null });

    expect(await answerStatus(calls, id)).toBe(status);
    expect(await calls.list()).toEqual([]);
  });

  it('a call whose ringing window closed while ACS failed is not put back', async () => {
    let now = 1_000_000;
    const log = createLogger('silent');
    const acs = {
      answerCall: async (): Promise<ConnectedCall> => {
        now += 60_000; // ACS took longer than the ringing window, then failed
        throw new AcsOperationError('answerCall', 504, 'acs_unreachable', 'ACS did not answer.');
      },
    } as unknown as AcsCallAutomation;
    ringing = new RingingCalls({ store, control: new CallControl(calls, () => acs, defaults, log), broadcaster: noBroadcast, autoAnswer: false, log, now: () => now });
    const id = randomUUID();
    await ringing.incoming({ id, incomingCallContext: `context-${id}`, fromRawId: null, toRawId: null, callerDisplayName: null });

    expect(await answerStatus(ringing, id)).toBe(504);
    expect(await store.listRingingCalls(0)).toEqual([]);
  });
});
