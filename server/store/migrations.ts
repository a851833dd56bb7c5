/**
 * Schema migrations, in code so they ship inside the build. Written with Kysely's schema builder only, so a
 * PostgreSQL store can run the same list. Append new migrations; never edit a released one.
 */
import { sql, SqliteAdapter, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { createSearchIndex, dropSearchIndex } from './search-migration';
import { queueSearchIndex, unqueueSearchIndex } from './search-queue-migration';

const migrations: Record<string, Migration> = {
  '2026-11-23-001-initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('calls')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('correlation_id', 'text')
        .addColumn('server_call_id', 'text')
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('transcription_state', 'text', (col) => col.notNull())
        .addColumn('lifecycle_managed', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('started_at', 'bigint', (col) => col.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('locale', 'text')
        .addColumn('detected_language', 'text')
        .addColumn('locales_json', 'text', (col) => col.notNull().defaultTo('[]'))
        .addColumn('sentiment_analysis', 'integer')
        .addColumn('pii_enabled', 'integer')
        .addColumn('pii_redaction_type', 'text')
        .addColumn('speech_model_endpoint_id', 'text')
        .addColumn('subscription_id', 'text')
        .addColumn('participants_json', 'text', (col) => col.notNull().defaultTo('[]'))
        .addColumn('last_seq', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('pii_line_count', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('sentiment_now', 'real')
        .addColumn('sentiment_trend_json', 'text', (col) => col.notNull().defaultTo('[]'))
        .addColumn('last_line_json', 'text')
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('calls_by_started').on('calls').column('started_at').execute();

      await db.schema
        .createTable('segments')
        .addColumn('call_id', 'text', (col) => col.notNull().references('calls.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (col) => col.notNull())
        .addColumn('utterance_id', 'text', (col) => col.notNull())
        .addColumn('speaker_raw_id', 'text', (col) => col.notNull())
        .addColumn('speaker_kind', 'text', (col) => col.notNull())
        .addColumn('speaker_label', 'text', (col) => col.notNull())
        .addColumn('text', 'text', (col) => col.notNull())
        .addColumn('offset_ms', 'double precision', (col) => col.notNull())
        .addColumn('duration_ms', 'double precision', (col) => col.notNull())
        .addColumn('confidence', 'real')
        .addColumn('words_json', 'text', (col) => col.notNull())
        .addColumn('sentiment', 'text')
        .addColumn('language', 'text')
        .addColumn('pii_masked', 'integer', (col) => col.notNull())
        .addColumn('received_at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('segments_pk', ['call_id', 'seq'])
        .execute();

      await db.schema
        .createTable('summaries')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('call_id', 'text', (col) => col.notNull().references('calls.id').onDelete('cascade'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('text', 'text', (col) => col.notNull())
        .addColumn('locale', 'text')
        .addColumn('operation_context', 'text')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('summaries_by_call').on('summaries').columns(['call_id', 'created_at']).execute();

      await db.schema
        .createTable('supervisors')
        .addColumn('username', 'text', (col) => col.primaryKey())
        .addColumn('password_hash', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (col) => col.primaryKey())
        .addColumn('username', 'text', (col) => col.notNull().references('supervisors.username').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('key_value')
        .addColumn('key', 'text', (col) => col.primaryKey())
        .addColumn('value', 'text', (col) => col.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['key_value', 'sessions', 'supervisors', 'summaries', 'segments', 'calls']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  },
  '2026-11-23-002-call-control': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('calls').addColumn('pending_json', 'text', (col) => col.notNull().defaultTo('[]')).execute();
      await db.schema.alterTable('calls').addColumn('last_error_json', 'text').execute();
      await db.schema
        .createTable('audit_entries')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('call_id', 'text', (col) => col.notNull())
        .addColumn('at', 'bigint', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('operation_context', 'text')
        .addColumn('outcome', 'text', (col) => col.notNull())
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('audit_by_call').on('audit_entries').columns(['call_id', 'at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('audit_entries').ifExists().execute();
      await db.schema.alterTable('calls').dropColumn('last_error_json').execute();
      await db.schema.alterTable('calls').dropColumn('pending_json').execute();
    },
  },
  '2026-11-23-003-ringing-calls': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ringing_calls')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('incoming_call_context', 'text', (col) => col.notNull())
        .addColumn('from_raw_id', 'text')
        .addColumn('to_raw_id', 'text')
        .addColumn('caller_display_name', 'text')
        .addColumn('received_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('ringing_calls').ifExists().execute();
    },
  },
  '2026-12-02-004-final-identity-and-processed-events': {
    async up(db: Kysely<unknown>) {
      // A repeated final (same speaker, offset, duration, text) maps to the same key; one segment per key and call.
      // Rows written before this migration have no key (NULL never conflicts).
      await db.schema.alterTable('segments').addColumn('dedup_key', 'text').execute();
      await db.schema.createIndex('segments_dedup').unique().on('segments').columns(['call_id', 'dedup_key']).execute();
      // ACS event ids whose effects are stored: a retried callback is applied once, on whichever instance it lands.
      await db.schema
        .createTable('processed_events')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('processed_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('processed_events_by_time').on('processed_events').column('processed_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('processed_events').ifExists().execute();
      await db.schema.dropIndex('segments_dedup').ifExists().execute();
      await db.schema.alterTable('segments').dropColumn('dedup_key').execute();
    },
  },
  '2026-12-02-005-stream-leases': {
    async up(db: Kysely<unknown>) {
      // The instance whose ingress holds the call's transcript stream, and until when (it renews while it does).
      await db.schema.alterTable('calls').addColumn('owner_instance', 'text').execute();
      await db.schema.alterTable('calls').addColumn('owner_lease_until', 'bigint').execute();
      await db.schema.createIndex('calls_by_state_lease').on('calls').columns(['state', 'owner_lease_until']).execute();
      await db.schema.createIndex('calls_by_owner').on('calls').column('owner_instance').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('calls_by_owner').ifExists().execute();
      await db.schema.dropIndex('calls_by_state_lease').ifExists().execute();
      await db.schema.alterTable('calls').dropColumn('owner_lease_until').execute();
      await db.schema.alterTable('calls').dropColumn('owner_instance').execute();
    },
  },
  '2026-12-02-006-call-list-by-state': {
    async up(db: Kysely<unknown>) {
      // The call list reads the most recently ended calls (WHERE state = 'disconnected' ORDER BY ended_at DESC).
      await db.schema.createIndex('calls_by_state_ended').on('calls').columns(['state', 'ended_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('calls_by_state_ended').ifExists().execute();
    },
  },
  '2026-12-02-007-rules-and-alerts': {
    async up(db: Kysely<unknown>) {
      // A rule is stored as the JSON the API accepted (RuleInputSchema), validated again when read.
      await db.schema
        .createTable('rules')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('definition_json', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .addColumn('updated_by', 'text', (col) => col.notNull())
        .execute();
      // Alerts keep the rule's name, severity and kind as they were when it fired: the rule may change or go.
      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('rule_id', 'text', (col) => col.notNull())
        .addColumn('rule_name', 'text', (col) => col.notNull())
        .addColumn('severity', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('call_id', 'text', (col) => col.notNull())
        .addColumn('seqs_json', 'text', (col) => col.notNull())
        .addColumn('text', 'text', (col) => col.notNull())
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('at', 'bigint', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('acknowledged_by', 'text')
        .addColumn('acknowledged_at', 'bigint')
        .execute();
      // The inbox (open, newest first), all alerts newest first, and a call's alerts (also each rule's last firing).
      await db.schema.createIndex('alerts_by_state_at').on('alerts').columns(['state', 'at']).execute();
      await db.schema.createIndex('alerts_by_at').on('alerts').column('at').execute();
      await db.schema.createIndex('alerts_by_call').on('alerts').columns(['call_id', 'rule_id', 'at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('alerts').ifExists().execute();
      await db.schema.dropTable('rules').ifExists().execute();
    },
  },
  '2026-12-02-008-alert-deliveries': {
    async up(db: Kysely<unknown>) {
      // The alert webhook queue and its log. No foreign key to `alerts` (007, written in parallel): this migration
      // stands alone, and a delivery row outlives nothing it needs.
      await db.schema
        .createTable('alert_deliveries')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('alert_id', 'text', (col) => col.notNull())
        .addColumn('target_url', 'text', (col) => col.notNull())
        .addColumn('format', 'text', (col) => col.notNull())
        .addColumn('body', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint')
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', 'bigint')
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('last_attempt_at', 'bigint')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .execute();
      // Pollers ask for pending rows that are due; the delivery log asks by alert.
      await db.schema.createIndex('alert_deliveries_due').on('alert_deliveries').columns(['state', 'next_attempt_at']).execute();
      await db.schema.createIndex('alert_deliveries_by_alert').on('alert_deliveries').columns(['alert_id', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('alert_deliveries').ifExists().execute();
    },
  },
  '2026-12-02-009-pipeline-health-and-attention': {
    async up(db: Kysely<unknown>) {
      // A call's stream state and packet times (CallHealth). streamSince 0 reads as the call's start.
      await db.schema
        .alterTable('calls')
        .addColumn('health_json', 'text', (col) => col.notNull().defaultTo('{"stream":"none","streamSince":0,"lastPacketAt":null,"lastFinalAt":null}'))
        .execute();
      // The attention score's inputs (lib/attention.ts AttentionSignals).
      await db.schema
        .alterTable('calls')
        .addColumn('attention_json', 'text', (col) =>
          col.notNull().defaultTo('{"negativeStreak":0,"openAlerts":{"critical":0,"warning":0,"info":0,"newestReason":null},"silenceStep":0,"durationMultiple":0}'),
        )
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('calls').dropColumn('attention_json').execute();
      await db.schema.alterTable('calls').dropColumn('health_json').execute();
    },
  },
  '2026-12-02-010-search': {
    // Full-text search over segments' display text (search-migration.ts): FTS5 on SQLite, tsvector + GIN on PostgreSQL.
    up: (db: Kysely<unknown>) => createSearchIndex(db, db.getExecutor().adapter instanceof SqliteAdapter),
    down: (db: Kysely<unknown>) => dropSearchIndex(db, db.getExecutor().adapter instanceof SqliteAdapter),
  },
  '2026-12-02-011-annotations': {
    async up(db: Kysely<unknown>) {
      // Bookmarks and notes go with their call. `seq` is not a foreign key: segments have a composite key, and a
      // line, once stored, is never deleted apart from its call.
      await db.schema
        .createTable('annotations')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('call_id', 'text', (col) => col.notNull().references('calls.id').onDelete('cascade'))
        .addColumn('seq', 'integer')
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('text', 'text')
        .addColumn('author', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('annotations_by_call').on('annotations').columns(['call_id', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('annotations').ifExists().execute();
    },
  },
  '2026-12-02-012-history': {
    async up(db: Kysely<unknown>) {
      // Who erased which call on request, and when: the call's own audit trail goes with it. No transcript data.
      await db.schema
        .createTable('erasures')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('call_id', 'text', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('at', 'bigint', (col) => col.notNull())
        .addColumn('reason', 'text')
        .execute();
      await db.schema.createIndex('erasures_by_at').on('erasures').columns(['at', 'id']).execute();
      // The history list pages newest first with an id tie-break (keyset), and retention finds long-ended calls.
      await db.schema.createIndex('calls_by_state_ended_id').on('calls').columns(['state', 'ended_at', 'id']).execute();
      await db.schema.createIndex('calls_by_started_id').on('calls').columns(['started_at', 'id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('calls_by_started_id').ifExists().execute();
      await db.schema.dropIndex('calls_by_state_ended_id').ifExists().execute();
      await db.schema.dropTable('erasures').ifExists().execute();
    },
  },
  '2026-12-02-013-call-looks': {
    async up(db: Kysely<unknown>) {
      // When each supervisor last had each call open, and the last line it had: "since you last looked".
      await db.schema
        .createTable('call_looks')
        .addColumn('username', 'text', (col) => col.notNull())
        .addColumn('call_id', 'text', (col) => col.notNull().references('calls.id').onDelete('cascade'))
        .addColumn('last_seq', 'integer', (col) => col.notNull())
        .addColumn('looked_at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('call_looks_pk', ['username', 'call_id'])
        .execute();
      // Erasing or expiring a call deletes its looks by call id (the cascade looks them up this way).
      await db.schema.createIndex('call_looks_by_call').on('call_looks').column('call_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('call_looks').ifExists().execute();
    },
  },
  '2026-12-02-014-users-and-teams': {
    async up(db: Kysely<unknown>) {
      // Accounts get a role; the one shared account of earlier versions becomes an admin. New rows must say theirs.
      await db.schema.alterTable('supervisors').addColumn('role', 'text', (col) => col.notNull().defaultTo('viewer')).execute();
      await db.schema.alterTable('supervisors').addColumn('disabled', 'integer', (col) => col.notNull().defaultTo(0)).execute();
      await sql`UPDATE supervisors SET role = 'admin'`.execute(db);
      await db.schema
        .createTable('teams')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('match_json', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('teams_by_name').on('teams').column('name').unique().execute();
      await db.schema
        .createTable('user_teams')
        .addColumn('username', 'text', (col) => col.notNull().references('supervisors.username').onDelete('cascade'))
        .addColumn('team_id', 'text', (col) => col.notNull().references('teams.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('user_teams_pk', ['username', 'team_id'])
        .execute();
      // Deleting a team removes its memberships through this index; team scoping looks members up by team.
      await db.schema.createIndex('user_teams_by_team').on('user_teams').column('team_id').execute();
      await db.schema.createIndex('sessions_by_username').on('sessions').column('username').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('sessions_by_username').ifExists().execute();
      await db.schema.dropTable('user_teams').ifExists().execute();
      await db.schema.dropTable('teams').ifExists().execute();
      await db.schema.alterTable('supervisors').dropColumn('disabled').execute();
      await db.schema.alterTable('supervisors').dropColumn('role').execute();
    },
  },
  '2026-12-02-015-search-queue': {
    // SQLite: lines reach FTS5 through a queue drained outside the ingest transaction (search-queue-migration.ts).
    up: (db: Kysely<unknown>) => queueSearchIndex(db, db.getExecutor().adapter instanceof SqliteAdapter),
    down: (db: Kysely<unknown>) => unqueueSearchIndex(db, db.getExecutor().adapter instanceof SqliteAdapter),
  },
  '2026-12-02-016-call-teams': {
    async up(db: Kysely<unknown>) {
      // Which teams each call belongs to, kept by the call service as participants change and recomputed when teams
      // change (server/auth/call-visibility.ts). A table, not a JSON column, so the history and search pages filter
      // by team in SQL with an index, before they page. A call with no row is in the pseudo-team "Unassigned".
      await db.schema
        .createTable('call_teams')
        .addColumn('call_id', 'text', (col) => col.notNull().references('calls.id').onDelete('cascade'))
        .addColumn('team_id', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('call_teams_pk', ['call_id', 'team_id'])
        .execute();
      // Deleting a team drops its rows by team id.
      await db.schema.createIndex('call_teams_by_team').on('call_teams').columns(['team_id', 'call_id']).execute();
      // A call placed or answered from Earshot may be given a team explicitly.
      await db.schema.alterTable('calls').addColumn('assigned_team_id', 'text').execute();
      // "Unassigned" is no row in `teams` (a built-in that cannot be edited): a user responsible for it has this flag.
      await db.schema.alterTable('supervisors').addColumn('sees_unassigned', 'integer', (col) => col.notNull().defaultTo(0)).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('supervisors').dropColumn('sees_unassigned').execute();
      await db.schema.alterTable('calls').dropColumn('assigned_team_id').execute();
      await db.schema.dropTable('call_teams').ifExists().execute();
    },
  },
  '2026-12-02-017-user-identities': {
    async up(db: Kysely<unknown>) {
      // Accounts that sign in through an OpenID provider: keyed by the provider's issuer and its stable subject for
      // the person, so a renamed username at the provider still reaches the same account. One identity per account.
      await db.schema
        .createTable('user_identities')
        .addColumn('issuer', 'text', (col) => col.notNull())
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('username', 'text', (col) => col.notNull().references('supervisors.username').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('last_login_at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('user_identities_pk', ['issuer', 'subject'])
        .execute();
      await db.schema.createIndex('user_identities_by_username').on('user_identities').column('username').unique().execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('user_identities').ifExists().execute();
    },
  },
  '2026-12-02-018-directory': {
    async up(db: Kysely<unknown>) {
      // Who each ACS identity is: a display name, a kind (agent, bot, customer) and teams.
      await db.schema
        .createTable('directory_entries')
        .addColumn('raw_id', 'text', (col) => col.primaryKey())
        .addColumn('display_name', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('directory_teams')
        .addColumn('raw_id', 'text', (col) => col.notNull().references('directory_entries.raw_id').onDelete('cascade'))
        .addColumn('team_id', 'text', (col) => col.notNull().references('teams.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('directory_teams_pk', ['raw_id', 'team_id'])
        .execute();
      // The primary key answers "the teams of these raw ids" (team scoping); this one, deleting a team.
      await db.schema.createIndex('directory_teams_by_team').on('directory_teams').column('team_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('directory_teams').ifExists().execute();
      await db.schema.dropTable('directory_entries').ifExists().execute();
    },
  },
  '2026-12-04-019-sqlite-dedup-in-writer': {
    // SQLite only: its one writing process keeps each call's final keys itself (sqlite-final-keys.ts). The unique
    // index cost a randomly placed index page per stored line: 37 % of the write-ahead log at 2,000 calls.
    // PostgreSQL keeps its unique index: several instances write there at once.
    async up(db: Kysely<unknown>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter) await db.schema.dropIndex('segments_dedup').ifExists().execute();
    },
    async down(db: Kysely<unknown>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter) await db.schema.createIndex('segments_dedup').unique().on('segments').columns(['call_id', 'dedup_key']).execute();
    },
  },
  '2026-12-04-020-sqlite-line-staging': {
    // SQLite only: new lines wait in eight tables without an index and move into segments in bulk, a table at a time
    // (sqlite-line-staging.ts). Same columns as segments, no key: appending writes sequential pages whatever the call.
    async up(db: Kysely<unknown>) {
      if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
      for (let index = 0; index < 8; index += 1) {
        await sql`CREATE TABLE ${sql.table(`segments_staged_${index}`)} (
          call_id text NOT NULL, seq integer NOT NULL, utterance_id text NOT NULL, speaker_raw_id text NOT NULL,
          speaker_kind text NOT NULL, speaker_label text NOT NULL, text text NOT NULL, offset_ms double precision NOT NULL,
          duration_ms double precision NOT NULL, confidence real, words_json text NOT NULL, sentiment text, language text,
          pii_masked integer NOT NULL, received_at bigint NOT NULL, dedup_key text)`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
      const columns = sql.raw(
        'call_id, seq, utterance_id, speaker_raw_id, speaker_kind, speaker_label, text, offset_ms, duration_ms, confidence, words_json, sentiment, language, pii_masked, received_at, dedup_key',
      );
      for (let index = 0; index < 8; index += 1) {
        const table = sql.table(`segments_staged_${index}`);
        await sql`INSERT INTO segments (${columns}) SELECT ${columns} FROM ${table} r
          WHERE EXISTS (SELECT 1 FROM calls c WHERE c.id = r.call_id) ORDER BY r.call_id, r.seq`.execute(db);
        await sql`DROP TABLE ${table}`.execute(db);
      }
    },
  },
  '2026-12-05-021-alerts-by-call-and-state': {
    // A call's open alerts (its attention count after every alert, the catch-up card) were found through
    // (state, at): SQLite walked every open alert of every call to find one call's, so each new alert cost more the
    // longer alerts stayed unacknowledged. With (call_id, state) it reads only that call's. It replaces
    // (call_id, rule_id, at), whose one reader (when each rule last fired on a call, once per call) reads the call's
    // alerts through this one as well: every index is a page written per alert.
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('alerts_by_call_state_at').on('alerts').columns(['call_id', 'state', 'at']).execute();
      await db.schema.dropIndex('alerts_by_call').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.createIndex('alerts_by_call').on('alerts').columns(['call_id', 'rule_id', 'at']).execute();
      await db.schema.dropIndex('alerts_by_call_state_at').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
