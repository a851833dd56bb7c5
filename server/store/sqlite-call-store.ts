/** The embedded SQLite store (better-sqlite3 through Kysely). */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Insertable, type Selectable } from 'kysely';
import type { AuditEntry, CallSummaryRecord, FinalSegment } from '../../lib/protocol';
import type { CallRecord, CallStore, RingingCallRecord, SessionRecord, SupervisorRecord } from './call-store';
import type { CallsTable, Database, RingingCallsTable, SegmentsTable, SummariesTable } from './database-schema';
import { migrationProvider } from './migrations';
import { rowToAudit, rowToCall, rowToSegment, rowToSummary } from './row-mapping';

/** SQLite caps bound parameters per statement (32,766); these chunks stay far below it. */
const SEGMENT_INSERT_CHUNK = 60;
const CALL_UPSERT_CHUNK = 40;

export async function openSqliteCallStore(databasePath: string): Promise<CallStore> {
  if (databasePath !== ':memory:') fs.mkdirSync(path.dirname(databasePath), { recursive: true });
  const sqlite = new SqliteDatabase(databasePath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new SqliteCallStore(db);
}

class SqliteCallStore implements CallStore {
  constructor(private readonly db: Kysely<Database>) {}

  async ensureCall(initial: CallRecord) {
    const result = await this.db.insertInto('calls').values(callToRow(initial)).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    const created = Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    const call = await this.getCall(initial.callId);
    if (!call) throw new Error(`call ${initial.callId} vanished after insert`);
    return { call, created };
  }

  async getCall(callId: string) {
    const row = await this.db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst();
    if (!row) return null;
    const call = rowToCall(row);
    // The segments table is the truth for sequence numbers: a call row written before a crash may lag behind it.
    const max = await this.db.selectFrom('segments').select((eb) => eb.fn.max('seq').as('seq')).where('call_id', '=', callId).executeTakeFirst();
    call.lastSeq = Math.max(call.lastSeq, Number(max?.seq ?? 0));
    return call;
  }

  async listCalls(limit: number) {
    const rows = await this.db.selectFrom('calls').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
    return rows.map(rowToCall);
  }

  async listOpenCallIds(limit: number) {
    const rows = await this.db.selectFrom('calls').select('id').where('state', '!=', 'disconnected').orderBy('started_at', 'desc').limit(limit).execute();
    return rows.map((row) => row.id);
  }

  async commitSegments(segments: readonly FinalSegment[], calls: readonly CallRecord[]) {
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < segments.length; start += SEGMENT_INSERT_CHUNK) {
        const rows = segments.slice(start, start + SEGMENT_INSERT_CHUNK).map(segmentToRow);
        await trx.insertInto('segments').values(rows).onConflict((oc) => oc.columns(['call_id', 'seq']).doNothing()).execute();
      }
      for (let start = 0; start < calls.length; start += CALL_UPSERT_CHUNK) await upsertCalls(trx, calls.slice(start, start + CALL_UPSERT_CHUNK));
    });
  }

  async segmentsAfter(callId: string, afterSeq: number, limit: number) {
    const rows = await this.db
      .selectFrom('segments')
      .selectAll()
      .where('call_id', '=', callId)
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
    return rows.map(rowToSegment);
  }

  async addSummary(summary: CallSummaryRecord) {
    const row: Insertable<SummariesTable> = {
      id: summary.id,
      call_id: summary.callId,
      kind: summary.kind,
      text: summary.text,
      locale: summary.locale,
      operation_context: summary.operationContext,
      created_at: summary.createdAt,
    };
    await this.db.insertInto('summaries').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
  }

  async listSummaries(callId: string) {
    const rows = await this.db.selectFrom('summaries').selectAll().where('call_id', '=', callId).orderBy('created_at', 'asc').execute();
    return rows.map(rowToSummary);
  }

  async addAudit(entry: AuditEntry) {
    await this.db
      .insertInto('audit_entries')
      .values({
        id: entry.id,
        call_id: entry.callId,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        operation_context: entry.operationContext,
        outcome: entry.outcome,
        detail: entry.detail,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async listAudit(callId: string) {
    const rows = await this.db.selectFrom('audit_entries').selectAll().where('call_id', '=', callId).orderBy('at', 'asc').orderBy('id', 'asc').execute();
    return rows.map(rowToAudit);
  }

  async addRingingCall(call: RingingCallRecord) {
    await this.db
      .insertInto('ringing_calls')
      .values({
        id: call.id,
        incoming_call_context: call.incomingCallContext,
        from_raw_id: call.fromRawId,
        to_raw_id: call.toRawId,
        caller_display_name: call.callerDisplayName,
        received_at: call.receivedAt,
        expires_at: call.expiresAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async listRingingCalls(now: number) {
    const rows = await this.db.selectFrom('ringing_calls').selectAll().where('expires_at', '>', now).orderBy('received_at', 'asc').execute();
    return rows.map(rowToRinging);
  }

  async takeRingingCall(id: string) {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('ringing_calls').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      await trx.deleteFrom('ringing_calls').where('id', '=', id).execute();
      return rowToRinging(row);
    });
  }

  async deleteExpiredRingingCalls(now: number) {
    const result = await this.db.deleteFrom('ringing_calls').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async getSupervisor(username: string): Promise<SupervisorRecord | null> {
    const row = await this.db.selectFrom('supervisors').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? { username: row.username, passwordHash: row.password_hash, createdAt: Number(row.created_at) } : null;
  }

  async countSupervisors() {
    const row = await this.db.selectFrom('supervisors').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async createSupervisor(supervisor: SupervisorRecord) {
    const result = await this.db
      .insertInto('supervisors')
      .values({ username: supervisor.username, password_hash: supervisor.passwordHash, created_at: supervisor.createdAt })
      .onConflict((oc) => oc.column('username').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async setSupervisorPassword(username: string, passwordHash: string) {
    await this.db.updateTable('supervisors').set({ password_hash: passwordHash }).where('username', '=', username).execute();
  }

  async createSession(session: SessionRecord) {
    await this.db
      .insertInto('sessions')
      .values({ token_hash: session.tokenHash, username: session.username, created_at: session.createdAt, expires_at: session.expiresAt })
      .execute();
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const row = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row
      ? { tokenHash: row.token_hash, username: row.username, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) }
      : null;
  }

  async deleteSession(tokenHash: string) {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(now: number) {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async getValue(key: string) {
    const row = await this.db.selectFrom('key_value').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }

  async setValueIfAbsent(key: string, value: string) {
    await this.db.insertInto('key_value').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const stored = await this.getValue(key);
    if (stored === null) throw new Error(`key ${key} vanished after insert`);
    return stored;
  }

  async close() {
    await this.db.destroy();
  }
}

/** One statement for many calls: the pipeline rewrites every active call's row each flush. */
async function upsertCalls(db: Kysely<Database>, calls: readonly CallRecord[]) {
  if (calls.length === 0) return;
  const rows = calls.map(callToRow);
  const columns = Object.keys(rows[0] ?? {}).filter((column) => column !== 'id') as (keyof Selectable<CallsTable>)[];
  await db
    .insertInto('calls')
    .values(rows)
    .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(columns.map((column) => [column, eb.ref(`excluded.${column}`)]))))
    .execute();
}

function callToRow(call: CallRecord): Selectable<CallsTable> {
  return {
    id: call.callId,
    correlation_id: call.metadata.correlationId,
    server_call_id: call.serverCallId,
    state: call.state,
    transcription_state: call.transcription,
    lifecycle_managed: call.lifecycleManaged ? 1 : 0,
    started_at: call.startedAt,
    ended_at: call.endedAt,
    locale: call.locale,
    detected_language: call.detectedLanguage,
    locales_json: JSON.stringify(call.metadata.locales),
    sentiment_analysis: call.metadata.sentimentAnalysis === null ? null : call.metadata.sentimentAnalysis ? 1 : 0,
    pii_enabled: call.metadata.piiRedaction === null ? null : call.metadata.piiRedaction.enabled ? 1 : 0,
    pii_redaction_type: call.metadata.piiRedaction?.redactionType ?? null,
    speech_model_endpoint_id: call.metadata.speechModelEndpointId,
    subscription_id: call.metadata.subscriptionId,
    participants_json: JSON.stringify(call.participants),
    last_seq: call.lastSeq,
    pii_line_count: call.piiLineCount,
    sentiment_now: call.sentimentNow,
    sentiment_trend_json: JSON.stringify(call.sentimentTrend),
    last_line_json: call.lastLine === null ? null : JSON.stringify(call.lastLine),
    updated_at: call.updatedAt,
    pending_json: JSON.stringify(call.pending),
    last_error_json: call.lastError === null ? null : JSON.stringify(call.lastError),
  };
}

function segmentToRow(segment: FinalSegment): Insertable<SegmentsTable> {
  return {
    call_id: segment.callId,
    seq: segment.seq,
    utterance_id: segment.utteranceId,
    speaker_raw_id: segment.speaker.rawId,
    speaker_kind: segment.speaker.kind,
    speaker_label: segment.speaker.label,
    text: segment.text,
    offset_ms: segment.offsetMs,
    duration_ms: segment.durationMs,
    confidence: segment.confidence,
    words_json: JSON.stringify(segment.words),
    sentiment: segment.sentiment,
    language: segment.language,
    pii_masked: segment.piiMasked ? 1 : 0,
    received_at: segment.receivedAt,
  };
}

function rowToRinging(row: Selectable<RingingCallsTable>): RingingCallRecord {
  return {
    id: row.id,
    incomingCallContext: row.incoming_call_context,
    fromRawId: row.from_raw_id,
    toRawId: row.to_raw_id,
    callerDisplayName: row.caller_display_name,
    receivedAt: Number(row.received_at),
    expiresAt: Number(row.expires_at),
  };
}
