/**
 * Fuzzes the transcription packet parser (lib/acs/transcription-packets.ts), the first code every ACS frame
 * reaches. Whatever the frame, it must return — never throw — either a packet the schema accepts, or a countable
 * reason with a short detail that never quotes the frame (details reach the logs; frames carry transcript text).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IGNORED_KINDS,
  parseTranscriptionPacket,
  TranscriptionPacketSchema,
  type PacketParseResult,
  type PacketRejectReason,
} from '../../lib/acs/transcription-packets';
import { transcriptionPacket } from '../helpers/acs-arbitraries';
import { fuzzParameters } from '../helpers/fuzz';
import { deepNesting, keyArbitrary, mutatedJson, mutatedText, nastyValue, toJsonText } from '../helpers/json-mutations';
import { schemaKeys } from '../helpers/schema-keys';

const KEYS = schemaKeys(TranscriptionPacketSchema);
const REASONS: readonly PacketRejectReason[] = ['invalid_json', 'not_an_object', 'unknown_kind', 'ignored_kind', 'invalid_fields'];
const MAX_DETAIL = 200;
const ZOD_CODES = ['invalid_type', 'too_big', 'too_small', 'invalid_format', 'not_multiple_of', 'unrecognized_keys', 'invalid_union', 'invalid_key', 'invalid_element', 'invalid_value', 'custom'];
/** Every word a detail may contain: schema keys and kinds, zod issue codes, and the parser's own fixed words. */
const VOCABULARY = new Set<string>([
  ...KEYS,
  'TranscriptionMetadata',
  'TranscriptionData',
  ...IGNORED_KINDS,
  ...ZOD_CODES,
  ...['not', 'valid', 'JSON', 'at', 'position', 'of', 'characters', 'frame', 'is', 'an', 'array', 'kind', 'missing', 'unknown'],
  ...['string', 'number', 'boolean', 'object', 'undefined', 'bigint', 'symbol', 'function'],
]);
const WORD = /[A-Za-z0-9_]+/g;

/**
 * The first piece of the input longer than 3 characters that the detail repeats outside the vocabulary (schema
 * keys, codes, fixed words) and the numbers the parser writes itself (positions, lengths, array indices); null if none.
 */
function quotedInput(detail: string, input: string): string | null {
  const truncated = detail.length >= MAX_DETAIL;
  const masked = detail.replace(WORD, (word, offset: number) => {
    const last = truncated && offset + word.length === detail.length;
    const allowed = VOCABULARY.has(word) || /^\d+$/.test(word) || (last && [...VOCABULARY].some((known) => known.startsWith(word)));
    return allowed ? '\u0000'.repeat(word.length) : word;
  });
  for (let start = 0; start + 4 <= masked.length; start += 1) {
    const piece = masked.slice(start, start + 4);
    if (!piece.includes('\u0000') && input.includes(piece)) return piece;
  }
  return null;
}

const PATH_SEGMENT = `(?:${KEYS.join('|')}|\\d+)`;
const ISSUE = new RegExp(`^(?:${PATH_SEGMENT}(?:\\.${PATH_SEGMENT})*)?: (?:${ZOD_CODES.join('|')})$`);
const DETAIL_GRAMMAR: Record<Exclude<PacketRejectReason, 'invalid_fields'>, RegExp> = {
  invalid_json: /^not valid JSON (?:at position \d+ of \d+|\(\d+ characters\))$/,
  not_an_object: /^frame is (?:an array|string|number|boolean|object)$/,
  ignored_kind: new RegExp(`^kind (?:${IGNORED_KINDS.join('|')})$`),
  unknown_kind: /^kind is (?:missing|an unknown (?:string|number|boolean|object))$/,
};

/** Why a detail is not one the parser may write (null when it is): each reason has a fixed shape. */
function detailShapeProblem(reason: PacketRejectReason, detail: string): string | null {
  if (reason !== 'invalid_fields') return DETAIL_GRAMMAR[reason].test(detail) ? null : `"${detail}" is not a ${reason} detail`;
  const issues = detail.split('; ');
  // A detail cut at its maximum may end inside an issue: every word of that last one must still be ours.
  const partial = detail.length >= MAX_DETAIL ? issues.pop() : undefined;
  const bad = issues.find((issue) => !ISSUE.test(issue));
  if (bad !== undefined) return `"${bad}" is not "path: code"`;
  if (partial === undefined) return null;
  const words = partial.match(WORD) ?? [];
  const cut = /[A-Za-z0-9_]$/.test(partial) ? words.pop() : undefined;
  const ours = (word: string) => VOCABULARY.has(word) || /^\d+$/.test(word);
  if (!words.every(ours) || (cut !== undefined && !ours(cut) && ![...VOCABULARY].some((known) => known.startsWith(cut)))) {
    return `"${partial}" is not the start of "path: code"`;
  }
  return null;
}

/** What the parser must have said, from JSON.parse alone (null when the frame is a transcription kind). */
function expectedRejection(raw: string): PacketRejectReason | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return 'invalid_json';
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'not_an_object';
  const kind = (json as { kind?: unknown }).kind;
  if (kind === 'TranscriptionMetadata' || kind === 'TranscriptionData') return null;
  return (IGNORED_KINDS as readonly unknown[]).includes(kind) ? 'ignored_kind' : 'unknown_kind';
}

