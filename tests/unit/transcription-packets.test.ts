import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTranscriptionPacket, ticksToMs, msToTicks } from '../../lib/acs/transcription-packets';
import { parseRecording } from '../../server/replay/recording-format';

const seedStreams = parseRecording(fs.readFileSync(new URL('../../server/replay/recordings/seed-document.jsonl', import.meta.url), 'utf8'));
const seedFrames = seedStreams.flatMap((stream) => stream.frames.map((frame) => frame.frame));

describe('ACS transcription packets', () => {
  it('parses every packet of the seed document verbatim', () => {
    expect(seedFrames).toHaveLength(4);
    const parsed = seedFrames.map((frame) => parseTranscriptionPacket(frame));
    expect(parsed.every((result) => result.ok)).toBe(true);
  });

  it('keeps the GA fields, the huge offset and words without duration', () => {
    const result = parseTranscriptionPacket(seedFrames[1] ?? '');
    if (!result.ok || result.packet.kind !== 'TranscriptionData') throw new Error('expected data');
    const data = result.packet.transcriptionData;
    expect(data).toMatchObject({ text: 'Testing transcription.', format: 'display', participantRawID: '8:acs:', resultStatus: 'final' });
    expect(data.offset).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(data.words).toHaveLength(2);
    expect(data.words?.[0]?.duration).toBeUndefined();
  });

  it('keeps every preview field of metadata and data', () => {
    const metadata = parseTranscriptionPacket(seedFrames[2] ?? '');
    if (!metadata.ok || metadata.packet.kind !== 'TranscriptionMetadata') throw new Error('expected metadata');
    expect(metadata.packet.transcriptionMetadata).toEqual({
      subscriptionId: '863b5e55-de0d-4fc3-8e58-2d68e976b5ad',
      locale: 'en-US',
      callConnectionId: '02009180-9dc2-429b-a3eb-d544b7b6a0e1',
      correlationId: '62c8215b-5276-4d3c-bb6d-06a1b114651b',
      speechModelEndpointId: null,
      locales: [],
      enableSentimentAnalysis: true,
      piiRedactionOptions: { enable: true, redactionType: 'MaskWithCharacter' },
    });
    const data = parseTranscriptionPacket(seedFrames[3] ?? '');
    if (!data.ok || data.packet.kind !== 'TranscriptionData') throw new Error('expected data');
    expect(data.packet.transcriptionData).toMatchObject({
      text: 'My date of birth is *********.',
      duration: 31_600_000,
      participantRawID: '4:+917020276722',
      sentimentAnalysisResult: { sentiment: 'neutral' },
    });
  });

  it('accepts the older custom-model name, languageIdentified, mixed sentiment and every resultStatus case', () => {
    const metadata = parseTranscriptionPacket(JSON.stringify({ kind: 'TranscriptionMetadata', transcriptionMetadata: { callConnectionId: 'c', speechRecognitionModelEndpointId: 'model-1', locales: ['en-US', 'es-ES'] } }));
    expect(metadata.ok && metadata.packet.kind === 'TranscriptionMetadata' && metadata.packet.transcriptionMetadata.speechRecognitionModelEndpointId).toBe('model-1');
    for (const status of ['Final', 'final', 'FINAL', 'Intermediate', 'intermediate']) {
      const result = parseTranscriptionPacket(
        JSON.stringify({ kind: 'TranscriptionData', transcriptionData: { text: 'hola', offset: 1, resultStatus: status, languageIdentified: 'es-ES', sentimentAnalysisResult: { sentiment: 'mixed' } } }),
      );
      expect(result.ok && result.packet.kind === 'TranscriptionData' && result.packet.transcriptionData.resultStatus).toBe(status.toLowerCase());
    }
  });

  it.each([
    ['malformed JSON', '{"kind":', 'invalid_json'],
    ['a JSON string', '"TranscriptionData"', 'not_an_object'],
    ['an array', '[]', 'not_an_object'],
    ['null', 'null', 'not_an_object'],
    ['AudioData', '{"kind":"AudioData","audioData":{"data":"AA=="}}', 'ignored_kind'],
    ['DtmfData', '{"kind":"DtmfData","dtmfData":{"data":"5"}}', 'ignored_kind'],
    ['a future kind', '{"kind":"TranscriptionSomethingNew"}', 'unknown_kind'],
    ['no kind', '{"transcriptionData":{}}', 'unknown_kind'],
    ['data without text', '{"kind":"TranscriptionData","transcriptionData":{"offset":1,"resultStatus":"Final"}}', 'invalid_fields'],
    ['data without transcriptionData', '{"kind":"TranscriptionData"}', 'invalid_fields'],
    ['a string offset', '{"kind":"TranscriptionData","transcriptionData":{"text":"x","offset":"12","resultStatus":"Final"}}', 'invalid_fields'],
    ['a negative offset', '{"kind":"TranscriptionData","transcriptionData":{"text":"x","offset":-5,"resultStatus":"Final"}}', 'invalid_fields'],
    ['an unknown resultStatus', '{"kind":"TranscriptionData","transcriptionData":{"text":"x","offset":1,"resultStatus":"Done"}}', 'invalid_fields'],
    ['an unknown sentiment', '{"kind":"TranscriptionData","transcriptionData":{"text":"x","offset":1,"resultStatus":"Final","sentimentAnalysisResult":{"sentiment":"angry"}}}', 'invalid_fields'],
    ['confidence above 1', '{"kind":"TranscriptionData","transcriptionData":{"text":"x","offset":1,"resultStatus":"Final","confidence":7}}', 'invalid_fields'],
    ['metadata without call id', '{"kind":"TranscriptionMetadata","transcriptionMetadata":{"locale":"en-US"}}', 'invalid_fields'],
    ['words of the wrong type', '{"kind":"TranscriptionData","transcriptionData":{"text":"x","offset":1,"resultStatus":"Final","words":"a b"}}', 'invalid_fields'],
  ])('rejects %s with a countable reason', (_name, frame, reason) => {
    const result = parseTranscriptionPacket(frame);
    expect(result).toMatchObject({ ok: false, reason });
  });
});

