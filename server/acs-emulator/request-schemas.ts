/**
 * Request bodies the emulator accepts, GA (api 2025-06-15 / 2026-03-12, what SDK 1.6.0 sends) and preview
 * (2025-08-15-preview: sentiment, PII redaction, candidate locales, summarization, loopback audio). Unknown
 * properties are ignored, as ACS ignores them. Locale support and the GA/preview split are checked later, by the
 * API layer, so a schema error only ever means "malformed".
 */
import { z } from 'zod';
import { IdentifierModelSchema } from './identifiers';
import { MAX_CANDIDATE_LOCALES } from './supported-locales';

const HttpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const WebSocketUrl = z.url({ protocol: /^wss?$/ }).max(2048);
const OperationContext = z.string().max(5_000);
const Locale = z.string().min(2).max(35);

export const PiiRedactionOptionsSchema = z.object({
  enable: z.boolean().optional(),
  /** The spec's enum value is `maskWithCharacter`; packets echo it as `MaskWithCharacter`. */
  redactionType: z
    .string()
    .refine((value) => value.toLowerCase() === 'maskwithcharacter', 'redactionType must be maskWithCharacter')
    .optional(),
});

export const SummarizationOptionsSchema = z.object({
  enableEndCallSummary: z.boolean().optional(),
  locale: Locale.optional(),
});

export const TranscriptionOptionsSchema = z.object({
  transportType: z.string().refine((value) => value.toLowerCase() === 'websocket', 'transportType must be websocket'),
  // An empty transportUrl appears in ACS's own Rooms sample; it means "none given".
  transportUrl: z.union([WebSocketUrl, z.literal('')]).optional(),
  locale: Locale.optional(),
  speechModelEndpointId: z.string().max(256).optional(),
  /** The older preview name of the same field. */
  speechRecognitionModelEndpointId: z.string().max(256).optional(),
  startTranscription: z.boolean().optional(),
  enableIntermediateResults: z.boolean().optional(),
  // Preview fields.
  piiRedactionOptions: PiiRedactionOptionsSchema.optional(),
  enableSentimentAnalysis: z.boolean().optional(),
  locales: z.array(Locale).max(MAX_CANDIDATE_LOCALES, `at most ${MAX_CANDIDATE_LOCALES} candidate locales`).optional(),
  summarizationOptions: SummarizationOptionsSchema.optional(),
});
export type TranscriptionOptionsBody = z.infer<typeof TranscriptionOptionsSchema>;

const MediaStreamingOptionsSchema = z
  .object({ transportUrl: z.string().max(2048).optional(), transportType: z.string().optional() })
  .loose();
const CallIntelligenceOptionsSchema = z.object({ cognitiveServicesEndpoint: z.string().max(2048).optional() });

const CommonSetupFields = {
  callbackUri: HttpUrl,
  operationContext: OperationContext.optional(),
  callIntelligenceOptions: CallIntelligenceOptionsSchema.optional(),
  mediaStreamingOptions: MediaStreamingOptionsSchema.optional(),
  transcriptionOptions: TranscriptionOptionsSchema.optional(),
  /** Preview. Accepted and ignored: the emulator carries no audio. */
  enableLoopbackAudio: z.boolean().optional(),
};

export const CreateCallRequestSchema = z.object({
  targets: z.array(IdentifierModelSchema).min(1).max(50),
  source: z.object({ id: z.string().min(1).max(512) }).optional(),
  sourceCallerIdNumber: z.object({ value: z.string().min(1).max(64) }).optional(),
  sourceDisplayName: z.string().max(256).optional(),
  teamsAppSource: z.unknown().optional(),
  ...CommonSetupFields,
});
export type CreateCallRequest = z.infer<typeof CreateCallRequestSchema>;

export const AnswerCallRequestSchema = z.object({
  incomingCallContext: z.string().min(1).max(16_384),
  answeredBy: z.object({ id: z.string().min(1).max(512) }).optional(),
  ...CommonSetupFields,
});
export type AnswerCallRequest = z.infer<typeof AnswerCallRequestSchema>;

export const CallLocatorSchema = z
  .object({
    kind: z.enum(['roomCallLocator', 'serverCallLocator', 'groupCallLocator']).optional(),
    roomId: z.string().min(1).max(256).optional(),
    serverCallId: z.string().min(1).max(4096).optional(),
    groupCallId: z.string().min(1).max(256).optional(),
  })
  .refine((locator) => [locator.roomId, locator.serverCallId, locator.groupCallId].filter((id) => id !== undefined).length === 1, {
    message: 'callLocator needs exactly one of roomId, serverCallId, groupCallId',
  });

export const ConnectRequestSchema = z.object({ callLocator: CallLocatorSchema, ...CommonSetupFields });
export type ConnectRequest = z.infer<typeof ConnectRequestSchema>;

export const RejectCallRequestSchema = z.object({
  incomingCallContext: z.string().min(1).max(16_384),
  callRejectReason: z.string().max(64).optional(),
});

export const RedirectCallRequestSchema = z.object({
  incomingCallContext: z.string().min(1).max(16_384),
  target: IdentifierModelSchema,
});

const OperationFields = {
  operationContext: OperationContext.optional(),
  operationCallbackUri: HttpUrl.optional(),
};

export const StartTranscriptionRequestSchema = z.object({
  locale: Locale.optional(),
  speechModelEndpointId: z.string().max(256).optional(),
  speechRecognitionModelEndpointId: z.string().max(256).optional(),
  ...OperationFields,
  // Preview fields.
  piiRedactionOptions: PiiRedactionOptionsSchema.optional(),
  enableSentimentAnalysis: z.boolean().optional(),
  locales: z.array(Locale).max(MAX_CANDIDATE_LOCALES, `at most ${MAX_CANDIDATE_LOCALES} candidate locales`).optional(),
  summarizationOptions: SummarizationOptionsSchema.optional(),
});
export type StartTranscriptionRequest = z.infer<typeof StartTranscriptionRequestSchema>;

export const StopTranscriptionRequestSchema = z.object({ ...OperationFields });
export type StopTranscriptionRequest = z.infer<typeof StopTranscriptionRequestSchema>;

export const UpdateTranscriptionRequestSchema = z.object({
  // Optional in the preview spec: an update may change only the AI options.
  locale: Locale.optional(),
  speechModelEndpointId: z.string().max(256).optional(),
  speechRecognitionModelEndpointId: z.string().max(256).optional(),
  ...OperationFields,
  // Preview fields (no `locales`: the spec's UpdateTranscriptionRequest has none).
  piiRedactionOptions: PiiRedactionOptionsSchema.optional(),
  enableSentimentAnalysis: z.boolean().optional(),
  summarizationOptions: SummarizationOptionsSchema.optional(),
});
export type UpdateTranscriptionRequest = z.infer<typeof UpdateTranscriptionRequestSchema>;

export const SummarizeCallRequestSchema = z.object({
  ...OperationFields,
  summarizationOptions: SummarizationOptionsSchema.optional(),
});
export type SummarizeCallRequest = z.infer<typeof SummarizeCallRequestSchema>;

/** Fields only a preview api-version may use; on a GA api-version they are ignored, as ACS ignores unknown fields. */
export const PREVIEW_TRANSCRIPTION_FIELDS = ['piiRedactionOptions', 'enableSentimentAnalysis', 'locales', 'summarizationOptions'] as const;
