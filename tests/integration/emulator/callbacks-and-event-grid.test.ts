/**
 * Webhooks as the app receives them: signed CloudEvents callbacks (verified through the emulator's JWKS), retries
 * with backoff in order, a dead webhook that never holds a call up, the Event Grid validation handshake before
 * IncomingCall, and demo traffic that keeps N calls going.
 */
import { CallAutomationClient } from '@azure/communication-call-automation';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAcsEmulator, type AcsEmulator } from '../../../server/acs-emulator/emulator';
import { waitFor } from '../../helpers/wait-for';
import { TestReceiver } from './test-receiver';
import { englishScenario, holdScenario, testScenarios } from './test-scenarios';

let emulator: AcsEmulator;
let receiver: TestReceiver;
let client: CallAutomationClient;

beforeAll(async () => {
  receiver = await TestReceiver.start();
  emulator = await startAcsEmulator({
    scenarios: testScenarios,
    speedFactor: 25,
    hangUpWhenScenarioEnds: false,
    callbackRetry: { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 2_000 },
  });
  client = new CallAutomationClient(emulator.connectionString, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
});

afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

describe('callbacks', () => {
  it('are one-element CloudEvents arrays with a Bearer JWT that verifies against the served JWKS', async () => {
    const result = await client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, receiver.callbackUrl(), { operationContext: 'jwt' });
    const id = result.callConnectionProperties.callConnectionId ?? '';
    const event = await waitFor(() => receiver.eventsFor(id, 'CallConnected')[0], 5_000, 'CallConnected');
    expect(event.raw).toMatchObject({
      specversion: '1.0',
      datacontenttype: 'application/json',
      source: `calling/callConnections/${id}`,
      subject: `calling/callConnections/${id}`,
      type: 'Microsoft.Communication.CallConnected',
    });
    expect(typeof event.raw.id).toBe('string');
    expect(Number.isNaN(Date.parse(String(event.raw.time)))).toBe(false);

    const jwks = createRemoteJWKSet(new URL(emulator.jwksUrl));
    const token = /^Bearer (.+)$/.exec(event.authorization ?? '')?.[1] ?? '';
    const { payload } = await jwtVerify(token, jwks, { issuer: emulator.issuer, audience: emulator.audience, algorithms: ['RS256'] });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(300);
    await expect(jwtVerify(token, jwks, { issuer: emulator.issuer, audience: 'someone-else' })).rejects.toThrow();

    // The OpenID configuration points at the same keys.
    const config = (await (await fetch(emulator.openIdConfigUrl)).json()) as { jwks_uri: string; issuer: string };
    expect(config).toMatchObject({ jwks_uri: emulator.jwksUrl, issuer: emulator.issuer });
    await result.callConnection.hangUp(true);
  });

  it('a failed delivery is retried with backoff, and the call’s events still arrive in order', async () => {
    receiver.callbackFailures.set('/callbacks/flaky', [500, 503, 502]);
    const result = await client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, receiver.callbackUrl('/callbacks/flaky'));
    const id = result.callConnectionProperties.callConnectionId ?? '';
    await waitFor(() => receiver.eventsFor(id, 'ParticipantsUpdated').length > 0, 10_000, 'ParticipantsUpdated after retries');
    expect(receiver.callbackAttempts.filter((attempt) => attempt.path === '/callbacks/flaky').map((attempt) => attempt.status).slice(0, 4)).toEqual([500, 503, 502, 200]);
    expect(receiver.typesFor(id).slice(0, 2)).toEqual(['CallConnected', 'ParticipantsUpdated']);
    expect(emulator.deliveryStats().failedAttempts).toBeGreaterThanOrEqual(3);
    await result.callConnection.hangUp(true);
  });

  it('a webhook that is down never holds the call up', async () => {
    // Nothing listens on port 1: every callback fails and is retried in the background.
    const result = await client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, 'http://127.0.0.1:1/callbacks', {
      transcriptionOptions: { transportType: 'websocket', transportUrl: receiver.wsUrl(), locale: 'en-US', startTranscription: true },
    });
    const id = result.callConnectionProperties.callConnectionId ?? '';
    await waitFor(async () => (await result.callConnection.getCallConnectionProperties()).callConnectionState === 'connected', 5_000, 'connected');
    await waitFor(() => (receiver.socketsFor(id)[0]?.frames.length ?? 0) > 1, 5_000, 'transcripts flowing');
    await result.callConnection.hangUp(true);
  });
});

