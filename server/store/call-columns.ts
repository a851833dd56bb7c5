/**
 * Calls to columns: a whole row for an insert, and only the changed columns for an update. Shared by every store,
 * because the migrations give SQLite and PostgreSQL the same columns (booleans as 0/1, JSON as text).
 */
import type { Insertable, Selectable } from 'kysely';
import type { CallPatch, CallRecord } from '../domain/call-record';
import type { CallsTable } from './database-schema';

/** The columns a call's own fields map to (not the stream lease, which the store manages on its own). */
type CallColumns = Omit<Selectable<CallsTable>, 'id' | 'owner_instance' | 'owner_lease_until'>;

export function callToRow(call: CallRecord): Insertable<CallsTable> {
  const { callId, ...fields } = call;
  return { id: callId, ...(callPatchToColumns(fields) as CallColumns) };
}

/** The columns that store the given fields. A field maps to one column, except `metadata` (several). */
export function callPatchToColumns(patch: CallPatch): Partial<CallColumns> {
  const columns: Partial<CallColumns> = {};
  if (patch.serverCallId !== undefined) columns.server_call_id = patch.serverCallId;
  if (patch.lifecycleManaged !== undefined) columns.lifecycle_managed = patch.lifecycleManaged ? 1 : 0;
  if (patch.state !== undefined) columns.state = patch.state;
  if (patch.transcription !== undefined) columns.transcription_state = patch.transcription;
  if (patch.startedAt !== undefined) columns.started_at = patch.startedAt;
  if (patch.endedAt !== undefined) columns.ended_at = patch.endedAt;
  if (patch.participants !== undefined) columns.participants_json = JSON.stringify(patch.participants);
  if (patch.locale !== undefined) columns.locale = patch.locale;
  if (patch.detectedLanguage !== undefined) columns.detected_language = patch.detectedLanguage;
  if (patch.sentimentNow !== undefined) columns.sentiment_now = patch.sentimentNow;
  if (patch.sentimentTrend !== undefined) columns.sentiment_trend_json = JSON.stringify(patch.sentimentTrend);
  if (patch.lastLine !== undefined) columns.last_line_json = patch.lastLine === null ? null : JSON.stringify(patch.lastLine);
  if (patch.lastSeq !== undefined) columns.last_seq = patch.lastSeq;
  if (patch.piiLineCount !== undefined) columns.pii_line_count = patch.piiLineCount;
  if (patch.health !== undefined) columns.health_json = JSON.stringify(patch.health);
  if (patch.attentionSignals !== undefined) columns.attention_json = JSON.stringify(patch.attentionSignals);
  if (patch.updatedAt !== undefined) columns.updated_at = patch.updatedAt;
  if (patch.pending !== undefined) columns.pending_json = JSON.stringify(patch.pending);
  if (patch.lastError !== undefined) columns.last_error_json = patch.lastError === null ? null : JSON.stringify(patch.lastError);
  if (patch.assignedTeamId !== undefined) columns.assigned_team_id = patch.assignedTeamId;
  const metadata = patch.metadata;
  if (metadata !== undefined) {
    columns.correlation_id = metadata.correlationId;
    columns.subscription_id = metadata.subscriptionId;
    columns.locales_json = JSON.stringify(metadata.locales);
    columns.sentiment_analysis = metadata.sentimentAnalysis === null ? null : metadata.sentimentAnalysis ? 1 : 0;
    columns.pii_enabled = metadata.piiRedaction === null ? null : metadata.piiRedaction.enabled ? 1 : 0;
    columns.pii_redaction_type = metadata.piiRedaction?.redactionType ?? null;
    columns.speech_model_endpoint_id = metadata.speechModelEndpointId;
  }
  return columns;
}
