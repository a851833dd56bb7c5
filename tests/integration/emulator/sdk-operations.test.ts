/**
 * The real, unmodified @azure/communication-call-automation 1.6.0 against the emulator: every operation the SDK has
 * that the emulator implements, with ACS's exact success codes, and the SDK's error mapping for ACS error bodies.
 */
import { CallAutomationClient, type CallConnectionProperties } from '@azure/communication-call-automation';
import { RestError } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTranscriptionPacket } from '../../../lib/acs/transcription-packets';
import { startAcsEmulator, type AcsEmulator } from '../../../server/acs-emulator/emulator';
import { waitFor } from '../../helpers/wait-for';
import { TestReceiver } from './test-receiver';
import { ENGLISH_AGENT, ENGLISH_CUSTOMER, testScenarios } from './test-scenarios';

let emulator: AcsEmulator;
let receiver: TestReceiver;
let client: CallAutomationClient;

beforeAll(async () => {
  receiver = await TestReceiver.start();
  emulator = await startAcsEmulator({
    scenarios: testScenarios,
    speedFactor: 25,
    eventGridWebhookUrl: receiver.eventGridUrl,
    // These tests drive calls step by step; nobody hangs up behind their back.
    hangUpWhenScenarioEnds: false,
  });
  client = new CallAutomationClient(emulator.connectionString, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
});

afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

/** The untyped wire field the SDK passes through (its typed `callbackUrl` stays undefined). */
function callbackUriOf(properties: CallConnectionProperties): unknown {
  return (properties as { callbackUri?: unknown }).callbackUri;
}

async function connected(callConnectionId: string): Promise<void> {
  await waitFor(() => receiver.eventsFor(callConnectionId, 'CallConnected').length > 0, 5_000, 'CallConnected');
}

async function expectRestError(promise: Promise<unknown>, statusCode: number, code: string): Promise<RestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RestError);
  const restError = error as RestError;
  expect(restError.statusCode).toBe(statusCode);
  expect(restError.code).toBe(code);
  return restError;
}

