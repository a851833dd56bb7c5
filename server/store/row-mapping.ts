/** Rows back into domain types. Stored text is validated on the way out, so a bad row cannot reach a browser. */
import { z } from 'zod';
import type { Selectable } from 'kysely';
import {
  AUDIT_OUTCOMES,
  CALL_STATES,
  CONTROL_ACTIONS,
  SENTIMENT_LABELS,
  SPEAKER_KINDS,
  SUMMARY_KINDS,
  TRANSCRIPTION_STATES,
  type AuditEntry,
  type CallSummaryRecord,
  type FinalSegment,
} from '../../lib/protocol';
import type { CallRecord } from './call-store';
import type { AuditEntriesTable, CallsTable, SegmentsTable, SummariesTable } from './database-schema';

const ParticipantsSchema = z.array(z.object({ rawId: z.string(), kind: z.enum(SPEAKER_KINDS), label: z.string() }));
const NumbersSchema = z.array(z.number());
const StringsSchema = z.array(z.string());
const SentimentSchema = z.enum(SENTIMENT_LABELS);
const LastLineSchema = z.object({
  speakerLabel: z.string(),
  text: z.string(),
  sentiment: SentimentSchema.nullable(),
  seq: z.number().int(),
  piiMasked: z.boolean().default(false),
});
const PendingSchema = z.array(
  z.object({
    action: z.enum(CONTROL_ACTIONS),
    operationContext: z.string(),
    requestedAt: z.number(),
    requestedBy: z.string(),
    locale: z.string().nullable(),
  }),
);
const FailureSchema = z.object({ action: z.union([z.enum(CONTROL_ACTIONS), z.literal('transcription')]), code: z.string(), message: z.string(), at: z.number() });
const WordsSchema = z.array(z.object({ text: z.string(), offsetMs: z.number(), durationMs: z.number() }));

function parseJson<T>(schema: z.ZodType<T>, text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

function flag(value: number | null): boolean | null {
  return value === null ? null : value !== 0;
}

export function rowToCall(row: Selectable<CallsTable>): CallRecord {
  const piiEnabled = flag(row.pii_enabled);
  return {
    callId: row.id,
    serverCallId: row.server_call_id,
    lifecycleManaged: row.lifecycle_managed !== 0,
    state: oneOf(CALL_STATES, row.state, 'connected'),
    transcription: oneOf(TRANSCRIPTION_STATES, row.transcription_state, 'inactive'),
    startedAt: Number(row.started_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    participants: parseJson(ParticipantsSchema, row.participants_json, []),
    locale: row.locale,
    detectedLanguage: row.detected_language,
    sentimentNow: row.sentiment_now,
    sentimentTrend: parseJson(NumbersSchema, row.sentiment_trend_json, []),
    lastLine: parseJson(LastLineSchema.nullable(), row.last_line_json, null),
    lastSeq: row.last_seq,
    piiLineCount: row.pii_line_count,
    updatedAt: Number(row.updated_at),
    pending: parseJson(PendingSchema, row.pending_json, []),
    lastError: parseJson(FailureSchema.nullable(), row.last_error_json, null),
    metadata: {
      correlationId: row.correlation_id,
      subscriptionId: row.subscription_id,
      locales: parseJson(StringsSchema, row.locales_json, []),
      sentimentAnalysis: flag(row.sentiment_analysis),
      piiRedaction: piiEnabled === null ? null : { enabled: piiEnabled, redactionType: row.pii_redaction_type },
      speechModelEndpointId: row.speech_model_endpoint_id,
    },
  };
}

export function rowToSegment(row: Selectable<SegmentsTable>): FinalSegment {
  return {
    status: 'final',
    callId: row.call_id,
    seq: row.seq,
    utteranceId: row.utterance_id,
    speaker: { rawId: row.speaker_raw_id, kind: oneOf(SPEAKER_KINDS, row.speaker_kind, 'unknown'), label: row.speaker_label },
    text: row.text,
    offsetMs: row.offset_ms,
    durationMs: row.duration_ms,
    confidence: row.confidence,
    words: parseJson(WordsSchema, row.words_json, []),
    sentiment: row.sentiment === null ? null : oneOf(SENTIMENT_LABELS, row.sentiment, 'neutral'),
    language: row.language,
    piiMasked: row.pii_masked !== 0,
    receivedAt: Number(row.received_at),
  };
}

export function rowToSummary(row: Selectable<SummariesTable>): CallSummaryRecord {
  return {
    id: row.id,
    callId: row.call_id,
    kind: oneOf(SUMMARY_KINDS, row.kind, 'mid-call'),
    text: row.text,
    locale: row.locale,
    operationContext: row.operation_context,
    createdAt: Number(row.created_at),
  };
}

export function rowToAudit(row: Selectable<AuditEntriesTable>): AuditEntry {
  return {
    id: row.id,
    callId: row.call_id,
    at: Number(row.at),
    actor: row.actor,
    action: oneOf(CONTROL_ACTIONS, row.action, 'place-call'),
    operationContext: row.operation_context,
    outcome: oneOf(AUDIT_OUTCOMES, row.outcome, 'requested'),
    detail: row.detail,
  };
}
