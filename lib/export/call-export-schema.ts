/**
 * The JSON export's schema, `earshot.call-export` version 1: the documented contract of `format=json` (README,
 * "Export"). The types the exporters write are inferred from it, and the tests validate every JSON export against it.
 * Bump `version` for any change a reader could trip on (a field removed, renamed or retyped); adding a field is not.
 */
import { z } from 'zod';
import { ANNOTATION_KINDS, AUDIT_ACTIONS, AUDIT_OUTCOMES, CALL_STATES, SENTIMENT_LABELS, SPEAKER_KINDS, SUMMARY_KINDS, TRANSCRIPTION_STATES } from '../protocol';
import { ALERT_SEVERITIES, ALERT_STATES, RULE_KINDS } from '../rules';

export const CALL_EXPORT_SCHEMA = 'earshot.call-export';
export const CALL_EXPORT_VERSION = 1;

const epochMs = z.number().int().nonnegative();

const ParticipantSchema = z.object({ rawId: z.string(), kind: z.enum(SPEAKER_KINDS), label: z.string() });

export const ExportedCallSchema = z.object({
  callId: z.string(),
  state: z.enum(CALL_STATES),
  transcription: z.enum(TRANSCRIPTION_STATES),
  startedAt: epochMs,
  endedAt: epochMs.nullable(),
  participants: z.array(ParticipantSchema),
  locale: z.string().nullable(),
  detectedLanguage: z.string().nullable(),
  /** Final lines the call has (the last seq). */
  lineCount: z.number().int().nonnegative(),
  piiLineCount: z.number().int().nonnegative(),
  correlationId: z.string().nullable(),
  locales: z.array(z.string()),
  piiRedaction: z.object({ enabled: z.boolean(), redactionType: z.string().nullable() }).nullable(),
  sentimentAnalysis: z.boolean().nullable(),
});
export type ExportedCall = z.infer<typeof ExportedCallSchema>;

export const ExportedSegmentSchema = z.object({
  seq: z.number().int().positive(),
  utteranceId: z.string(),
  speaker: ParticipantSchema,
  /** As stored: PII that ACS masked stays `*`. */
  text: z.string(),
  /** From the start of the transcription stream, as ACS sent it (ticks converted to ms). */
  offsetMs: z.number(),
  durationMs: z.number(),
  confidence: z.number().nullable(),
  language: z.string().nullable(),
  sentiment: z.enum(SENTIMENT_LABELS).nullable(),
  piiMasked: z.boolean(),
  receivedAt: epochMs,
});
export type ExportedSegment = z.infer<typeof ExportedSegmentSchema>;

const SummarySchema = z.object({
  id: z.string(),
  kind: z.enum(SUMMARY_KINDS),
  text: z.string(),
  locale: z.string().nullable(),
  createdAt: epochMs,
});

const AlertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  kind: z.enum(RULE_KINDS),
  seqs: z.array(z.number().int()),
  text: z.string(),
  reason: z.string(),
  at: epochMs,
  state: z.enum(ALERT_STATES),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: epochMs.nullable(),
});

const AnnotationSchema = z.object({
  id: z.string(),
  seq: z.number().int().positive().nullable(),
  kind: z.enum(ANNOTATION_KINDS),
  text: z.string().nullable(),
  author: z.string(),
  createdAt: epochMs,
});

const AuditSchema = z.object({
  id: z.string(),
  at: epochMs,
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  operationContext: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  detail: z.string().nullable(),
});

export const CallExportSchema = z
  .object({
    schema: z.literal(CALL_EXPORT_SCHEMA),
    version: z.literal(CALL_EXPORT_VERSION),
    exportedAt: epochMs,
    exportedBy: z.string(),
    call: ExportedCallSchema,
    /** Every final line, ascending by seq. */
    segments: z.array(ExportedSegmentSchema),
    /** Oldest first. */
    summaries: z.array(SummarySchema),
    /** Oldest first. */
    alerts: z.array(AlertSchema),
    /** Oldest first. */
    annotations: z.array(AnnotationSchema),
    /** Oldest first; includes the entry for this export. */
    audit: z.array(AuditSchema),
  })
  .strict();
export type CallExport = z.infer<typeof CallExportSchema>;