describe('call setup with SDK 1.6.0', () => {
  it('createCall to a phone number: 201, connecting, then CallConnected and ParticipantsUpdated with the scenario people', async () => {
    const callbackUrl = receiver.callbackUrl('/callbacks/create-phone');
    const result = await client.createCall(
      { targetParticipant: { phoneNumber: '+15550100001' }, sourceCallIdNumber: { phoneNumber: '+15550009999' } },
      callbackUrl,
      { operationContext: 'create-phone' },
    );
    const properties = result.callConnectionProperties;
    expect(properties.callConnectionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(properties.callConnectionState).toBe('connecting');
    expect(callbackUriOf(properties)).toBe(callbackUrl);
    expect(properties.targetParticipants).toEqual([{ phoneNumber: '+15550100001', rawId: ENGLISH_CUSTOMER }]);
    expect(properties.sourceCallerIdNumber).toEqual({ phoneNumber: '+15550009999' });
    expect(properties.source).toEqual({ communicationUserId: ENGLISH_AGENT });
    expect(properties.transcriptionSubscription?.state).toBe('disabled');

    const id = properties.callConnectionId ?? '';
    await connected(id);
    const [connectedEvent] = receiver.eventsFor(id, 'CallConnected');
    expect(connectedEvent?.data).toMatchObject({
      callConnectionId: id,
      serverCallId: properties.serverCallId,
      correlationId: properties.correlationId,
      operationContext: 'create-phone',
      resultInformation: { code: 200, subCode: 0 },
    });
    expect(connectedEvent?.path).toBe('/callbacks/create-phone');
    const participants = await waitFor(() => receiver.eventsFor(id, 'ParticipantsUpdated')[0], 2_000, 'ParticipantsUpdated');
    const rawIds = (participants.data.participants as { identifier: { rawId: string } }[]).map((entry) => entry.identifier.rawId);
    expect(rawIds.sort()).toEqual([ENGLISH_AGENT, ENGLISH_CUSTOMER].sort());

    const current = await result.callConnection.getCallConnectionProperties();
    expect(current.callConnectionState).toBe('connected');
    expect(current.callConnectionId).toBe(id);
    const participantList = await result.callConnection.listParticipants();
    expect(participantList.values).toHaveLength(2);
    const customer = await result.callConnection.getParticipant({ phoneNumber: '+15550100001' });
    expect(customer).toMatchObject({ identifier: { phoneNumber: '+15550100001' }, isMuted: false, isOnHold: false });
    await result.callConnection.hangUp(true);
  });

  it('createCall to an ACS user: the user takes the customer part and is the target', async () => {
    const result = await client.createCall({ targetParticipant: { communicationUserId: '8:acs:earshot-test_someone' } }, receiver.callbackUrl());
    const properties = result.callConnectionProperties;
    expect(properties.targetParticipants).toEqual([{ communicationUserId: '8:acs:earshot-test_someone' }]);
    const id = properties.callConnectionId ?? '';
    await connected(id);
    const participants = await waitFor(() => receiver.eventsFor(id, 'ParticipantsUpdated')[0], 2_000, 'ParticipantsUpdated');
    const rawIds = (participants.data.participants as { identifier: { rawId: string } }[]).map((entry) => entry.identifier.rawId);
    expect(rawIds).toContain('8:acs:earshot-test_someone');
    await result.callConnection.hangUp(false);
  });

  it('createGroupCall: every target is in the properties', async () => {
    const result = await client.createGroupCall(
      [{ communicationUserId: ENGLISH_AGENT }, { phoneNumber: '+15550100001' }],
      receiver.callbackUrl(),
      { sourceCallIdNumber: { phoneNumber: '+15550009999' } },
    );
    expect(result.callConnectionProperties.targetParticipants).toHaveLength(2);
    const id = result.callConnectionProperties.callConnectionId ?? '';
    await connected(id);
    await result.callConnection.hangUp(true);
  });

  it('answerCall with the incomingCallContext of an Event Grid IncomingCall event', async () => {
    await waitFor(() => emulator.eventGridState() === 'validated', 5_000, 'Event Grid validation');
    const placed = emulator.placeIncomingCall({ scenarioId: 'test-english' });
    const incoming = await waitFor(
      () => receiver.incomingCalls().find((data) => data.correlationId === placed.correlationId),
      5_000,
      'IncomingCall delivered',
    );
    expect(incoming).toMatchObject({
      from: { rawId: ENGLISH_CUSTOMER, kind: 'phoneNumber' },
      to: { rawId: ENGLISH_AGENT, kind: 'communicationUser' },
      serverCallId: placed.serverCallId,
    });
    const result = await client.answerCall(String(incoming.incomingCallContext), receiver.callbackUrl(), { operationContext: 'answered' });
    const properties = result.callConnectionProperties;
    expect(properties.serverCallId).toBe(placed.serverCallId);
    expect(properties.correlationId).toBe(placed.correlationId);
    expect(properties.source).toEqual({ phoneNumber: '+15550100001', rawId: ENGLISH_CUSTOMER });
    const id = properties.callConnectionId ?? '';
    await connected(id);
    expect(receiver.eventsFor(id, 'CallConnected')[0]?.data.operationContext).toBe('answered');

    // The context is single-use.
    await expectRestError(client.answerCall(String(incoming.incomingCallContext), receiver.callbackUrl()), 400, '8523');
    await result.callConnection.hangUp(false);
  });

  it.each([
    ['roomCallLocator', 'room-123'],
    ['serverCallLocator', 'aHR0cHM6Ly9leGFtcGxlLnRlc3QvY29udi8x'],
    ['groupCallLocator', '9f0cd3a6-5b5c-4a4e-8f6e-3b9d3c3f0001'],
  ] as const)('connectCall with a %s: 200 and CallConnected', async (kind, locatorId) => {
    const result = await client.connectCall({ kind, id: locatorId }, receiver.callbackUrl(), { operationContext: kind });
    const properties = result.callConnectionProperties;
    expect(properties.callConnectionState).toBe('connecting');
    if (kind === 'serverCallLocator') expect(properties.serverCallId).toBe(locatorId);
    const id = properties.callConnectionId ?? '';
    await connected(id);
    expect(receiver.eventsFor(id, 'CallConnected')[0]?.data.operationContext).toBe(kind);
    await result.callConnection.hangUp(true);
  });
});

describe('hang-up with SDK 1.6.0', () => {
  it.each([false, true])('hangUp(%s): 204, CallDisconnected, and the call is gone (404 8522)', async (forEveryone) => {
    const result = await client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, receiver.callbackUrl());
    const id = result.callConnectionProperties.callConnectionId ?? '';
    await connected(id);
    await result.callConnection.hangUp(forEveryone);
    const disconnected = await waitFor(() => receiver.eventsFor(id, 'CallDisconnected')[0], 2_000, 'CallDisconnected');
    expect(disconnected.data.callConnectionId).toBe(id);
    await expectRestError(result.callConnection.getCallConnectionProperties(), 404, '8522');
    await expectRestError(result.callConnection.hangUp(forEveryone), 404, '8522');
    expect(emulator.calls.get(id)?.state).toBe('disconnected');
  });
});

