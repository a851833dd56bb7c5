/**
 * Zod schemas for the packets ACS sends to a transcription WebSocket (`transportUrl`), GA and preview
 * (api 2025-08-15-preview). ACS shapes stop at the ingress: these types are only imported by the ingress,
 * the emulator and the replay tool, never by browser code.
 *
 * We do not use the SDK's `StreamingData.parse`: it drops the preview fields, throws on packets without
 * `words`, and keeps the packet kind in a static shared by every socket.
 */
import { z } from 'zod';
import { CallIdSchema } from '../call-id';

/** 100-nanosecond ticks. JSON numbers above 2^53 parse to the nearest double; that loses far less than a millisecond. */
export const TicksSchema = z.number().finite().nonnegative();

export const SENTIMENTS = ['positive', 'neutral', 'negative', 'mixed'] as const;
export const SentimentSchema = z.enum(SENTIMENTS);
export type Sentiment = z.infer<typeof SentimentSchema>;

/** "Final", "final", "Intermediate": ACS capitalises while its enum is lower case, so compare case-insensitively. */
export const ResultStatusSchema = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(['final', 'intermediate']));
export type ResultStatus = z.infer<typeof ResultStatusSchema>;

export const PiiRedactionOptionsSchema = z.object({
  enable: z.boolean().optional(),
  redactionType: z.string().optional(),
});

export const TranscriptionMetadataSchema = z.object({
  subscriptionId: z.string().optional(),
  locale: z.string().optional(),
  /** At most 256 characters, like every call id Earshot accepts (a longer one could never be opened). */
  callConnectionId: CallIdSchema,
  correlationId: z.string().optional(),
  speechModelEndpointId: z.string().nullish(),
  /** Older preview api-versions used this name. */
  speechRecognitionModelEndpointId: z.string().nullish(),
  locales: z.array(z.string()).nullish(),
  enableSentimentAnalysis: z.boolean().nullish(),
  piiRedactionOptions: PiiRedactionOptionsSchema.nullish(),
});
export type TranscriptionMetadata = z.infer<typeof TranscriptionMetadataSchema>;

export const TranscriptionWordSchema = z.object({
  text: z.string(),
  offset: TicksSchema.optional(),
  duration: TicksSchema.optional(),
});
export type TranscriptionWord = z.infer<typeof TranscriptionWordSchema>;

export const TranscriptionDataSchema = z.object({
  text: z.string(),
  format: z.string().optional(),
  confidence: z.number().finite().min(0).max(1).optional(),
  offset: TicksSchema,
  duration: TicksSchema.optional(),
  /** ACS documents `words` as always present; packets without it still carry a usable line, so it is optional. */
  words: z.array(TranscriptionWordSchema).optional(),
  participantRawID: z.string().optional(),
  resultStatus: ResultStatusSchema,
  sentimentAnalysisResult: z.object({ sentiment: SentimentSchema }).nullish(),
  languageIdentified: z.string().nullish(),
});
export type TranscriptionData = z.infer<typeof TranscriptionDataSchema>;

const MetadataPacketSchema = z.object({ kind: z.literal('TranscriptionMetadata'), transcriptionMetadata: TranscriptionMetadataSchema });
const DataPacketSchema = z.object({ kind: z.literal('TranscriptionData'), transcriptionData: TranscriptionDataSchema });
export const TranscriptionPacketSchema = z.discriminatedUnion('kind', [MetadataPacketSchema, DataPacketSchema]);
export type TranscriptionPacket = z.infer<typeof TranscriptionPacketSchema>;

/** Kinds ACS may send on a media or transcription socket that Earshot deliberately ignores. */
export const IGNORED_KINDS = ['AudioData', 'AudioMetadata', 'DtmfData'] as const;

export type PacketRejectReason = 'invalid_json' | 'not_an_object' | 'unknown_kind' | 'ignored_kind' | 'invalid_fields';

export type PacketParseResult =
  | { ok: true; packet: TranscriptionPacket }
  | { ok: false; reason: PacketRejectReason; detail: string };

const MAX_DETAIL_LENGTH = 200;

/**
 * Parses one WebSocket frame. Never throws: every failure is a reason the ingress can count. The `detail` names
 * what was wrong without quoting any of the frame (frames carry transcript text, and details reach the logs):
 * no JSON.parse message (Node quotes the input in it), no unknown kind's value, no zod message with a value.
 */
export function parseTranscriptionPacket(raw: string): PacketParseResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: 'invalid_json', detail: describeJsonError(error, raw.length) };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'not_an_object', detail: `frame is ${Array.isArray(json) ? 'an array' : typeof json}` };
  }
  const kind = (json as { kind?: unknown }).kind;
  if (kind !== 'TranscriptionMetadata' && kind !== 'TranscriptionData') {
    const known = (IGNORED_KINDS as readonly unknown[]).includes(kind);
    return {
      ok: false,
      reason: known ? 'ignored_kind' : 'unknown_kind',
      detail: known ? `kind ${String(kind)}` : `kind is ${kind === undefined ? 'missing' : `an unknown ${typeof kind}`}`,
    };
  }
  // The kind is known by now: its own schema, without the union's dispatch (this runs for every packet).
  const parsed = kind === 'TranscriptionData' ? DataPacketSchema.safeParse(json) : MetadataPacketSchema.safeParse(json);
  if (!parsed.success) {
    // Paths are schema keys (ours); codes carry no values. Messages can quote input, so they stay out.
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.code}`).join('; ');
    return { ok: false, reason: 'invalid_fields', detail: issues.slice(0, MAX_DETAIL_LENGTH) };
  }
  return { ok: true, packet: parsed.data };
}

function describeJsonError(error: unknown, length: number): string {
  const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined ? `not valid JSON (${length} characters)` : `not valid JSON at position ${position} of ${length}`;
}

export const TICKS_PER_MILLISECOND = 10_000;

/** 100 ns ticks to milliseconds. Safe beyond 2^53 ticks: the result stays finite and within a millisecond. */
export function ticksToMs(ticks: number): number {
  return ticks / TICKS_PER_MILLISECOND;
}

export function msToTicks(ms: number): number {
  return Math.round(ms * TICKS_PER_MILLISECOND);
}
