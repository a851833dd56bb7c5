/** Kysely table types: the one place that knows column names. Booleans are 0/1 and JSON is TEXT for SQLite. */
import type { ColumnType, Generated } from 'kysely';

export interface CallsTable {
  id: string;
  correlation_id: string | null;
  server_call_id: string | null;
  state: string;
  transcription_state: string;
  /** True once call-automation callbacks drive the call's state (then a closed stream does not end the call). */
  lifecycle_managed: number;
  started_at: number;
  ended_at: number | null;
  locale: string | null;
  detected_language: string | null;
  locales_json: string;
  sentiment_analysis: number | null;
  pii_enabled: number | null;
  pii_redaction_type: string | null;
  speech_model_endpoint_id: string | null;
  subscription_id: string | null;
  participants_json: string;
  last_seq: number;
  pii_line_count: number;
  sentiment_now: number | null;
  sentiment_trend_json: string;
  last_line_json: string | null;
  updated_at: number;
  pending_json: string;
  last_error_json: string | null;
  /** CallHealth as JSON (migration 009). */
  health_json: string;
  /** AttentionSignals as JSON (migration 009). */
  attention_json: string;
  /** Instance whose ingress holds the call's transcript stream (see server/calls/stream-leases.ts). */
  owner_instance: Generated<string | null>;
  owner_lease_until: Generated<number | null>;
  /** Migration 016: the team a supervisor gave the call when placing or answering it, or null. */
  assigned_team_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AuditEntriesTable {
  id: string;
  call_id: string;
  at: number;
  actor: string;
  action: string;
  operation_context: string | null;
  outcome: string;
  detail: string | null;
}

export interface SegmentsTable {
  call_id: string;
  seq: number;
  utterance_id: string;
  speaker_raw_id: string;
  speaker_kind: string;
  speaker_label: string;
  text: string;
  offset_ms: number;
  duration_ms: number;
  confidence: number | null;
  words_json: string;
  sentiment: string | null;
  language: string | null;
  pii_masked: number;
  received_at: number;
  /** Identity of the final (see server/domain/final-key.ts); NULL on rows from before it existed. */
  dedup_key: string | null;
}

export interface ProcessedEventsTable {
  id: string;
  processed_at: number;
}

export interface SummariesTable {
  id: string;
  call_id: string;
  kind: string;
  text: string;
  locale: string | null;
  operation_context: string | null;
  created_at: number;
}

export interface SupervisorsTable {
  username: string;
  password_hash: string;
  created_at: number;
  /** Migration 014: admin | supervisor | viewer (existing accounts became admins). */
  role: ColumnType<string, string | undefined, string>;
  /** Migration 014: 1 when the account may not log in. */
  disabled: ColumnType<number, number | undefined, number>;
  /** Migration 016: 1 when the user is in the pseudo-team "Unassigned". */
  sees_unassigned: ColumnType<number, number | undefined, number>;
}

export interface SessionsTable {
  token_hash: string;
  username: string;
  created_at: number;
  expires_at: number;
}

export interface KeyValueTable {
  key: string;
  value: string;
}

export interface RingingCallsTable {
  id: string;
  incoming_call_context: string;
  from_raw_id: string | null;
  to_raw_id: string | null;
  caller_display_name: string | null;
  received_at: number;
  expires_at: number;
}

/** An alert rule: its definition is the JSON the API accepted (lib/rules.ts RuleInputSchema). */
export interface RulesTable {
  id: string;
  definition_json: string;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

export interface AlertsTable {
  id: string;
  rule_id: string;
  rule_name: string;
  severity: string;
  kind: string;
  call_id: string;
  seqs_json: string;
  text: string;
  reason: string;
  at: number;
  state: string;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
}

/** The alert webhook queue and delivery log (server/store/delivery-store.ts). No foreign key to alerts: either can be pruned alone. */
export interface AlertDeliveriesTable {
  id: string;
  alert_id: string;
  target_url: string;
  format: string;
  body: string;
  state: string;
  attempts: number;
  next_attempt_at: number | null;
  claimed_by: string | null;
  claimed_until: number | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: number | null;
  created_at: number;
}

/** A supervisor's last look at a call (server/store/look-store.ts). */
export interface CallLooksTable {
  username: string;
  call_id: string;
  last_seq: number;
  looked_at: number;
}

/** Supervisors' bookmarks and notes (migration 011); `seq` null is a note on the whole call. */
export interface AnnotationsTable {
  id: string;
  call_id: string;
  seq: number | null;
  kind: string;
  text: string | null;
  author: string;
  created_at: number;
}

/** A call erased on request (migration 012): who, when, why; nothing of the call's content. */
export interface ErasuresTable {
  id: string;
  call_id: string;
  actor: string;
  at: number;
  reason: string | null;
}

/** Teams (migration 014): a name and raw-id patterns (JSON array). */
export interface TeamsTable {
  id: string;
  name: string;
  match_json: string;
  created_at: number;
}

export interface UserTeamsTable {
  username: string;
  team_id: string;
}

/** SQLite only (migration 015): lines stored but not yet in the FTS5 index, by the segment's rowid. */
export interface SearchQueueTable {
  segment_rowid: number;
}

/** Accounts that sign in through an OpenID provider (migration 017): issuer + subject name one account. */
export interface UserIdentitiesTable {
  issuer: string;
  subject: string;
  username: string;
  created_at: number;
  last_login_at: number;
}

/** The directory (migration 018): who an ACS raw id is. */
export interface DirectoryEntriesTable {
  raw_id: string;
  display_name: string;
  /** `agent`, `bot` or `customer` (DIRECTORY_KINDS). */
  kind: string;
  updated_at: number;
}

export interface DirectoryTeamsTable {
  raw_id: string;
  team_id: string;
}

/** Migration 016: the teams a call belongs to (none: "Unassigned"). */
export interface CallTeamsTable {
  call_id: string;
  team_id: string;
}

export interface Database {
  calls: CallsTable;
  segments: SegmentsTable;
  summaries: SummariesTable;
  supervisors: SupervisorsTable;
  sessions: SessionsTable;
  key_value: KeyValueTable;
  audit_entries: AuditEntriesTable;
  ringing_calls: RingingCallsTable;
  processed_events: ProcessedEventsTable;
  rules: RulesTable;
  alerts: AlertsTable;
  alert_deliveries: AlertDeliveriesTable;
  call_looks: CallLooksTable;
  annotations: AnnotationsTable;
  erasures: ErasuresTable;
  teams: TeamsTable;
  user_teams: UserTeamsTable;
  search_queue: SearchQueueTable;
  user_identities: UserIdentitiesTable;
  directory_entries: DirectoryEntriesTable;
  directory_teams: DirectoryTeamsTable;
  call_teams: CallTeamsTable;
}

export type { Generated };