describe('transcription with SDK 1.6.0', () => {
  it('start, update and stop: 202 each, the stream and the callbacks follow', async () => {
    const result = await client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, receiver.callbackUrl(), {
      transcriptionOptions: { transportType: 'websocket', transportUrl: receiver.wsUrl(), locale: 'en-US', startTranscription: false, enableIntermediateResults: true },
    });
    const id = result.callConnectionProperties.callConnectionId ?? '';
    expect(result.callConnectionProperties.transcriptionSubscription).toMatchObject({ state: 'inactive', locale: 'en-US', subscribedResultStates: ['final', 'intermediate'] });
    await connected(id);
    const media = result.callConnection.getCallMedia();

    await media.startTranscription({ locale: 'en-US', operationContext: 'start-1', speechRecognitionModelEndpointId: 'model-1' }); // 202: anything else would be a RestError
    const started = await waitFor(() => receiver.eventsFor(id, 'TranscriptionStarted')[0], 3_000, 'TranscriptionStarted');
    expect(started.data).toMatchObject({
      operationContext: 'start-1',
      transcriptionUpdate: { transcriptionStatus: 'transcriptionStarted', transcriptionStatusDetails: 'subscriptionStarted' },
      resultInformation: { code: 200, subCode: 0 },
    });
    const properties = await result.callConnection.getCallConnectionProperties();
    expect(properties.transcriptionSubscription?.state).toBe('active');
    const [socket] = receiver.socketsFor(id);
    expect(socket?.headers['x-ms-call-correlation-id']).toBe(result.callConnectionProperties.correlationId);
    const firstFrame = parseTranscriptionPacket(socket?.frames[0] ?? '');
    expect(firstFrame.ok && firstFrame.packet.kind === 'TranscriptionMetadata' && firstFrame.packet.transcriptionMetadata.speechModelEndpointId).toBe('model-1');

    // Starting again while running is a 400.
    await expectRestError(media.startTranscription({ locale: 'en-US' }), 400, '8501');

    await media.updateTranscription('en-GB', { operationContext: 'update-1' }); // 202: anything else would be a RestError
    const updated = await waitFor(() => receiver.eventsFor(id, 'TranscriptionUpdated')[0], 3_000, 'TranscriptionUpdated');
    expect(updated.data).toMatchObject({
      operationContext: 'update-1',
      transcriptionUpdate: { transcriptionStatus: 'transcriptionUpdated', transcriptionStatusDetails: 'transcriptionLocaleUpdated' },
    });
    expect((await result.callConnection.getCallConnectionProperties()).transcriptionSubscription?.locale).toBe('en-GB');

    // An unsupported locale is a 400, and changes nothing.
    await expectRestError(media.updateTranscription('xx-XX'), 400, '8523');

    await media.stopTranscription({ operationContext: 'stop-1' }); // 202: anything else would be a RestError
    const stopped = await waitFor(() => receiver.eventsFor(id, 'TranscriptionStopped')[0], 3_000, 'TranscriptionStopped');
    expect(stopped.data).toMatchObject({ operationContext: 'stop-1', transcriptionUpdate: { transcriptionStatus: 'transcriptionStopped' } });
    await waitFor(() => socket?.closed, 2_000, 'socket closed');
    expect(socket?.closeCode).toBe(1000);

    // Stopping again, or updating while stopped, is a 400.
    await expectRestError(media.stopTranscription(), 400, '8501');
    await expectRestError(media.updateTranscription('en-US'), 400, '8501');
    await result.callConnection.hangUp(true);
  });

  it('operationCallbackUrl sends that operation’s events to its own URL', async () => {
    const result = await client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, receiver.callbackUrl('/callbacks/call'), {
      transcriptionOptions: { transportType: 'websocket', transportUrl: receiver.wsUrl(), locale: 'en-US' },
    });
    const id = result.callConnectionProperties.callConnectionId ?? '';
    await connected(id);
    await result.callConnection.getCallMedia().startTranscription({ operationCallbackUrl: receiver.callbackUrl('/callbacks/operation') });
    const started = await waitFor(() => receiver.eventsFor(id, 'TranscriptionStarted')[0], 3_000, 'TranscriptionStarted');
    expect(started.path).toBe('/callbacks/operation');
    expect(receiver.eventsFor(id, 'CallConnected')[0]?.path).toBe('/callbacks/call');
    await result.callConnection.hangUp(true);
  });
});

describe('errors through the SDK', () => {
  it('maps ACS error bodies to RestError: unknown call 404, bad request 400, injected 503', async () => {
    const unknown = client.getCallConnection('00000000-0000-0000-0000-000000000000');
    await expectRestError(unknown.getCallConnectionProperties(), 404, '8522');
    await expectRestError(unknown.getCallMedia().startTranscription({ locale: 'en-US' }), 404, '8522');

    // A callback URL that is not a URL is a malformed body.
    await expectRestError(client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, 'not a url'), 400, '8523');

    emulator.injectFault({ operation: 'createCall', status: 503, code: 'ServiceUnavailable', message: 'Try later.' });
    const error = await expectRestError(client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, receiver.callbackUrl()), 503, 'ServiceUnavailable');
    expect(error.message).toBe('Try later.');
  });

  it('an async createCall fault accepts the call, then sends CreateCallFailed', async () => {
    emulator.injectFault({ operation: 'createCall', mode: 'async', status: 408, code: '8523', message: 'Callee did not answer.' });
    const result = await client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, receiver.callbackUrl(), { operationContext: 'doomed' });
    const id = result.callConnectionProperties.callConnectionId ?? '';
    const failed = await waitFor(() => receiver.eventsFor(id, 'CreateCallFailed')[0], 3_000, 'CreateCallFailed');
    expect(failed.data).toMatchObject({ operationContext: 'doomed', resultInformation: { code: 408, subCode: 8523, message: 'Callee did not answer.' } });
    expect(receiver.eventsFor(id, 'CallConnected')).toHaveLength(0);
    await expectRestError(result.callConnection.getCallConnectionProperties(), 404, '8522');
  });
});
