/**
 * Fuzzes the step after parsing: ACS TranscriptionData → Earshot line (server/ingress/normalize-segment.ts), and
 * the identity of a final line (server/domain/final-key.ts), which decides what the store keeps as a repeat.
 * Any packet the parser accepts must normalise without throwing to finite numbers; the key must be the same for
 * the same line and different for different lines (a wrong "repeat" drops a line for good).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTranscriptionPacket, SENTIMENTS, TranscriptionPacketSchema, type TranscriptionData } from '../../lib/acs/transcription-packets';
import { SPEAKER_KINDS } from '../../lib/protocol';
import { finalKey } from '../../server/domain/final-key';
import { normalizeTranscriptionData, type NormalizedLine } from '../../server/ingress/normalize-segment';
import { anyText, dataPacket, localeText, rawId, transcriptText } from '../helpers/acs-arbitraries';
import { fuzzParameters } from '../helpers/fuzz';
import { mutatedJson } from '../helpers/json-mutations';
import { schemaKeys } from '../helpers/schema-keys';

/** TranscriptionData as the ingress gets it: whatever the parser accepted, valid or mutated. */
const acceptedData: fc.Arbitrary<TranscriptionData> = fc
  .oneof(
    dataPacket.map((packet) => JSON.stringify(packet)),
    mutatedJson(dataPacket, schemaKeys(TranscriptionPacketSchema)),
  )
  .map((raw) => parseTranscriptionPacket(raw))
  .filter((result) => result.ok && result.packet.kind === 'TranscriptionData')
  .map((result) => (result.ok && result.packet.kind === 'TranscriptionData' ? result.packet.transcriptionData : (undefined as never)));

const context = fc.record({ streamLocale: fc.option(localeText, { nil: null }), piiRedactionEnabled: fc.option(fc.boolean(), { nil: null }) });

const keyOf = (line: NormalizedLine) => finalKey({ speakerRawId: line.speaker.rawId, offsetMs: line.offsetMs, durationMs: line.durationMs, text: line.text });

const finite = (value: number) => Number.isFinite(value) && value >= 0;

describe('normalising TranscriptionData, fuzzed', () => {
  it('never throws on anything the parser accepts, and yields finite, non-negative times and known labels', () => {
    fc.assert(
      fc.property(acceptedData, context, (data, streamContext) => {
        const line = normalizeTranscriptionData(data, streamContext);
        expect(finite(line.offsetMs)).toBe(true);
        expect(finite(line.durationMs)).toBe(true);
        expect(line.words).toHaveLength(data.words?.length ?? 0);
        for (const word of line.words) {
          expect(finite(word.offsetMs)).toBe(true);
          expect(finite(word.durationMs)).toBe(true);
        }
        if (line.confidence !== null) expect(line.confidence >= 0 && line.confidence <= 1).toBe(true);
        expect(SPEAKER_KINDS).toContain(line.speaker.kind);
        expect(typeof line.speaker.label).toBe('string');
        expect(line.speaker.rawId.trim()).not.toBe('');
        expect(line.isFinal).toBe(data.resultStatus === 'final');
        if (line.sentiment !== null) expect(SENTIMENTS).toContain(line.sentiment);
        expect(line.language).toBe(data.languageIdentified ?? streamContext.streamLocale);
        if (streamContext.piiRedactionEnabled === false) expect(line.piiMasked).toBe(false);
        // The key is stable: the same packet, normalised again, is the same line.
        expect(keyOf(normalizeTranscriptionData(structuredClone(data), streamContext))).toBe(keyOf(line));
      }),
      fuzzParameters(1_500),
    );
  });
});

/** Offsets in ticks up to 2^45 (about 40 days into a stream): each tick is a distinct millisecond value. */
const realisticTicks = fc.nat({ max: 2 ** 45 });

const baseData = fc.record({
  text: transcriptText,
  offset: realisticTicks,
  duration: realisticTicks,
  participantRawID: fc.option(rawId, { nil: undefined }),
  resultStatus: fc.constant('final' as const),
});

