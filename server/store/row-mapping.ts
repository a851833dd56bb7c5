/**
 * Rows back into domain types. Stored values are validated on the way out, so a bad row cannot reach a browser,
 * and a bad value is an error that names the table, row and column — never silently replaced by a default
 * (a corrupted state read as `connected` would show an ended call as live).
 */
import { z } from 'zod';
import type { Selectable } from 'kysely';
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  CALL_STATES,
  CONTROL_ACTIONS,
  SENTIMENT_LABELS,
  SPEAKER_KINDS,
  SUMMARY_KINDS,
  TRANSCRIPTION_STATES,
  type AuditEntry,
  type CallHealth,
  type CallSummaryRecord,
  type FinalLine,
  type FinalSegment,
} from '../../lib/protocol';
import type { CallRecord } from '../domain/call-record';
import { NO_ATTENTION_SIGNALS } from '../../lib/attention';
import { AttentionSignalsSchema, CallHealthSchema } from '../domain/call-patch-schema';
import type { AuditEntriesTable, CallsTable, SegmentsTable, SummariesTable } from './database-schema';

const ParticipantsSchema = z.array(z.object({ rawId: z.string(), kind: z.enum(SPEAKER_KINDS), label: z.string() }));
const NumbersSchema = z.array(z.number());
const StringsSchema = z.array(z.string());
const SentimentSchema = z.enum(SENTIMENT_LABELS);
const LastLineSchema = z.object({
  speakerLabel: z.string(),
  speakerRawId: z.string().optional(),
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

/** A stored value that does not fit the schema. The message names where it is, never the value (it may be transcript text). */
export class CorruptRowError extends Error {
  constructor(
    readonly table: string,
    readonly rowId: string,
    readonly column: string,
  ) {
    super(`Corrupt value in ${table}.${column} of row ${rowId}`);
    this.name = 'CorruptRowError';
  }
}

interface RowRef {
  table: string;
  id: string;
}

export function parseJson<T>(ref: RowRef, column: string, schema: z.ZodType<T>, text: string | null, whenNull: T): T {
  if (text === null) return whenNull;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CorruptRowError(ref.table, ref.id, column);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CorruptRowError(ref.table, ref.id, column);
  return parsed.data;
}

export function oneOf<T extends string>(ref: RowRef, column: string, values: readonly T[], value: string | null): T {
  if (value !== null && (values as readonly string[]).includes(value)) return value as T;
  throw new CorruptRowError(ref.table, ref.id, column);
}

export function finite(ref: RowRef, column: string, value: number | string | bigint): number {
  const number = Number(value);
  if (!Number.isFinite(number)) throw new CorruptRowError(ref.table, ref.id, column);
  return number;
}

function flag(value: number | null): boolean | null {
  return value === null ? null : value !== 0;
}

/** A call row's participants alone (recomputing call teams reads only these). */
export function rowToParticipants(callId: string, participantsJson: string) {
  return parseJson({ table: 'calls', id: callId }, 'participants_json', ParticipantsSchema, participantsJson, []);
}

export function rowToCall(row: Selectable<CallsTable>): CallRecord {
  const ref = { table: 'calls', id: row.id };
  const piiEnabled = flag(row.pii_enabled);
  return {
    callId: row.id,
    serverCallId: row.server_call_id,
    lifecycleManaged: row.lifecycle_managed !== 0,
    state: oneOf(ref, 'state', CALL_STATES, row.state),
    transcription: oneOf(ref, 'transcription_state', TRANSCRIPTION_STATES, row.transcription_state),
    startedAt: finite(ref, 'started_at', row.started_at),
    endedAt: row.ended_at === null ? null : finite(ref, 'ended_at', row.ended_at),
    participants: parseJson(ref, 'participants_json', ParticipantsSchema, row.participants_json, []),
    locale: row.locale,
    detectedLanguage: row.detected_language,
    sentimentNow: row.sentiment_now,
    sentimentTrend: parseJson(ref, 'sentiment_trend_json', NumbersSchema, row.sentiment_trend_json, []),
    lastLine: parseJson(ref, 'last_line_json', LastLineSchema.nullable(), row.last_line_json, null),
    lastSeq: finite(ref, 'last_seq', row.last_seq),
    piiLineCount: finite(ref, 'pii_line_count', row.pii_line_count),
    health: callHealth(ref, row),
    attentionSignals: parseJson(ref, 'attention_json', AttentionSignalsSchema, row.attention_json, NO_ATTENTION_SIGNALS),
    updatedAt: finite(ref, 'updated_at', row.updated_at),
    pending: parseJson(ref, 'pending_json', PendingSchema, row.pending_json, []),
    lastError: parseJson(ref, 'last_error_json', FailureSchema.nullable(), row.last_error_json, null),
    assignedTeamId: row.assigned_team_id ?? null,
    metadata: {
      correlationId: row.correlation_id,
      subscriptionId: row.subscription_id,
      locales: parseJson(ref, 'locales_json', StringsSchema, row.locales_json, []),
      sentimentAnalysis: flag(row.sentiment_analysis),
      piiRedaction: piiEnabled === null ? null : { enabled: piiEnabled, redactionType: row.pii_redaction_type },
      speechModelEndpointId: row.speech_model_endpoint_id,
    },
  };
}

function callHealth(ref: RowRef, row: Selectable<CallsTable>): CallHealth {
  const health = parseJson(ref, 'health_json', CallHealthSchema.nullable(), row.health_json, null);
  if (health === null) throw new CorruptRowError(ref.table, ref.id, 'health_json');
  // Rows from before migration 009 have no stream time: their start stands in.
  return health.streamSince === 0 ? { ...health, streamSince: finite(ref, 'started_at', row.started_at) } : health;
}

export function rowToSegment(row: Selectable<SegmentsTable>): FinalSegment {
  const ref = { table: 'segments', id: `${row.call_id}#${row.seq}` };
  return { ...rowToLine(row), words: parseJson(ref, 'words_json', WordsSchema, row.words_json, []) };
}

/** The columns of a final line without its words (see `FinalLine`): history pages read only these. */
export const LINE_COLUMNS = [
  'call_id',
  'seq',
  'utterance_id',
  'speaker_raw_id',
  'speaker_kind',
  'speaker_label',
  'text',
  'offset_ms',
  'duration_ms',
  'confidence',
  'sentiment',
  'language',
  'pii_masked',
  'received_at',
] as const satisfies readonly (keyof SegmentsTable)[];

export function rowToLine(row: Pick<Selectable<SegmentsTable>, (typeof LINE_COLUMNS)[number]>): FinalLine {
  const ref = { table: 'segments', id: `${row.call_id}#${row.seq}` };
  return {
    status: 'final',
    callId: row.call_id,
    seq: finite(ref, 'seq', row.seq),
    utteranceId: row.utterance_id,
    speaker: { rawId: row.speaker_raw_id, kind: oneOf(ref, 'speaker_kind', SPEAKER_KINDS, row.speaker_kind), label: row.speaker_label },
    text: row.text,
    offsetMs: finite(ref, 'offset_ms', row.offset_ms),
    durationMs: finite(ref, 'duration_ms', row.duration_ms),
    confidence: row.confidence,
    sentiment: row.sentiment === null ? null : oneOf(ref, 'sentiment', SENTIMENT_LABELS, row.sentiment),
    language: row.language,
    piiMasked: row.pii_masked !== 0,
    receivedAt: finite(ref, 'received_at', row.received_at),
  };
}

export function rowToSummary(row: Selectable<SummariesTable>): CallSummaryRecord {
  const ref = { table: 'summaries', id: row.id };
  return {
    id: row.id,
    callId: row.call_id,
    kind: oneOf(ref, 'kind', SUMMARY_KINDS, row.kind),
    text: row.text,
    locale: row.locale,
    operationContext: row.operation_context,
    createdAt: finite(ref, 'created_at', row.created_at),
  };
}

export function rowToAudit(row: Selectable<AuditEntriesTable>): AuditEntry {
  const ref = { table: 'audit_entries', id: row.id };
  return {
    id: row.id,
    callId: row.call_id,
    at: finite(ref, 'at', row.at),
    actor: row.actor,
    action: oneOf(ref, 'action', AUDIT_ACTIONS, row.action),
    operationContext: row.operation_context,
    outcome: oneOf(ref, 'outcome', AUDIT_OUTCOMES, row.outcome),
    detail: row.detail,
  };
}
