/**
 * The server and the dashboard agree on which controls may run: for every call state, transcription state and set
 * of pending operations, the server's CallControl accepts exactly what the browser's controls enable. Nothing is
 * sent anywhere: the ACS adapter here only records what would have been sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availability } from '../../lib/call-controls';
import { CALL_OPERATIONS, decideControl, type CallOperation } from '../../lib/control-rules';
import { CALL_STATES, TRANSCRIPTION_STATES, type CallDetail, type ControlAction, type PendingOperation } from '../../lib/protocol';
import type { AcsCallAutomation } from '../../server/acs/call-automation';
import { CallControl, isControlError } from '../../server/calls/call-control';
import { CallService } from '../../server/calls/call-service';
import { newCallRecord } from '../../server/domain/call-record';
import { createLogger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';

const noBroadcast = { segment() {}, interim() {}, callUpdated() {}, summary() {}, callsChanged() {}, audit() {}, ringing() {} };

/** Accepts every request, as ACS would before confirming it; records what was sent. */
function acceptingAcs(sent: string[]): AcsCallAutomation {
  const accept = (name: string) => async () => {
    sent.push(name);
  };
  return {
    startTranscription: accept('start-transcription'),
    stopTranscription: accept('stop-transcription'),
    updateTranscription: accept('update-transcription'),
    summarizeCall: accept('summarize'),
    hangUp: accept('hang-up'),
  } as unknown as AcsCallAutomation;
}

const BODIES: Record<CallOperation, unknown> = {
  'start-transcription': {},
  'stop-transcription': {},
  'update-transcription': { locale: 'es-ES' },
  summarize: {},
  'hang-up': { forEveryone: true },
};

const PENDING_SETS: ControlAction[][] = [[], ['start-transcription'], ['stop-transcription'], ['update-transcription'], ['summarize'], ['hang-up'], ['answer-call']];

let store: CallStore;
let calls: CallService;
let control: CallControl;
const sent: string[] = [];

beforeAll(async () => {
  store = await openSqliteCallStore(':memory:');
  calls = new CallService({ store, broadcaster: noBroadcast, log: createLogger('silent'), listIntervalMs: 1000 });
  control = new CallControl(calls, () => acceptingAcs(sent), { locale: 'en-US', locales: [], sentimentAnalysis: true, piiRedaction: true, intermediateResults: true, endCallSummary: false, startImmediately: true }, createLogger('silent'));
});

afterAll(async () => {
  await calls?.close();
  await store?.close();
});

function run(operation: CallOperation, callId: string) {
  const body = BODIES[operation];
  switch (operation) {
    case 'start-transcription':
      return control.startTranscription('sam', callId, body);
    case 'stop-transcription':
      return control.stopTranscription('sam', callId, body);
    case 'update-transcription':
      return control.updateTranscription('sam', callId, body);
    case 'summarize':
      return control.summarize('sam', callId, body);
    case 'hang-up':
      return control.hangUp('sam', callId, body);
    default: {
      const unreachable: never = operation;
      throw new Error(String(unreachable));
    }
  }
}

describe('one rule for the controls', () => {
  it('the server accepts exactly what the dashboard enables, in every state', async () => {
    let index = 0;
    const disagreements: string[] = [];
    for (const state of CALL_STATES) {
      for (const transcription of TRANSCRIPTION_STATES) {
        for (const pendingActions of PENDING_SETS) {
          for (const operation of CALL_OPERATIONS) {
            index += 1;
            const callId = `rules-${index}`;
            const pending: PendingOperation[] = pendingActions.map((action) => ({ action, operationContext: `ctx-${action}`, requestedAt: 0, requestedBy: 'other', locale: null }));
            await store.ensureCall({ ...newCallRecord(callId, 0, null), state, transcription, pending, lifecycleManaged: true });
            const detail = (await calls.getCall(callId)) as CallDetail;
            const nonePendingHere = { 'start-transcription': null, 'stop-transcription': null, 'update-transcription': null, summarize: null, 'hang-up': null };
            const browser = availability(detail, nonePendingHere)[operation].enabled;
            let server: boolean;
            try {
              await run(operation, callId);
              server = true;
            } catch (error) {
              if (!isControlError(error) || error.status !== 409) throw error;
              server = false;
            }
            const rule = decideControl(operation, { state, transcription, pendingActions }).allowed;
            if (server !== browser || server !== rule) disagreements.push(`${operation} in ${state}/${transcription} pending [${pendingActions.join(',')}]: server ${server}, browser ${browser}, rule ${rule}`);
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses the two requests the server used to accept and the dashboard blocked', async () => {
    await store.ensureCall({ ...newCallRecord('connecting-call', 0, null), state: 'connecting', transcription: 'inactive', lifecycleManaged: true });
    await expect(control.summarize('sam', 'connecting-call', {})).rejects.toMatchObject({ status: 409, message: 'The call is still connecting.' });
    await store.ensureCall({ ...newCallRecord('stopping-call', 0, null), state: 'connected', transcription: 'stopping', lifecycleManaged: true });
    await expect(control.startTranscription('sam', 'stopping-call', {})).rejects.toMatchObject({ status: 409 });
  });

  it('keeps at most one pending operation of each kind, so a repeated summarize cannot pile up', async () => {
    await store.ensureCall({ ...newCallRecord('busy-call', 0, null), state: 'connected', transcription: 'active', lifecycleManaged: true });
    await control.summarize('sam', 'busy-call', {});
    for (let attempt = 0; attempt < 5; attempt += 1) await expect(control.summarize('sam', 'busy-call', {})).rejects.toMatchObject({ status: 409, code: 'invalid_state' });
    expect((await calls.getCall('busy-call'))?.pending.map((operation) => operation.action)).toEqual(['summarize']);
  });
});
