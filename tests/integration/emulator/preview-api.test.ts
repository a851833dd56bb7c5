/**
 * The 2025-08-15-preview API through plain signed requests (SDK 1.6.0 cannot send it): the preview transcription
 * fields on every operation that takes them, `:summarizeCall`, ACS-shaped validation errors, and the emulator's own
 * signed control routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTranscriptionPacket, type TranscriptionPacket } from '../../../lib/acs/transcription-packets';
import { startAcsEmulator, type AcsEmulator } from '../../../server/acs-emulator/emulator';
import { waitFor } from '../../helpers/wait-for';
import { GA_API_VERSION, PREVIEW_API_VERSION, signedRequest } from './signed-requests';
import { TestReceiver } from './test-receiver';
import { ENGLISH_CUSTOMER, testScenarios } from './test-scenarios';

let emulator: AcsEmulator;
let receiver: TestReceiver;

beforeAll(async () => {
  receiver = await TestReceiver.start();
  emulator = await startAcsEmulator({ scenarios: testScenarios, speedFactor: 25, hangUpWhenScenarioEnds: false });
});

afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

const PHONE_TARGET = { kind: 'phoneNumber', rawId: ENGLISH_CUSTOMER, phoneNumber: { value: ENGLISH_CUSTOMER.slice(2) } };

function packets(callConnectionId: string): TranscriptionPacket[] {
  return receiver.framesFor(callConnectionId).map((frame) => {
    const parsed = parseTranscriptionPacket(JSON.stringify(frame));
    if (!parsed.ok) throw new Error(`bad frame: ${parsed.detail}`);
    return parsed.packet;
  });
}

function lastMetadata(callConnectionId: string) {
  const all = packets(callConnectionId).filter((packet) => packet.kind === 'TranscriptionMetadata');
  const last = all[all.length - 1];
  return last?.kind === 'TranscriptionMetadata' ? last.transcriptionMetadata : undefined;
}

async function call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, apiVersion: string | null = PREVIEW_API_VERSION) {
  return signedRequest(emulator.connectionString, method, path, body, { apiVersion });
}

async function createConnectedCall(transcriptionOptions?: Record<string, unknown>, apiVersion = PREVIEW_API_VERSION): Promise<string> {
  const response = await call(
    'POST',
    '/calling/callConnections',
    {
      targets: [PHONE_TARGET],
      callbackUri: receiver.callbackUrl(),
      ...(transcriptionOptions ? { transcriptionOptions: { transportType: 'websocket', transportUrl: receiver.wsUrl(), ...transcriptionOptions } } : {}),
    },
    apiVersion,
  );
  expect(response.status).toBe(201);
  const id = String((response.json as { callConnectionId: string }).callConnectionId);
  await waitFor(() => receiver.eventsFor(id, 'CallConnected').length > 0, 5_000, 'CallConnected');
  return id;
}

describe('preview fields on call setup', () => {
  it('createCall honours every preview transcription field, and the older speechRecognitionModelEndpointId', async () => {
    const id = await createConnectedCall({
      locale: 'en-US',
      startTranscription: true,
      enableIntermediateResults: false,
      enableSentimentAnalysis: true,
      piiRedactionOptions: { enable: true, redactionType: 'maskWithCharacter' },
      locales: ['en-US', 'es-ES', 'hi-IN'],
      summarizationOptions: { enableEndCallSummary: true, locale: 'en-US' },
      speechRecognitionModelEndpointId: 'legacy-model',
    });
    await waitFor(() => lastMetadata(id), 3_000, 'metadata');
    expect(lastMetadata(id)).toMatchObject({
      locale: 'en-US',
      locales: ['en-US', 'es-ES', 'hi-IN'],
      enableSentimentAnalysis: true,
      piiRedactionOptions: { enable: true },
      speechModelEndpointId: 'legacy-model',
    });
    const properties = await call('GET', `/calling/callConnections/${id}`);
    expect(properties.status).toBe(200);
    expect(properties.json).toMatchObject({
      callConnectionId: id,
      callConnectionState: 'connected',
      transcriptionSubscription: { state: 'active', subscribedResultTypes: ['final'], locale: 'en-US' },
    });

    // With enableEndCallSummary, hanging up sends a final summary before CallDisconnected.
    await waitFor(() => packets(id).some((packet) => packet.kind === 'TranscriptionData'), 5_000, 'a final');
    expect((await call('DELETE', `/calling/callConnections/${id}`)).status).toBe(204);
    await waitFor(() => receiver.eventsFor(id, 'CallDisconnected').length > 0, 3_000, 'CallDisconnected');
    const types = receiver.typesFor(id);
    expect(types.indexOf('TranscriptionCallSummaryUpdated')).toBeGreaterThan(-1);
    expect(types.indexOf('TranscriptionCallSummaryUpdated')).toBeLessThan(types.indexOf('CallDisconnected'));
    // With PII redaction on, the summary names nobody: speakers are labelled by role.
    const endSummary = receiver.eventsFor(id, 'TranscriptionCallSummaryUpdated')[0];
    const summaryText = String((endSummary?.data.transcriptionUpdate as { transcriptionMessage?: string } | undefined)?.transcriptionMessage);
    const names = testScenarios.flatMap((scenario) => Object.values(scenario.participants).map((participant) => participant.displayName));
    for (const name of names) expect(summaryText).not.toContain(name);
  });

  it('the same fields on a GA api-version are ignored, as ACS ignores unknown properties', async () => {
    const id = await createConnectedCall({ locale: 'en-US', startTranscription: true, enableSentimentAnalysis: true, locales: ['en-US', 'es-ES'] }, GA_API_VERSION);
    await waitFor(() => lastMetadata(id), 3_000, 'metadata');
    expect(lastMetadata(id)).toMatchObject({ enableSentimentAnalysis: false, locales: [] });
    expect((await call('POST', `/calling/callConnections/${id}:terminate`)).status).toBe(204);
  });

  it('answerCall and connectCall accept the preview fields too (and enableLoopbackAudio)', async () => {
    const placed = emulator.placeIncomingCall({ scenarioId: 'test-english' });
    const answered = await call('POST', '/calling/callConnections:answer', {
      incomingCallContext: placed.incomingCallContext,
      callbackUri: receiver.callbackUrl(),
      enableLoopbackAudio: true,
      transcriptionOptions: { transportType: 'websocket', transportUrl: receiver.wsUrl(), startTranscription: true, locales: ['es-ES', 'en-US'], enableSentimentAnalysis: true },
    });
    expect(answered.status).toBe(200);
    const answeredId = String((answered.json as { callConnectionId: string }).callConnectionId);
    await waitFor(() => lastMetadata(answeredId), 5_000, 'metadata of the answered call');
    // No `locale`: the first candidate is the starting locale.
    expect(lastMetadata(answeredId)).toMatchObject({ locale: 'es-ES', locales: ['es-ES', 'en-US'], enableSentimentAnalysis: true });

    const connected = await call('POST', '/calling/callConnections:connect', {
      callLocator: { kind: 'roomCallLocator', roomId: 'room-7' },
      callbackUri: receiver.callbackUrl(),
      transcriptionOptions: { transportType: 'websocket', transportUrl: receiver.wsUrl(), locale: 'en-US', piiRedactionOptions: { enable: true } },
    });
    expect(connected.status).toBe(200);
    for (const id of [answeredId, String((connected.json as { callConnectionId: string }).callConnectionId)]) {
      expect((await call('POST', `/calling/callConnections/${id}:terminate`)).status).toBe(204);
    }
  });
});

describe('preview transcription operations', () => {
  it('startTranscription and updateTranscription carry the AI options; summarizeCall delivers a sectioned summary', async () => {
    const id = await createConnectedCall({ locale: 'en-US' });
    const started = await call('POST', `/calling/callConnections/${id}:startTranscription`, {
      locale: 'en-US',
      operationContext: 'start-preview',
      enableSentimentAnalysis: true,
      piiRedactionOptions: { enable: true, redactionType: 'maskWithCharacter' },
      locales: ['en-US', 'es-ES'],
      summarizationOptions: { enableEndCallSummary: false, locale: 'en-US' },
      speechModelEndpointId: 'model-2',
    });
    expect(started.status).toBe(202);
    expect(started.text).toBe('');
    await waitFor(() => lastMetadata(id), 3_000, 'metadata');
    expect(lastMetadata(id)).toMatchObject({ enableSentimentAnalysis: true, piiRedactionOptions: { enable: true }, locales: ['en-US', 'es-ES'], speechModelEndpointId: 'model-2' });
    await waitFor(
      () => packets(id).filter((packet) => packet.kind === 'TranscriptionData' && packet.transcriptionData.sentimentAnalysisResult).length >= 2,
      5_000,
      'two finals with sentiment',
    );

    const updated = await call('POST', `/calling/callConnections/${id}:updateTranscription`, {
      locale: 'en-GB',
      operationContext: 'update-preview',
      enableSentimentAnalysis: false,
    });
    expect(updated.status).toBe(202);
    await waitFor(() => receiver.eventsFor(id, 'TranscriptionUpdated')[0], 3_000, 'TranscriptionUpdated');

    const summarized = await call('POST', `/calling/callConnections/${id}:summarizeCall`, {
      operationContext: 'summary-1',
      operationCallbackUri: receiver.callbackUrl('/callbacks/summaries'),
      summarizationOptions: { locale: 'en-US' },
    });
    expect(summarized.status).toBe(202);
    const summary = await waitFor(() => receiver.eventsFor(id, 'TranscriptionCallSummaryUpdated')[0], 5_000, 'summary');
    expect(summary.path).toBe('/callbacks/summaries');
    expect(summary.data).toMatchObject({
      operationContext: 'summary-1',
      locale: 'en-US',
      resultInformation: { code: 200, subCode: 0 },
      transcriptionUpdate: { transcriptionStatus: 'callSummaryUpdated', transcriptionStatusDetails: 'callSummarySuccess' },
    });
    const message = String((summary.data.transcriptionUpdate as { transcriptionMessage: string }).transcriptionMessage);
    for (const section of ['Recap:', 'Decisions:', 'Action items:', 'Key points:']) expect(message).toContain(section);
    // Summaries are built from the redacted transcript.
    expect(message).not.toMatch(/4111|carl@example/);

    // The update takes effect from the next utterance on: an utterance already under way when it landed (its final may
    // arrive well after the TranscriptionUpdated event) keeps sentiment and language identification. So, in call
    // order, every final carries both or neither, and once one carries neither, every later one does too.
    const finals = () =>
      packets(id)
        .flatMap((packet) => (packet.kind === 'TranscriptionData' && packet.transcriptionData.resultStatus === 'final' ? [packet.transcriptionData] : []))
        .sort((a, b) => a.offset - b.offset);
    const updatedSettings = (result: ReturnType<typeof finals>[number]) => result.sentimentAnalysisResult === undefined && result.languageIdentified === undefined;
    await waitFor(() => finals().some(updatedSettings), 8_000, 'a final recognised with the updated settings');
    const ordered = finals();
    const firstUpdated = ordered.findIndex(updatedSettings);
    for (const result of ordered.slice(0, firstUpdated)) {
      expect(result.sentimentAnalysisResult).toBeDefined();
      expect(result.languageIdentified).toBeDefined();
    }
    for (const result of ordered.slice(firstUpdated)) {
      expect(result.sentimentAnalysisResult).toBeUndefined();
      expect(result.languageIdentified).toBeUndefined();
    }
    expect((await call('POST', `/calling/callConnections/${id}:terminate`)).status).toBe(204);
  });

  it('summarizeCall before anything was transcribed reports callSummaryFailure; on a GA api-version it is a 400', async () => {
    const id = await createConnectedCall();
    expect((await call('POST', `/calling/callConnections/${id}:summarizeCall`, { operationContext: 'early' })).status).toBe(202);
    const summary = await waitFor(() => receiver.eventsFor(id, 'TranscriptionCallSummaryUpdated')[0], 3_000, 'summary');
    expect(summary.data).toMatchObject({ operationContext: 'early', transcriptionUpdate: { transcriptionStatusDetails: 'callSummaryFailure' } });
    const ga = await call('POST', `/calling/callConnections/${id}:summarizeCall`, {}, GA_API_VERSION);
    expect(ga.status).toBe(400);
    expect(ga.json).toMatchObject({ error: { code: 'UnsupportedApiVersion' } });
    expect((await call('DELETE', `/calling/callConnections/${id}`)).status).toBe(204);
  });
});

describe('ACS-shaped errors', () => {
  it('400 for unsupported locales, too many candidates, malformed bodies and a missing api-version; 404 for unknown calls', async () => {
    const id = await createConnectedCall({ locale: 'en-US' });
    const cases: [string, unknown, string][] = [
      [`/calling/callConnections/${id}:startTranscription`, { locale: 'tlh-KL' }, '8523'],
      [`/calling/callConnections/${id}:startTranscription`, { locales: ['en-US', 'es-ES', 'fr-FR', 'de-DE', 'hi-IN'] }, '8523'],
      [`/calling/callConnections/${id}:startTranscription`, { locales: ['en-US', 'xx-YY'] }, '8523'],
      [`/calling/callConnections/${id}:startTranscription`, { piiRedactionOptions: { enable: 'yes' } }, '8523'],
      ['/calling/callConnections', { targets: [], callbackUri: receiver.callbackUrl() }, '8523'],
      ['/calling/callConnections:connect', { callLocator: { roomId: 'a', groupCallId: 'b' }, callbackUri: receiver.callbackUrl() }, '8523'],
      ['/calling/callConnections:answer', { incomingCallContext: 'never-issued', callbackUri: receiver.callbackUrl() }, '8523'],
    ];
    for (const [path, body, code] of cases) {
      const response = await call('POST', path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(response.json).toMatchObject({ error: { code, message: expect.any(String) } });
    }
    const notJson = await signedRequest(emulator.connectionString, 'POST', `/calling/callConnections/${id}:startTranscription`, undefined, { rawBody: '{"locale":' });
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ error: { code: '8523' } });
    const noVersion = await call('GET', `/calling/callConnections/${id}`, undefined, null);
    expect(noVersion.status).toBe(400);
    expect(noVersion.json).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });
    const unknown = await call('POST', '/calling/callConnections/does-not-exist:stopTranscription', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { code: '8522' } });
    const unsupported = await call('POST', `/calling/callConnections/${id}:play`, {});
    expect(unsupported.status).toBe(501);
    expect((await call('DELETE', `/calling/callConnections/${id}`)).status).toBe(204);
  });
});

describe('emulator control routes (signed like every request)', () => {
  it('POST /emulator/faults makes the next matching operation fail', async () => {
    const id = await createConnectedCall({ locale: 'en-US' });
    const fault = await call('POST', '/emulator/faults', { operation: 'startTranscription', status: 500, code: 'InternalError', message: 'Speech is down.', callConnectionId: id });
    expect(fault.status).toBe(201);
    expect(fault.json).toMatchObject({ operation: 'startTranscription', remaining: 1 });
    const failed = await call('POST', `/calling/callConnections/${id}:startTranscription`, { locale: 'en-US' });
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ error: { code: 'InternalError', message: 'Speech is down.' } });
    // Consumed: the next start works.
    expect((await call('POST', `/calling/callConnections/${id}:startTranscription`, { locale: 'en-US' })).status).toBe(202);

    // An async fault accepts the request and fails it through TranscriptionFailed.
    await call('POST', '/emulator/faults', { operation: 'updateTranscription', mode: 'async', status: 503, code: '8581', message: 'Speech busy.' });
    expect((await call('POST', `/calling/callConnections/${id}:updateTranscription`, { locale: 'es-ES', operationContext: 'bad-update' })).status).toBe(202);
    const transcriptionFailed = await waitFor(() => receiver.eventsFor(id, 'TranscriptionFailed')[0], 3_000, 'TranscriptionFailed');
    expect(transcriptionFailed.data).toMatchObject({ operationContext: 'bad-update', resultInformation: { code: 503, subCode: 8581, message: 'Speech busy.' } });

    const invalid = await call('POST', '/emulator/faults', { operation: 'teleport' });
    expect(invalid.status).toBe(400);
    expect((await call('DELETE', '/emulator/faults')).status).toBe(204);
    expect((await call('DELETE', `/calling/callConnections/${id}`)).status).toBe(204);
  });

  it('POST /emulator/incomingCalls rings the app and returns the context to answer with', async () => {
    const placed = await call('POST', '/emulator/incomingCalls', { scenarioId: 'test-spanish' });
    expect(placed.status).toBe(201);
    const body = placed.json as { incomingCallContext: string; scenarioId: string; from: string };
    expect(body).toMatchObject({ scenarioId: 'test-spanish', from: '4:+34911000222' });
    const answered = await call('POST', '/calling/callConnections:answer', { incomingCallContext: body.incomingCallContext, callbackUri: receiver.callbackUrl() });
    expect(answered.status).toBe(200);
    const list = await call('GET', '/emulator/calls');
    expect(list.status).toBe(200);
    const id = String((answered.json as { callConnectionId: string }).callConnectionId);
    expect((list.json as { value: { callConnectionId: string; scenarioId: string }[] }).value).toContainEqual(
      expect.objectContaining({ callConnectionId: id, scenarioId: 'test-spanish' }),
    );
    expect((await call('POST', `/calling/callConnections/${id}:terminate`)).status).toBe(204);
  });
});
