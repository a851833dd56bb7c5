/**
 * The app against the embedded emulator over real HTTP and WebSocket, as `npm start` runs them: incoming calls
 * answered through Event Grid, transcripts streamed in, and every control operation round-tripping to its
 * confirming callback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAcsEmulator, type AcsEmulator } from '../../server/acs-emulator/emulator';
import { loadScenarios } from '../../server/acs-emulator/scenarios/load-scenarios';
import { ControlError } from '../../server/calls/call-control';
import type { EarshotServer } from '../../server/create-app';
import { startEarshot, tempDatabasePath } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

let emulator: AcsEmulator;
let app: EarshotServer;
const SUPERVISOR = 'sam';

beforeAll(async () => {
  const scenarios = loadScenarios().filter((scenario) => ['billing-dispute', 'code-switching', 'identity-verification'].includes(scenario.id));
  emulator = await startAcsEmulator({ scenarios, speedFactor: 8, hangUpWhenScenarioEnds: false, callbackRetry: { initialDelayMs: 100 } });
  app = await startEarshot({
    databasePath: tempDatabasePath(),
    jwksUrl: emulator.jwksUrl,
    env: { ACS_JWT_AUDIENCE: emulator.audience, TRANSCRIPTION_CANDIDATE_LOCALES: 'en-US,es-ES' },
    acsConnectionString: emulator.connectionString,
  });
  emulator.setEventGridWebhook(app.eventGridWebhookUrl);
});

afterAll(async () => {
  await emulator?.close();
  await app?.close();
});

async function answeredCall(scenarioId: string) {
  await waitFor(() => emulator.eventGridState() === 'validated', 10_000, 'Event Grid handshake');
  const placed = emulator.placeIncomingCall({ scenarioId });
  const callId = await waitFor(() => emulator.calls.list().find((call) => call.ids.serverCallId === placed.serverCallId)?.ids.callConnectionId, 10_000, 'the app answers');
  await waitFor(async () => (await app.calls.getCall(callId))?.state === 'connected', 10_000, 'CallConnected reaches the app');
  return callId;
}

async function lastSeq(callId: string) {
  return (await app.calls.getCall(callId))?.lastSeq ?? 0;
}

describe('Earshot with the embedded emulator', () => {
  it('answers an incoming call with sentiment, PII redaction and candidate locales, and stores its transcript', async () => {
    const callId = await answeredCall('identity-verification');
    await waitFor(async () => (await lastSeq(callId)) >= 8, 20_000, 'eight final lines');
    const history = await app.calls.history(callId, 0);
    expect(history?.call).toMatchObject({
      transcription: 'active',
      metadata: { sentimentAnalysis: true, piiRedaction: { enabled: true }, locales: ['en-US', 'es-ES'] },
    });
    const lines = history?.segments ?? [];
    expect(lines.every((line) => line.sentiment !== null && line.language !== null)).toBe(true);
    expect(lines.some((line) => line.piiMasked && /\*{4,}/.test(line.text))).toBe(true);
    expect(new Set(lines.map((line) => line.speaker.kind))).toEqual(new Set(['phoneNumber', 'communicationUser']));
    expect(history?.audit.map((entry) => [entry.action, entry.outcome, entry.actor])).toEqual([
      ['answer-call', 'requested', 'auto-answer'],
      ['answer-call', 'confirmed', 'acs'],
    ]);
  });

  it('stops and restarts transcription, switches language, summarizes and hangs up, each confirmed by ACS', async () => {
    const callId = await answeredCall('code-switching');
    await waitFor(async () => (await lastSeq(callId)) >= 2, 20_000, 'lines flow');

    await app.control.stopTranscription(SUPERVISOR, callId, {});
    expect((await app.calls.getCall(callId))?.transcription).toMatch(/stopping|stopped/);
    // The stream closing marks it stopped; the stop stays pending (and Start refused, as the dashboard shows) until ACS confirms.
    await waitFor(async () => {
      const call = await app.calls.getCall(callId);
      return call?.transcription === 'stopped' && call.pending.length === 0;
    }, 10_000, 'TranscriptionStopped');
    const stoppedAt = await lastSeq(callId);

    await expect(app.control.stopTranscription(SUPERVISOR, callId, {})).rejects.toMatchObject({ status: 409, code: 'invalid_state' });

    await app.control.startTranscription(SUPERVISOR, callId, {});
    await waitFor(async () => (await app.calls.getCall(callId))?.transcription === 'active', 10_000, 'TranscriptionStarted');
    await waitFor(async () => (await lastSeq(callId)) > stoppedAt, 20_000, 'lines flow again');

    await app.control.updateTranscription(SUPERVISOR, callId, { locale: 'es-ES' });
    await waitFor(async () => (await app.calls.getCall(callId))?.locale === 'es-ES' && (await app.calls.getCall(callId))?.pending.length === 0, 10_000, 'TranscriptionUpdated');
    const switchedAt = await lastSeq(callId);
    await waitFor(async () => (await lastSeq(callId)) > switchedAt + 1, 20_000, 'lines after the switch');
    const after = (await app.calls.history(callId, switchedAt))?.segments ?? [];
    expect(after.at(-1)?.language).toBe('es-ES');

    await app.control.summarize(SUPERVISOR, callId, {});
    await waitFor(async () => (await app.calls.history(callId, 0))?.summaries.length === 1, 10_000, 'summary arrives');
    const summary = (await app.calls.history(callId, 0))?.summaries[0];
    expect(summary).toMatchObject({ kind: 'mid-call' });
    expect(summary?.text).toMatch(/Recap/);

    await app.control.hangUp(SUPERVISOR, callId, { forEveryone: true });
    await waitFor(async () => (await app.calls.getCall(callId))?.state === 'disconnected', 10_000, 'CallDisconnected');
    // The call's state changes in memory first; the audit entry of the confirmation is written right after.
    await waitFor(async () => (await app.calls.history(callId, 0))?.audit.some((entry) => entry.action === 'hang-up' && entry.outcome === 'confirmed'), 10_000, 'hang-up confirmed in the audit trail');
    const audit = (await app.calls.history(callId, 0))?.audit ?? [];
    const confirmed = audit.filter((entry) => entry.outcome === 'confirmed').map((entry) => entry.action);
    expect(confirmed).toEqual(expect.arrayContaining(['stop-transcription', 'start-transcription', 'update-transcription', 'summarize', 'hang-up']));
    expect(audit.filter((entry) => entry.outcome === 'requested' && entry.action !== 'answer-call').every((entry) => entry.actor === SUPERVISOR)).toBe(true);
  });

  it('reports ACS failures with their code and message and loses nothing', async () => {
    const callId = await answeredCall('billing-dispute');
    await waitFor(async () => (await lastSeq(callId)) >= 1, 20_000, 'lines flow');
    const before = (await app.calls.history(callId, 0))?.segments.length ?? 0;

    emulator.injectFault({ operation: 'stopTranscription', status: 500, code: 'InternalError', message: 'Injected outage', times: 1 });
    const error = await app.control.stopTranscription(SUPERVISOR, callId, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ControlError);
    expect(error).toMatchObject({ status: 500, code: 'InternalError', message: 'Injected outage' });
    const call = await app.calls.getCall(callId);
    expect(call).toMatchObject({ transcription: 'active', pending: [], lastError: { action: 'stop-transcription', code: 'InternalError' } });

    await expect(app.control.updateTranscription(SUPERVISOR, callId, { locale: 'xx-YY' })).rejects.toMatchObject({ status: 400 });
    await expect(app.control.updateTranscription(SUPERVISOR, callId, { locale: 'english' })).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
    await expect(app.control.startTranscription(SUPERVISOR, 'no-such-call', {})).rejects.toMatchObject({ status: 404 });
    expect((await app.calls.history(callId, 0))?.segments.length ?? 0).toBeGreaterThanOrEqual(before);
    const audit = (await app.calls.history(callId, 0))?.audit ?? [];
    expect(audit.some((entry) => entry.action === 'stop-transcription' && entry.outcome === 'failed' && entry.detail?.includes('Injected outage'))).toBe(true);
    // A summary ACS fails later (through its event) settles the request as failed, with ACS's reason.
    emulator.injectFault({ operation: 'summarizeCall', mode: 'async', status: 500, code: 'InternalError', message: 'Summary service down', times: 1 });
    await app.control.summarize(SUPERVISOR, callId, {});
    await waitFor(async () => (await app.calls.getCall(callId))?.pending.length === 0, 10_000, 'the failed summary settles');
    expect((await app.calls.getCall(callId))?.lastError).toMatchObject({ action: 'summarize', message: 'Summary service down' });
    expect((await app.calls.history(callId, 0))?.summaries).toEqual([]);

    await app.control.hangUp(SUPERVISOR, callId, { forEveryone: true });
  });

  it('places an outbound call and connects to a room through the SDK', async () => {
    const placed = await app.control.placeCall(SUPERVISOR, { target: { kind: 'phoneNumber', phoneNumber: '+14255550199' }, sourcePhoneNumber: '+14255550000', transcription: { locales: ['en-US', 'es-ES'] } });
    await waitFor(async () => (await app.calls.getCall(placed.callId))?.state === 'connected', 10_000, 'outbound call connects');
    await waitFor(async () => (await lastSeq(placed.callId)) >= 1, 20_000, 'outbound call transcribes');
    await expect(app.control.placeCall(SUPERVISOR, { target: { kind: 'phoneNumber', phoneNumber: '555-0199' } })).rejects.toMatchObject({ status: 400, code: 'invalid_request' });

    const room = await app.control.connectCall(SUPERVISOR, { locator: { kind: 'roomCallLocator', id: 'room-42' } });
    await waitFor(async () => (await app.calls.getCall(room.callId))?.state === 'connected', 10_000, 'room call connects');
    await app.control.hangUp(SUPERVISOR, placed.callId, {});
    await app.control.hangUp(SUPERVISOR, room.callId, { forEveryone: false });
    await waitFor(async () => (await app.calls.getCall(room.callId))?.state === 'disconnected', 10_000, 'left the room');
  });
});
