/**
 * Fuzzes the transcript WebSocket end to end (server without Next): streams with and without the call id header,
 * then valid, broken and junk frames in any order. The stream must go on — a valid final sent after the junk is
 * stored — the server must log no error, and no log line may quote a frame's text.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscriptionPacketSchema } from '../../lib/acs/transcription-packets';
import type { EarshotServer } from '../../server/create-app';
import { dataPacket as dataPacketArbitrary, metadataPacket as metadataPacketArbitrary, transcriptionPacket } from '../helpers/acs-arbitraries';
import { capturingLogger, dataPacket, metadataPacket, openAcsStream, startEarshot, startTestAcs, tempDatabasePath, type TestAcs } from '../helpers/earshot-harness';
import { fuzzParameters } from '../helpers/fuzz';
import { mutatedJson, mutatedText } from '../helpers/json-mutations';
import { schemaKeys } from '../helpers/schema-keys';
import { waitFor } from '../helpers/wait-for';

/** Every transcript text the fuzz sends carries this word, so the test can tell if a log line quotes one. */
const CANARY = 'Quixotically';

let acs: TestAcs;
let server: EarshotServer;
const logs = capturingLogger('info');

beforeAll(async () => {
  acs = await startTestAcs();
  server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, log: logs.log });
});

afterAll(async () => {
  await server?.close();
  await acs?.close();
});

const withCanary = <T extends { kind: string }>(packet: T): T => {
  const copy = JSON.parse(JSON.stringify(packet)) as T & { transcriptionData?: { text: string; words?: { text: string }[] } };
  if (copy.transcriptionData) {
    copy.transcriptionData.text = `${CANARY} ${copy.transcriptionData.text}`;
    for (const word of copy.transcriptionData.words ?? []) word.text = `${CANARY}${word.text}`;
  }
  return copy;
};

const keys = schemaKeys(TranscriptionPacketSchema);
const packets = transcriptionPacket.map(withCanary);
const frame = fc.oneof(
  { weight: 3, arbitrary: mutatedJson(packets, keys) },
  { weight: 2, arbitrary: fc.oneof(dataPacketArbitrary, metadataPacketArbitrary).map(withCanary).map((packet) => JSON.stringify(packet)) },
  { weight: 1, arbitrary: mutatedText(packets.map((packet) => JSON.stringify(packet))) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }).map((text) => `${CANARY}${text}`), fc.json(), fc.constantFrom('{"kind":"AudioData","audioData":{}}', '{"kind":"DtmfData"}', '')) },
);

describe('transcript ingress, fuzzed', () => {
  it('keeps every stream going through junk frames, stores the next valid final, and logs no frame text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(fc.tuple(frame, fc.boolean()), { minLength: 1, maxLength: 12 }), async (withHeader, frames) => {
        const callId = randomUUID();
        const stream = await openAcsStream(server, await acs.sign(), withHeader ? { 'x-ms-call-connection-id': callId } : {});
        const closed: number[] = [];
        stream.socket.on('close', (code) => closed.push(code));
        // Without the header, the stream learns its call from the first metadata: send it first or after the junk.
        if (!withHeader) await stream.send(metadataPacket(callId));
        for (const [text, binary] of frames) await new Promise<void>((resolve, reject) => stream.socket.send(binary ? Buffer.from(text) : text, (error) => (error ? reject(error) : resolve())));
        const sentinel = `sentinel ${randomUUID()}`;
        await stream.send(dataPacket(sentinel, { offsetMs: 987_654 }));
        await waitFor(async () => (await server.calls.history(callId, 0))?.segments.some((segment) => segment.text === sentinel), 5_000, 'the final sent after the junk');
        expect(closed).toEqual([]);
        await stream.close();
      }),
      fuzzParameters(80),
    );
    const lines = logs.lines();
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(lines.filter((line) => JSON.stringify(line).includes(CANARY))).toEqual([]);
    expect(lines.some((line) => line.msg === 'rejected transcript packet')).toBe(true);
  });
});