const line = fc.record({
  speakerRawId: fc.oneof(rawId, fc.string({ unit: fc.constantFrom('\u0000', '1', 'a', ':'), minLength: 1, maxLength: 8 })),
  offsetMs: fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e15, noNaN: true }), fc.constantFrom(0, 0.5, 1e21)),
  durationMs: fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e15, noNaN: true })),
  text: fc.oneof(transcriptText, fc.string({ unit: fc.constantFrom('\u0000', '1', 'a', '.'), maxLength: 8 })),
});
type Line = typeof line extends fc.Arbitrary<infer T> ? T : never;

const sameLine = (a: Line, b: Line) => a.speakerRawId === b.speakerRawId && a.offsetMs === b.offsetMs && a.durationMs === b.durationMs && a.text === b.text;

/**
 * Two lines whose fields, joined with NUL, read the same: the speaker of one swallows the other's offset and
 * duration, whose text carries them instead. Raw ids and text are whatever ACS sends, so either may contain NUL.
 */
const linesThatJoinAlike = fc.tuple(line, line).map(([first, second]): [Line, Line] => [
  { speakerRawId: first.speakerRawId, offsetMs: first.offsetMs, durationMs: first.durationMs, text: `${second.offsetMs}\u0000${second.durationMs}\u0000${second.text}` },
  { speakerRawId: `${first.speakerRawId}\u0000${first.offsetMs}\u0000${first.durationMs}`, offsetMs: second.offsetMs, durationMs: second.durationMs, text: second.text },
]);

describe('final keys, fuzzed', () => {
  it('differ whenever the text, offset, duration or speaker of a line differs', () => {
    const pairs = fc.oneof(fc.tuple(line, line), linesThatJoinAlike, line.chain((one) => fc.tuple(fc.constant(one), line.map((other) => ({ ...one, text: other.text })))));
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        if (sameLine(a, b)) expect(finalKey(a)).toBe(finalKey(b));
        else expect(finalKey(a)).not.toBe(finalKey(b));
      }),
      fuzzParameters(3_000),
    );
  });

  it('differ between normalised packets that differ in text, offset, duration or speaker, and match for a repeat', () => {
    const change = fc.oneof(
      transcriptText.map((text) => ({ text })),
      realisticTicks.map((offset) => ({ offset })),
      realisticTicks.map((duration) => ({ duration })),
      fc.option(rawId, { nil: undefined }).map((participantRawID) => ({ participantRawID })),
      // Fields outside the identity: a repeat of a final may differ in them and is still a repeat.
      fc.record({ confidence: fc.double({ min: 0, max: 1, noNaN: true }), languageIdentified: anyText }),
    );
    fc.assert(
      fc.property(baseData, change, (base, delta) => {
        const other = { ...base, ...delta };
        const a = normalizeTranscriptionData(base, { streamLocale: null, piiRedactionEnabled: null });
        const b = normalizeTranscriptionData(other, { streamLocale: 'en-US', piiRedactionEnabled: true });
        const same = a.text === b.text && a.offsetMs === b.offsetMs && a.durationMs === b.durationMs && a.speaker.rawId === b.speaker.rawId;
        // Distinct ticks below 2^45 are distinct milliseconds, so a changed offset or duration always shows.
        if (base.offset !== other.offset || base.duration !== other.duration) expect(same).toBe(false);
        if (same) expect(keyOf(a)).toBe(keyOf(b));
        else expect(keyOf(a)).not.toBe(keyOf(b));
      }),
      fuzzParameters(2_000),
    );
  });

  it('keep the keys already stored for every line whose speaker id has no NUL', () => {
    // Computed with the key function as it was before NUL-bearing speaker ids got their own encoding.
    expect(finalKey({ speakerRawId: '4:+14255550100', offsetMs: 1200, durationMs: 900, text: 'Hello there.' })).toBe('-EjIHLrTiGPzcVizfR8wlu');
    expect(finalKey({ speakerRawId: 'unknown', offsetMs: 0.5, durationMs: 0, text: 'a\u0000b' })).toBe('a2vATpZ-DrzR1U_QdGkCZu');
  });
});