describe('Event Grid', () => {
  it('validates the subscription first, then delivers IncomingCall in the Event Grid schema', async () => {
    const grid = await TestReceiver.start();
    const local = await startAcsEmulator({ scenarios: [englishScenario], speedFactor: 25, eventGridWebhookUrl: grid.eventGridUrl });
    try {
      await waitFor(() => local.eventGridState() === 'validated', 5_000, 'validated');
      const [handshake] = grid.eventGrid;
      expect(handshake?.headers['aeg-event-type']).toBe('SubscriptionValidation');
      expect(handshake?.events[0]).toMatchObject({ eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: expect.any(String) } });

      const placed = local.placeIncomingCall();
      const delivery = await waitFor(() => grid.eventGrid.find((entry) => entry.events[0]?.eventType === 'Microsoft.Communication.IncomingCall'), 5_000, 'IncomingCall');
      expect(delivery.headers['aeg-event-type']).toBe('Notification');
      expect(delivery.events[0]).toMatchObject({
        eventType: 'Microsoft.Communication.IncomingCall',
        dataVersion: '1.0',
        subject: `/caller/${placed.from}/recipient/${placed.to}`,
        data: {
          incomingCallContext: placed.incomingCallContext,
          correlationId: placed.correlationId,
          serverCallId: placed.serverCallId,
          callerDisplayName: 'Carl Customer',
        },
      });
      expect(delivery.events[0]?.type).toBeUndefined();
    } finally {
      await local.close();
      await grid.close();
    }
  });

  it('sends no IncomingCall until the webhook validates; the validationUrl works as the manual handshake', async () => {
    const grid = await TestReceiver.start();
    grid.validateEventGrid = false;
    const local = await startAcsEmulator({ scenarios: [englishScenario], speedFactor: 25, eventGridWebhookUrl: grid.eventGridUrl });
    try {
      await waitFor(() => grid.eventGrid.length >= 2, 5_000, 'handshake retried');
      expect(local.eventGridState()).toBe('validating');
      local.placeIncomingCall();
      expect(grid.incomingCalls()).toHaveLength(0);

      const validationUrl = String((grid.eventGrid[0]?.events[0]?.data as { validationUrl: string }).validationUrl);
      expect((await fetch(validationUrl)).status).toBe(200);
      expect(local.eventGridState()).toBe('validated');
      const placed = local.placeIncomingCall();
      await waitFor(() => grid.incomingCalls().find((data) => data.correlationId === placed.correlationId), 5_000, 'IncomingCall after validation');
    } finally {
      await local.close();
      await grid.close();
    }
  });
});

describe('demo traffic', () => {
  it('keeps N answered calls going: ring, answer, play to the end, hang up, ring again', async () => {
    const app = await TestReceiver.start();
    // The webhook is set after start, as an app that learns its own URL only once it listens would do.
    const local = await startAcsEmulator({ scenarios: [englishScenario, holdScenario], speedFactor: 50, demoCalls: 2 });
    expect(local.eventGridState()).toBe('none');
    local.setEventGridWebhook(app.eventGridUrl);
    const appClient = new CallAutomationClient(local.connectionString, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
    app.onIncomingCall = (data) => {
      void appClient.answerCall(String(data.incomingCallContext), app.callbackUrl(), {
        transcriptionOptions: { transportType: 'websocket', transportUrl: app.wsUrl(), locale: 'en-US', startTranscription: true },
      });
    };
    let maxConcurrent = 0;
    try {
      await waitFor(
        () => {
          maxConcurrent = Math.max(maxConcurrent, local.calls.active().length);
          const stats = local.demoStats();
          return stats !== undefined && stats.completed >= 3 && stats.offered >= 4;
        },
        20_000,
        'several demo calls completed',
      );
      expect(maxConcurrent).toBe(2);
      const stats = local.demoStats();
      expect(stats?.unanswered).toBe(0);
      // Every ended demo call was hung up by the remote side at the end of its scenario, with transcripts on the way.
      const ended = local.calls.list().filter((call) => call.state === 'disconnected');
      expect(ended.length).toBeGreaterThanOrEqual(3);
      for (const call of ended) {
        expect(call.endReason).toBe('remote');
        await waitFor(() => app.eventsFor(call.ids.callConnectionId, 'CallDisconnected').length === 1, 2_000, 'CallDisconnected delivered');
        expect(app.socketsFor(call.ids.callConnectionId).length).toBeGreaterThan(0);
      }
    } finally {
      await local.close();
      await app.close();
    }
  });

  it('gives up on a call nobody answers and rings again later', async () => {
    const app = await TestReceiver.start();
    const local = await startAcsEmulator({
      scenarios: [englishScenario],
      speedFactor: 50,
      eventGridWebhookUrl: app.eventGridUrl,
      demoCalls: 1,
      ringTimeoutMs: 150,
    });
    try {
      await waitFor(() => (local.demoStats()?.unanswered ?? 0) >= 2, 10_000, 'two unanswered rings');
      expect(app.incomingCalls().length).toBeGreaterThanOrEqual(2);
      expect(local.calls.list()).toHaveLength(0);
    } finally {
      await local.close();
      await app.close();
    }
  });
});
