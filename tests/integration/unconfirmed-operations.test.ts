/**
 * An operation whose confirming event never comes (the emulator's `silent` fault: ACS accepts the request, and
 * the callback is lost) does not stay pending forever: after the timeout it is unconfirmed, the call says what the
 * supervisor can do next, the audit trail records it, and the control can be used again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveControlsView } from '../../lib/call-controls';
import { startAcsEmulator, type AcsEmulator } from '../../server/acs-emulator/emulator';
import { loadScenarios } from '../../server/acs-emulator/scenarios/load-scenarios';
import type { EarshotServer } from '../../server/create-app';
import { startEarshot, tempDatabasePath } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

let emulator: AcsEmulator;
let app: EarshotServer;

beforeAll(async () => {
  const scenarios = loadScenarios().filter((scenario) => scenario.id === 'long-technical-support');
  emulator = await startAcsEmulator({ scenarios, speedFactor: 8, hangUpWhenScenarioEnds: false, callbackRetry: { initialDelayMs: 100 } });
  app = await startEarshot({
    databasePath: tempDatabasePath(),
    jwksUrl: emulator.jwksUrl,
    env: { ACS_JWT_AUDIENCE: emulator.audience, OPERATION_TIMEOUT_SECONDS: '1' },
    acsConnectionString: emulator.connectionString,
  });
  emulator.setEventGridWebhook(app.eventGridWebhookUrl);
});

afterAll(async () => {
  await emulator?.close();
  await app?.close();
});

async function answeredCall() {
  await waitFor(() => emulator.eventGridState() === 'validated', 10_000, 'Event Grid handshake');
  const placed = emulator.placeIncomingCall({ scenarioId: 'long-technical-support' });
  const callId = await waitFor(() => emulator.calls.list().find((call) => call.ids.serverCallId === placed.serverCallId)?.ids.callConnectionId, 10_000, 'the app answers');
  // Both: the transcript stream can open (transcription active) before the CallConnected callback arrives, and a
  // control on a call still connecting is refused.
  await waitFor(async () => {
    const call = await app.calls.getCall(callId);
    return call?.state === 'connected' && call.transcription === 'active';
  }, 10_000, 'connected and transcribing');
  return callId;
}

describe('an operation ACS never confirms', () => {
  it('ends as unconfirmed with advice, is audited, and the control works again', async () => {
    const callId = await answeredCall();
    emulator.injectFault({ operation: 'summarizeCall', mode: 'silent', callConnectionId: callId });
    await app.control.summarize('sam', callId, {});
    expect((await app.calls.getCall(callId))?.pending.map((operation) => operation.action)).toEqual(['summarize']);
    await expect(app.control.summarize('sam', callId, {})).rejects.toMatchObject({ status: 409 });

    const call = await waitFor(async () => {
      const current = await app.calls.getCall(callId);
      return current?.pending.length === 0 ? current : null;
    }, 10_000, 'the summary request times out');
    expect(call.lastError).toMatchObject({ action: 'summarize', code: 'unconfirmed' });
    expect(call.lastError?.message).toMatch(/No summary arrived within 2 s\. Ask for one again\./);
    const history = await app.calls.history(callId, 0);
    expect(history?.audit.some((entry) => entry.action === 'summarize' && entry.outcome === 'unconfirmed' && entry.actor === 'earshot')).toBe(true);
    // What the dashboard shows: the failure with its advice, and Summarize enabled again.
    const view = deriveControlsView(call, history?.audit ?? [], {});
    expect(view.failure).toMatchObject({ code: 'unconfirmed', message: expect.stringContaining('Ask for one again') });
    expect(view.availability.summarize.enabled).toBe(true);
    await app.control.summarize('sam', callId, {});
    await waitFor(async () => (await app.calls.history(callId, 0))?.summaries.length === 1, 10_000, 'the second request is answered');
  });

  it('a stop that is never confirmed settles on what the stream shows (still running) and Stop works again', async () => {
    const callId = await answeredCall();
    emulator.injectFault({ operation: 'stopTranscription', mode: 'silent', callConnectionId: callId });
    await app.control.stopTranscription('sam', callId, {});
    expect((await app.calls.getCall(callId))?.transcription).toBe('stopping');
    const call = await waitFor(async () => {
      const current = await app.calls.getCall(callId);
      return current?.pending.length === 0 ? current : null;
    }, 10_000, 'the stop request times out');
    expect(call).toMatchObject({ transcription: 'active', lastError: { action: 'stop-transcription', code: 'unconfirmed' } });
    expect(call.lastError?.message).toMatch(/If lines keep arriving, stop it again/);
    await app.control.stopTranscription('sam', callId, {});
    await waitFor(async () => (await app.calls.getCall(callId))?.transcription === 'stopped', 10_000, 'stopped this time');
  });
});