describe('tick conversion', () => {
  it('converts 100 ns ticks to milliseconds', () => {
    expect(ticksToMs(31_600_000)).toBe(3160);
    expect(msToTicks(3160)).toBe(31_600_000);
  });

  it('stays finite and within a millisecond at and beyond 2^53', () => {
    const edge = 2 ** 53;
    for (const ticks of [edge - 1, edge, edge + 1, 2516998782481234400, Number.MAX_VALUE / 2]) {
      const ms = ticksToMs(ticks);
      expect(Number.isFinite(ms)).toBe(true);
      expect(Number.isNaN(ms)).toBe(false);
    }
    const seed = ticksToMs(JSON.parse('2516998782481234400') as number);
    expect(Math.abs(seed - 251_699_878_248_123.44)).toBeLessThan(1);
    expect(Math.abs(ticksToMs(edge + 1) - edge / 10_000)).toBeLessThan(1);
  });
});

describe('call ids in metadata', () => {
  const metadata = (callConnectionId: string) => JSON.stringify({ kind: 'TranscriptionMetadata', transcriptionMetadata: { callConnectionId } });

  it('keeps any characters ACS may use, exactly', () => {
    for (const callId of ['65c57654=f12c-4975-92a4-21668e61dd98', 'a+b c/d%e?f#g', 'café-日本-%E0%A4%A', 'x'.repeat(256)]) {
      const result = parseTranscriptionPacket(metadata(callId));
      expect(result.ok && result.packet.kind === 'TranscriptionMetadata' && result.packet.transcriptionMetadata.callConnectionId).toBe(callId);
    }
  });

  it('refuses an id longer than 256 characters, which no page or route could open', () => {
    expect(parseTranscriptionPacket(metadata('x'.repeat(257)))).toMatchObject({ ok: false, reason: 'invalid_fields' });
  });
});
