/**
 * A call patch as it arrives from another instance (over Redis): validated like any input, so a malformed or
 * foreign message cannot put a bad value into a call.
 */
import { z } from 'zod';
import { CALL_STATES, CONTROL_ACTIONS, SENTIMENT_LABELS, SPEAKER_KINDS, STREAM_STATES, TRANSCRIPTION_STATES } from '../../lib/protocol';
import type { CallPatch } from './call-record';

const ParticipantSchema = z.object({ rawId: z.string(), kind: z.enum(SPEAKER_KINDS), label: z.string() });
const PendingSchema = z.object({ action: z.enum(CONTROL_ACTIONS), operationContext: z.string(), requestedAt: z.number(), requestedBy: z.string(), locale: z.string().nullable() });
const FailureSchema = z.object({ action: z.union([z.enum(CONTROL_ACTIONS), z.literal('transcription')]), code: z.string(), message: z.string(), at: z.number() });
const LastLineSchema = z.object({ speakerLabel: z.string(), speakerRawId: z.string().optional(), text: z.string(), sentiment: z.enum(SENTIMENT_LABELS).nullable(), seq: z.number().int(), piiMasked: z.boolean() });
export const CallHealthSchema = z.object({
  stream: z.enum(STREAM_STATES),
  streamSince: z.number(),
  lastPacketAt: z.number().nullable(),
  lastFinalAt: z.number().nullable(),
});
const count = z.number().int().nonnegative();
export const AttentionSignalsSchema = z.object({
  negativeStreak: count,
  openAlerts: z.object({ critical: count, warning: count, info: count, newestReason: z.string().nullable() }),
  silenceStep: count,
  durationMultiple: count,
});
const MetadataSchema = z.object({
  correlationId: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  locales: z.array(z.string()),
  sentimentAnalysis: z.boolean().nullable(),
  piiRedaction: z.object({ enabled: z.boolean(), redactionType: z.string().nullable() }).nullable(),
  speechModelEndpointId: z.string().nullable(),
});

export const CallPatchSchema = z
  .object({
    serverCallId: z.string().nullable(),
    lifecycleManaged: z.boolean(),
    state: z.enum(CALL_STATES),
    transcription: z.enum(TRANSCRIPTION_STATES),
    startedAt: z.number(),
    endedAt: z.number().nullable(),
    participants: z.array(ParticipantSchema),
    locale: z.string().nullable(),
    detectedLanguage: z.string().nullable(),
    sentimentNow: z.number().nullable(),
    sentimentTrend: z.array(z.number()),
    lastLine: LastLineSchema.nullable(),
    lastSeq: z.number().int().nonnegative(),
    piiLineCount: z.number().int().nonnegative(),
    health: CallHealthSchema,
    attentionSignals: AttentionSignalsSchema,
    updatedAt: z.number(),
    pending: z.array(PendingSchema),
    lastError: FailureSchema.nullable(),
    metadata: MetadataSchema,
    assignedTeamId: z.string().max(64).nullable(),
  })
  .partial()
  .strict() satisfies z.ZodType<CallPatch>;
