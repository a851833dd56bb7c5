/**
 * ACS can send the same final again — after a reconnect (TranscriptionResumed), or to a second connection for the
 * same call. Two identical finals (speaker, offset, duration, text) are one line: in the store, on the live channel,
 * across a restart, and across two connections.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistory, FinalSegment, Result } from '../../lib/protocol';
import type { EarshotServer } from '../../server/create-app';
import { connectSupervisor, dataPacket, metadataPacket, openAcsStream, startEarshot, startTestAcs, tempDatabasePath, type SupervisorSocket, type TestAcs } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

let acs: TestAcs;

beforeAll(async () => {
  acs = await startTestAcs();
});
afterAll(async () => acs?.close());

function watch(socket: SupervisorSocket, callId: string) {
  const received: FinalSegment[] = [];
  socket.on('call:segment', (segment) => {
    if (segment.callId === callId) received.push(segment);
  });
  return new Promise<{ received: FinalSegment[]; history: Result<CallHistory> }>((resolve) =>
    socket.emit('call:open', { callId, afterSeq: 0 }, (history) => resolve({ received, history })),
  );
}

async function storedTexts(server: EarshotServer, callId: string) {
  return ((await server.calls.history(callId, 0))?.segments ?? []).map((segment) => `${segment.seq}:${segment.text}`);
}

describe('a repeated final', () => {
  it('is stored and shown once when the same stream sends it twice, and numbering goes on without a gap', async () => {
    const server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl });
    const callId = randomUUID();
    try {
      const stream = await openAcsStream(server, await acs.sign(), { 'x-ms-call-connection-id': callId });
      await stream.send(metadataPacket(callId));
      await waitFor(async () => (await server.calls.getCall(callId)) !== null);
      const browser = await connectSupervisor(server);
      const { received } = await watch(browser, callId);
      const hello = dataPacket('I want to cancel my account.', { offsetMs: 1_000, sentiment: 'negative' });
      await stream.send(hello);
      await stream.send(hello);
      await stream.send(dataPacket('Let me help you with that.', { offsetMs: 4_000, speaker: '8:acs:agent_1' }));
      await waitFor(async () => (await server.calls.getCall(callId))?.lastSeq === 2, 5_000, 'two lines');
      await waitFor(() => received.length === 2, 5_000, 'two live lines');
      expect(await storedTexts(server, callId)).toEqual(['1:I want to cancel my account.', '2:Let me help you with that.']);
      expect(received.map((segment) => segment.seq)).toEqual([1, 2]);
      const call = await server.calls.getCall(callId);
      expect(call?.sentimentTrend).toHaveLength(1);
      expect(call?.ingest.rejected['duplicate_final']).toBe(1);
      browser.disconnect();
      await stream.close();
    } finally {
      await server.close();
    }
  });

  it('is stored once when two connections for the same call both send it', async () => {
    const server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl });
    const callId = randomUUID();
    try {
      const headers = { 'x-ms-call-connection-id': callId };
      const [first, second] = await Promise.all([openAcsStream(server, await acs.sign(), headers), openAcsStream(server, await acs.sign(), headers)]);
      const lines = Array.from({ length: 20 }, (_, index) => dataPacket(`Line ${index + 1}`, { offsetMs: index * 2_000 }));
      await Promise.all([(async () => {
        for (const line of lines) await first.send(line);
      })(), (async () => {
        for (const line of lines) await second.send(line);
      })()]);
      await waitFor(async () => (await server.calls.getCall(callId))?.lastSeq === 20, 5_000, 'twenty lines');
      await server.calls.flushNow();
      expect(await storedTexts(server, callId)).toEqual(lines.map((_, index) => `${index + 1}:Line ${index + 1}`));
      await Promise.all([first.close(), second.close()]);
    } finally {
      await server.close();
    }
  });

  it('is recognised after a restart, when the reconnected stream sends what was stored before', async () => {
    const databasePath = tempDatabasePath();
    const callId = randomUUID();
    const before = [dataPacket('First.', { offsetMs: 0 }), dataPacket('Second.', { offsetMs: 2_000 })];
    const first = await startEarshot({ databasePath, jwksUrl: acs.jwksUrl });
    const stream = await openAcsStream(first, await acs.sign(), { 'x-ms-call-connection-id': callId });
    for (const packet of before) await stream.send(packet);
    await waitFor(async () => (await first.calls.getCall(callId))?.lastSeq === 2);
    await stream.close();
    await first.close();

    const second = await startEarshot({ databasePath, jwksUrl: acs.jwksUrl });
    try {
      const browser = await connectSupervisor(second);
      const { received } = await watch(browser, callId);
      const resumed = await openAcsStream(second, await acs.sign(), { 'x-ms-call-connection-id': callId });
      for (const packet of before) await resumed.send(packet);
      await resumed.send(dataPacket('Third.', { offsetMs: 4_000 }));
      await waitFor(async () => (await second.calls.getCall(callId))?.lastSeq === 3, 5_000, 'the third line');
      await second.calls.flushNow();
      expect(await storedTexts(second, callId)).toEqual(['1:First.', '2:Second.', '3:Third.']);
      await waitFor(() => received.length >= 1);
      expect(received.map((segment) => segment.seq)).toEqual([3]);
      browser.disconnect();
      await resumed.close();
    } finally {
      await second.close();
    }
  });
});