/** The property every frame must satisfy. */
function checkFrame(raw: string): PacketParseResult {
  const result = parseTranscriptionPacket(raw);
  const expected = expectedRejection(raw);
  if (result.ok) {
    expect(expected).toBeNull();
    expect(TranscriptionPacketSchema.safeParse(result.packet).success).toBe(true);
    return result;
  }
  expect(REASONS).toContain(result.reason);
  expect(result.reason).toBe(expected ?? 'invalid_fields');
  expect(typeof result.detail).toBe('string');
  expect(result.detail.length).toBeGreaterThan(0);
  expect(result.detail.length).toBeLessThanOrEqual(MAX_DETAIL);
  expect(detailShapeProblem(result.reason, result.detail)).toBeNull();
  expect(quotedInput(result.detail, raw)).toBeNull();
  return result;
}

/** The packet the parser must return for a valid one: extras stripped, resultStatus lower case. */
function expectedPacket(packet: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(packet)) as { kind: string; transcriptionData?: { resultStatus: string } };
  if (copy.transcriptionData) copy.transcriptionData.resultStatus = copy.transcriptionData.resultStatus.toLowerCase();
  return copy;
}

/** Unknown fields, which ACS may add any time and the parser must ignore (own `__proto__` keys too). */
const extraFields = fc.dictionary(
  keyArbitrary(['future', 'Kind', 'TEXT']).filter((key) => !KEYS.includes(key)),
  nastyValue,
  { maxKeys: 3 },
);

function withExtras(target: Record<string, unknown>, extras: Record<string, unknown>) {
  for (const [key, value] of Object.entries(extras)) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

describe('transcription packet parser, fuzzed', () => {
  it('parses every valid packet (GA and preview fields, any resultStatus case, ticks past 2^53, unknown fields) to exactly its fields', () => {
    fc.assert(
      fc.property(transcriptionPacket, extraFields, extraFields, (packet, topExtras, innerExtras) => {
        const expected = expectedPacket(packet);
        const sent = JSON.parse(JSON.stringify(packet)) as Record<string, Record<string, unknown>>;
        withExtras(sent, topExtras);
        const inner = sent.transcriptionMetadata ?? sent.transcriptionData;
        if (inner) withExtras(inner, innerExtras);
        const result = checkFrame(toJsonText(sent));
        expect(result).toEqual({ ok: true, packet: expected });
      }),
      fuzzParameters(1_000),
    );
  });

  it('answers arbitrary strings with a clean reason', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.json()), (raw) => {
        checkFrame(raw);
      }),
      fuzzParameters(2_000),
    );
  });

  it('answers arbitrary JSON objects, with or without a transcription kind, cleanly', () => {
    const kind = fc.oneof(fc.constantFrom('TranscriptionMetadata', 'TranscriptionData', ...IGNORED_KINDS), nastyValue);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), kind, fc.constantFrom('transcriptionMetadata', 'transcriptionData', 'audioData'), (value, kindValue, field) => {
        checkFrame(toJsonText(value));
        checkFrame(toJsonText({ kind: kindValue, [field]: value }));
      }),
      fuzzParameters(1_500),
    );
  });

  it('answers mutated valid packets (wrong types, missing and extra fields, huge and NaN-like numbers, unicode, nesting) cleanly', () => {
    fc.assert(
      fc.property(mutatedJson(transcriptionPacket, KEYS), (raw) => {
        checkFrame(raw);
      }),
      fuzzParameters(2_000),
    );
  });

  it('answers broken JSON text of valid packets cleanly, and says where it broke without quoting it', () => {
    fc.assert(
      fc.property(mutatedText(transcriptionPacket.map((packet) => JSON.stringify(packet))), (raw) => {
        checkFrame(raw);
      }),
      fuzzParameters(1_500),
    );
  });

  it('answers nesting 20,000 levels deep and frames with transcript text in every field without quoting any of it', () => {
    fc.assert(
      fc.property(deepNesting, (nested) => {
        checkFrame(nested.text);
        checkFrame(`{"kind":"TranscriptionData","transcriptionData":${nested.text}}`);
        checkFrame(`{"kind":"TranscriptionData","transcriptionData":{"text":${nested.text},"offset":1,"resultStatus":"Final"}}`);
      }),
      fuzzParameters(30),
    );
    const secret = 'Card number 4111 1111 1111 1111 expires';
    for (const frame of [
      `{"kind":"TranscriptionData","transcriptionData":{"text":1,"offset":"${secret}","resultStatus":"${secret}","sentimentAnalysisResult":{"sentiment":"${secret}"},"words":["${secret}"]}}`,
      `{"kind":"TranscriptionMetadata","transcriptionMetadata":{"callConnectionId":"${'x'.repeat(300)}","locale":["${secret}"],"piiRedactionOptions":"${secret}"}}`,
      `{"kind":"${secret}"}`,
      `{"kind":"TranscriptionData","transcriptionData":{"text":"${secret}"`,
      `${secret}`,
    ]) {
      const result = checkFrame(frame);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.detail).not.toMatch(/Card|1111|expires/);
    }
  });
});
