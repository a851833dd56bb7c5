/**
 * The transcription WebSocket as the app's transport URL sees it: authenticated connection, metadata first,
 * intermediate then final results, realistic timing, the preview AI fields, locale updates, stop/start, an
 * unreachable transport and a dropped socket. Every frame must pass Earshot's own packet schema.
 */
import { CallAutomationClient } from '@azure/communication-call-automation';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseTranscriptionPacket,
  ticksToMs,
  type TranscriptionData,
  type TranscriptionMetadata,
  type TranscriptionPacket,
} from '../../../lib/acs/transcription-packets';
import { startAcsEmulator, type AcsEmulator } from '../../../server/acs-emulator/emulator';
import { waitFor } from '../../helpers/wait-for';
import { signedRequest } from './signed-requests';
import { TestReceiver } from './test-receiver';
import { englishScenario, ENGLISH_AGENT, ENGLISH_CUSTOMER, SPANISH_CUSTOMER, testScenarios } from './test-scenarios';

let emulator: AcsEmulator;
let receiver: TestReceiver;
let client: CallAutomationClient;

beforeAll(async () => {
  receiver = await TestReceiver.start();
  emulator = await startAcsEmulator({ scenarios: testScenarios, speedFactor: 25, callbackRetry: { initialDelayMs: 200 } });
  client = new CallAutomationClient(emulator.connectionString, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
});

afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

/** Every frame of the call's sockets, parsed with Earshot's schema; a frame that fails it fails the test. */
function packetsFor(callConnectionId: string): TranscriptionPacket[] {
  return receiver.socketsFor(callConnectionId).flatMap((socket) =>
    socket.frames.map((frame) => {
      const parsed = parseTranscriptionPacket(frame);
      if (!parsed.ok) throw new Error(`frame failed the packet schema (${parsed.reason}: ${parsed.detail}): ${frame.slice(0, 200)}`);
      return parsed.packet;
    }),
  );
}

function finals(packets: TranscriptionPacket[]): TranscriptionData[] {
  return packets.flatMap((packet) =>
    packet.kind === 'TranscriptionData' && packet.transcriptionData.resultStatus === 'final' ? [packet.transcriptionData] : [],
  );
}

function metadataOf(packet: TranscriptionPacket | undefined): TranscriptionMetadata {
  if (packet?.kind !== 'TranscriptionMetadata') throw new Error(`expected TranscriptionMetadata first, got ${packet?.kind ?? 'nothing'}`);
  return packet.transcriptionMetadata;
}

async function createTranscribedCall(phoneNumber: string, transcription: Record<string, unknown>): Promise<string> {
  const result = await client.createCall({ targetParticipant: { phoneNumber } }, receiver.callbackUrl(), {
    transcriptionOptions: { transportType: 'websocket', transportUrl: receiver.wsUrl(), locale: 'en-US', startTranscription: true, ...transcription },
  });
  return result.callConnectionProperties.callConnectionId ?? '';
}

describe('GA transcription stream', () => {
  it('metadata first, growing intermediates then a final per utterance, with words in ticks at a natural pace', async () => {
    const id = await createTranscribedCall('+15550100001', { enableIntermediateResults: true });
    await waitFor(() => receiver.eventsFor(id, 'CallDisconnected').length > 0, 10_000, 'scenario played to the end');
    expect(receiver.typesFor(id)).toEqual(['CallConnected', 'ParticipantsUpdated', 'TranscriptionStarted', 'CallDisconnected']);

    const [socket] = receiver.socketsFor(id);
    expect(socket?.headers['x-ms-call-connection-id']).toBe(id);
    expect(socket?.headers['x-ms-call-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const token = /^Bearer (.+)$/.exec(socket?.headers.authorization ?? '')?.[1] ?? '';
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(emulator.jwksUrl)), {
      issuer: emulator.issuer,
      audience: emulator.audience,
      algorithms: ['RS256'],
    });
    expect(payload.sub).toBe(id);
    expect(decodeProtectedHeader(token).alg).toBe('RS256');

    const packets = packetsFor(id);
    const metadata = metadataOf(packets[0]);
    expect(metadata).toMatchObject({ callConnectionId: id, locale: 'en-US', enableSentimentAnalysis: false, locales: [] });
    expect(packets.slice(1).every((packet) => packet.kind === 'TranscriptionData')).toBe(true);

    const lines = englishScenario.turns.flatMap((turn) => ('text' in turn ? [turn] : []));
    const results = finals(packets);
    expect(results.map((result) => result.text)).toEqual(lines.map((line) => line.text));

    let previousEnd = 0;
    for (const result of results) {
      // Intermediate results for this utterance came before its final, each a longer prefix of the text so far.
      const partials = packets.flatMap((packet) =>
        packet.kind === 'TranscriptionData' && packet.transcriptionData.resultStatus === 'intermediate' && packet.transcriptionData.offset === result.offset
          ? [packet.transcriptionData.text]
          : [],
      );
      expect(partials.length).toBeGreaterThan(0);
      for (const [index, partial] of partials.entries()) {
        expect(result.text.startsWith(partial)).toBe(true);
        if (index > 0) expect(partial.length).toBeGreaterThan(partials[index - 1]?.length ?? 0);
      }
      expect([ENGLISH_AGENT, ENGLISH_CUSTOMER]).toContain(result.participantRawID);
      expect(result.confidence).toBeGreaterThanOrEqual(0.8);
      expect(result.sentimentAnalysisResult).toBeUndefined();
      expect(result.languageIdentified).toBeUndefined();
      expect(result.offset).toBeGreaterThanOrEqual(previousEnd);

      const words = result.words ?? [];
      expect(words.length).toBeGreaterThan(3);
      expect(words.every((word) => word.text === word.text.toLowerCase() && !/[.,?!]$/.test(word.text))).toBe(true);
      let cursor = result.offset;
      for (const word of words) {
        expect(word.offset ?? -1).toBeGreaterThanOrEqual(cursor);
        expect(word.duration ?? 0).toBeGreaterThan(0);
        cursor = (word.offset ?? 0) + (word.duration ?? 0);
      }
      previousEnd = result.offset + (result.duration ?? 0);
      // About 150 words a minute: 0.4 s a word, give or take the per-turn pace.
      const msPerWord = ticksToMs(result.duration ?? 0) / words.length;
      expect(msPerWord).toBeGreaterThan(280);
      expect(msPerWord).toBeLessThan(520);
    }
  });

  it('without intermediate results only finals arrive', async () => {
    const id = await createTranscribedCall('+15550100003', {});
    await waitFor(() => receiver.eventsFor(id, 'CallDisconnected').length > 0, 10_000, 'scenario played to the end');
    const data = packetsFor(id).filter((packet) => packet.kind === 'TranscriptionData');
    expect(data.length).toBe(2);
    expect(data.every((packet) => packet.kind === 'TranscriptionData' && packet.transcriptionData.resultStatus === 'final')).toBe(true);
    // The hold shows up as the customer going on and off hold.
    const holds = receiver.eventsFor(id, 'ParticipantsUpdated').map((event) =>
      (event.data.participants as { identifier: { rawId: string }; isOnHold: boolean }[]).find((entry) => entry.identifier.rawId === '4:+15550100003')?.isOnHold,
    );
    expect(holds).toEqual([false, true, false]);
  });
});

describe('preview AI features on the stream', () => {
  it('sentiment, PII redaction (text and words) and language identification, as the call options ask', async () => {
    const response = await signedRequest(emulator.connectionString, 'POST', '/calling/callConnections', {
      targets: [{ kind: 'phoneNumber', rawId: ENGLISH_CUSTOMER, phoneNumber: { value: '+15550100001' } }],
      callbackUri: receiver.callbackUrl(),
      transcriptionOptions: {
        transportType: 'websocket',
        transportUrl: receiver.wsUrl(),
        locale: 'en-US',
        startTranscription: true,
        enableSentimentAnalysis: true,
        piiRedactionOptions: { enable: true, redactionType: 'maskWithCharacter' },
        locales: ['en-US', 'es-ES'],
      },
    });
    expect(response.status).toBe(201);
    const id = String((response.json as { callConnectionId: string }).callConnectionId);
    await waitFor(() => receiver.eventsFor(id, 'CallDisconnected').length > 0, 10_000, 'scenario played to the end');

    const packets = packetsFor(id);
    expect(metadataOf(packets[0])).toMatchObject({
      enableSentimentAnalysis: true,
      piiRedactionOptions: { enable: true, redactionType: 'MaskWithCharacter' },
      locales: ['en-US', 'es-ES'],
    });
    const results = finals(packets);
    expect(results).toHaveLength(6);
    for (const result of results) {
      expect(result.sentimentAnalysisResult?.sentiment).toMatch(/^(positive|neutral|negative|mixed)$/);
      expect(result.languageIdentified).toBe('en-US');
    }
    expect(results[1]?.sentimentAnalysisResult?.sentiment).toBe('negative');
    expect(results[5]?.sentimentAnalysisResult?.sentiment).toBe('positive');

    const pii = results[3];
    const original = 'Sure, it is 4111 1111 1111 1111 and my email is carl@example.com.';
    expect(pii?.text).toHaveLength(original.length);
    expect(pii?.text).not.toMatch(/4111|carl@example/);
    expect(pii?.text).toContain('*'.repeat(19));
    expect(pii?.words?.map((word) => word.text).join(' ')).not.toMatch(/\d|carl/);
    // Nothing unmasked in any line's text or words, intermediate results included. (Only there: the frames also
    // carry random call ids, which hold "4111" now and then.)
    const spoken = packets.flatMap((packet) => (packet.kind === 'TranscriptionData' ? [packet.transcriptionData.text, ...(packet.transcriptionData.words ?? []).map((word) => word.text)] : []));
    expect(spoken.length).toBeGreaterThan(results.length);
    expect(spoken.join('\n')).not.toMatch(/4111|carl@example/);
  });

  it('a Spanish speaker recognised as en-US looks wrong (low confidence) until updateTranscription switches to es-ES', async () => {
    const id = await createTranscribedCall(SPANISH_CUSTOMER.slice(2), {});
    const media = client.getCallConnection(id).getCallMedia();
    await waitFor(() => finals(packetsFor(id)).length >= 1, 10_000, 'a final in en-US');
    await media.updateTranscription('es-ES', { operationContext: 'to-spanish' });
    await waitFor(() => receiver.eventsFor(id, 'TranscriptionUpdated').length > 0, 3_000, 'TranscriptionUpdated');
    await waitFor(() => receiver.eventsFor(id, 'CallDisconnected').length > 0, 10_000, 'scenario played to the end');

    const results = finals(packetsFor(id));
    const firstRight = results.findIndex((result) => (result.confidence ?? 0) >= 0.8);
    expect(firstRight).toBeGreaterThanOrEqual(1);
    const wrong = results.slice(0, firstRight);
    const right = results.slice(firstRight);
    expect(right.length).toBeGreaterThan(0);
    for (const result of wrong) {
      expect(result.confidence).toBeGreaterThanOrEqual(0.3);
      expect(result.confidence).toBeLessThanOrEqual(0.5);
      expect(result.text).not.toMatch(/[¿¡áéíóúñ]/);
    }
    for (const result of right) expect(result.confidence).toBeGreaterThanOrEqual(0.8);
    expect(right.some((result) => /[¿¡áéíóúñ]/.test(result.text))).toBe(true);
  });
});

describe('stream lifecycle', () => {
  it('stop closes the socket, start opens a new one that begins with metadata again', async () => {
    const result = await client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, receiver.callbackUrl(), {
      transcriptionOptions: { transportType: 'websocket', transportUrl: receiver.wsUrl(), locale: 'en-US', startTranscription: true },
    });
    const id = result.callConnectionProperties.callConnectionId ?? '';
    const media = result.callConnection.getCallMedia();
    await waitFor(() => receiver.eventsFor(id, 'TranscriptionStarted').length === 1, 5_000, 'first TranscriptionStarted');
    await media.stopTranscription();
    await waitFor(() => receiver.socketsFor(id)[0]?.closed, 3_000, 'first socket closed');
    await waitFor(() => receiver.eventsFor(id, 'TranscriptionStopped').length === 1, 3_000, 'TranscriptionStopped');

    await media.startTranscription({ locale: 'en-GB' });
    await waitFor(() => receiver.eventsFor(id, 'TranscriptionStarted').length === 2, 3_000, 'second TranscriptionStarted');
    const second = receiver.socketsFor(id)[1];
    expect(second).toBeDefined();
    const firstFrame = parseTranscriptionPacket(second?.frames[0] ?? '');
    expect(firstFrame.ok && metadataOf(firstFrame.packet).locale).toBe('en-GB');
    await result.callConnection.hangUp(true);
  });

  it('an unreachable transport URL gives TranscriptionFailed 8581 streamConnectionUnsuccessful', async () => {
    const result = await client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, receiver.callbackUrl(), {
      // Port 1 on loopback refuses connections.
      transcriptionOptions: { transportType: 'websocket', transportUrl: 'ws://127.0.0.1:1/ws', locale: 'en-US', startTranscription: true },
    });
    const id = result.callConnectionProperties.callConnectionId ?? '';
    const failed = await waitFor(() => receiver.eventsFor(id, 'TranscriptionFailed')[0], 5_000, 'TranscriptionFailed');
    expect(failed.data).toMatchObject({
      resultInformation: { code: 400, subCode: 8581 },
      transcriptionUpdate: { transcriptionStatus: 'transcriptionFailed', transcriptionStatusDetails: 'streamConnectionUnsuccessful' },
    });
    expect((await result.callConnection.getCallConnectionProperties()).transcriptionSubscription?.state).toBe('inactive');
    await result.callConnection.hangUp(true);
  });

  it('a transport that refuses the upgrade (401) or an injected transportConnect fault fails the same way', async () => {
    receiver.refuseUpgradesWith = 401;
    try {
      const refused = await createTranscribedCall('+15550100001', {});
      await waitFor(() => receiver.eventsFor(refused, 'TranscriptionFailed')[0], 5_000, 'TranscriptionFailed after 401');
      await client.getCallConnection(refused).hangUp(true);
    } finally {
      receiver.refuseUpgradesWith = undefined;
    }
    emulator.injectFault({ operation: 'transportConnect' });
    const faulted = await createTranscribedCall('+15550100001', {});
    const failed = await waitFor(() => receiver.eventsFor(faulted, 'TranscriptionFailed')[0], 5_000, 'TranscriptionFailed after fault');
    expect(failed.data).toMatchObject({ resultInformation: { subCode: 8581 } });
    expect(receiver.socketsFor(faulted)).toHaveLength(0);
    await client.getCallConnection(faulted).hangUp(true);
  });

  it('a socket dropped mid-call is reopened with backoff: metadata again, then TranscriptionResumed', async () => {
    const id = await createTranscribedCall('+15550100001', {});
    await waitFor(() => finals(packetsFor(id)).length >= 1, 5_000, 'first final');
    receiver.socketsFor(id)[0]?.socket.terminate();
    await waitFor(() => receiver.socketsFor(id).length === 2, 5_000, 'reconnected');
    const resumed = await waitFor(() => receiver.eventsFor(id, 'TranscriptionResumed')[0], 3_000, 'TranscriptionResumed');
    expect(resumed.data).toMatchObject({
      transcriptionUpdate: { transcriptionStatus: 'transcriptionResumed', transcriptionStatusDetails: 'streamConnectionReestablished' },
    });
    const second = receiver.socketsFor(id)[1];
    const first = parseTranscriptionPacket(second?.frames[0] ?? '');
    expect(first.ok && first.packet.kind).toBe('TranscriptionMetadata');
    await waitFor(() => receiver.eventsFor(id, 'CallDisconnected').length > 0, 10_000, 'scenario played to the end');
    // No final is lost or repeated across the drop.
    expect(finals(packetsFor(id)).map((result) => result.text)).toEqual(
      englishScenario.turns.flatMap((turn) => ('text' in turn ? [turn.text] : [])),
    );
  });

  it('starting transcription on a call set up without a transport URL fails with streamUrlMissing', async () => {
    const result = await client.createCall({ targetParticipant: { phoneNumber: '+15550100001' } }, receiver.callbackUrl());
    const id = result.callConnectionProperties.callConnectionId ?? '';
    await waitFor(() => receiver.eventsFor(id, 'CallConnected').length > 0, 5_000, 'CallConnected');
    await result.callConnection.getCallMedia().startTranscription({ locale: 'en-US' });
    const failed = await waitFor(() => receiver.eventsFor(id, 'TranscriptionFailed')[0], 3_000, 'TranscriptionFailed');
    expect(failed.data).toMatchObject({ transcriptionUpdate: { transcriptionStatusDetails: 'streamUrlMissing' } });
    await result.callConnection.hangUp(true);
  });
});
