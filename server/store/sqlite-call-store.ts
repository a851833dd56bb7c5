/**
 * The embedded SQLite store (better-sqlite3). Kysely builds every query except the ingest hot path — appending
 * finals and updating calls, thousands of times a second — which runs prepared statements on the same
 * connection, inside Kysely's connection lock so it never interleaves with a Kysely transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Insertable, type Selectable } from 'kysely';
import type { AuditEntry, CallSummaryRecord, FinalSegment } from '../../lib/protocol';
import type { CallPatch, CallRecord, NewFinal } from '../domain/call-record';
import type { Logger } from '../log';
import type { CallStore, RingingCallRecord, SessionRecord, SupervisorRecord } from './call-store';
import { callPatchToColumns, callToRow } from './call-columns';
import type { Database, RingingCallsTable, SummariesTable } from './database-schema';
import { migrationProvider } from './migrations';
import { CorruptRowError, rowToAudit, rowToCall, rowToSegment, rowToSummary } from './row-mapping';

export interface SqliteStoreOptions {
  /** Told about rows that cannot be read (they are skipped in lists and fail single reads). */
  log?: Logger;
}

export interface SqliteCallStore extends CallStore {
  /** The underlying connection, for tests that inject real SQLite faults (read-only, disk full). */
  readonly sqlite: SqliteDatabase.Database;
}

export async function openSqliteCallStore(databasePath: string, options: SqliteStoreOptions = {}): Promise<SqliteCallStore> {
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
  return new SqliteStore(db, sqlite, options.log);
}

class SqliteStore implements SqliteCallStore {
  private readonly hot: HotStatements;
  private readonly updateStatements = new Map<string, SqliteDatabase.Statement>();

  constructor(
    private readonly db: Kysely<Database>,
    readonly sqlite: SqliteDatabase.Database,
    private readonly log: Logger | undefined,
  ) {
    this.hot = prepareHotStatements(sqlite);
  }

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
    const call = this.readRow(() => rowToCall(row));
    // The segments table is the truth for sequence numbers: a call row written before a crash may lag behind it.
    call.lastSeq = Math.max(call.lastSeq, this.hot.maxSeq.get(callId)?.seq ?? 0);
    return call;
  }

  async listCalls(limit: number) {
    const rows = await this.db.selectFrom('calls').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
    return this.readRows(rows, rowToCall);
  }

  async listOpenCallIds(limit: number) {
    const rows = await this.db.selectFrom('calls').select('id').where('state', '!=', 'disconnected').orderBy('started_at', 'desc').limit(limit).execute();
    return rows.map((row) => row.id);
  }

  appendFinals(finals: readonly NewFinal[]): Promise<FinalSegment[]> {
    if (finals.length === 0) return Promise.resolve([]);
    return this.withConnection(() => this.hot.appendFinals(finals));
  }

  updateCalls(updates: readonly { callId: string; patch: CallPatch }[]): Promise<void> {
    if (updates.length === 0) return Promise.resolve();
    return this.withConnection(() =>
      this.sqlite.transaction(() => {
        for (const { callId, patch } of updates) {
          const columns = callPatchToColumns(patch);
          const names = Object.keys(columns);
          if (names.length === 0) continue;
          this.updateStatement(names).run({ ...columns, id: callId });
        }
      })(),
    );
  }

  async recentFinalKeys(callId: string, limit: number) {
    return this.hot.recentKeys.all(callId, limit).flatMap((row) => (row.dedup_key === null ? [] : [row.dedup_key]));
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
    return rows.map((row) => this.readRow(() => rowToSegment(row)));
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
    return this.readRows(rows, rowToSummary);
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
    return this.readRows(rows, rowToAudit);
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

  async hasProcessedEvent(id: string) {
    const row = await this.db.selectFrom('processed_events').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }

  async recordProcessedEvent(id: string, at: number) {
    const result = await this.db.insertInto('processed_events').values({ id, processed_at: at }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async deleteProcessedEventsBefore(at: number) {
    const result = await this.db.deleteFrom('processed_events').where('processed_at', '<', at).executeTakeFirst();
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

  /** Runs synchronous better-sqlite3 work while holding Kysely's lock on the one connection. */
  private withConnection<T>(work: () => T): Promise<T> {
    return this.db.connection().execute(async () => work());
  }

  private updateStatement(columns: string[]): SqliteDatabase.Statement {
    const key = columns.join(',');
    let statement = this.updateStatements.get(key);
    if (!statement) {
      statement = this.sqlite.prepare(`UPDATE calls SET ${columns.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`);
      this.updateStatements.set(key, statement);
    }
    return statement;
  }

  private readRow<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof CorruptRowError) this.log?.error({ table: error.table, rowId: error.rowId, column: error.column }, 'a stored row has an invalid value');
      throw error;
    }
  }

  /** A list skips a row it cannot read (loudly), so one corrupt call does not hide every other. */
  private readRows<Row, T>(rows: Row[], read: (row: Row) => T): T[] {
    return rows.flatMap((row) => {
      try {
        return [this.readRow(() => read(row))];
      } catch (error) {
        if (error instanceof CorruptRowError) return [];
        throw error;
      }
    });
  }
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

interface HotStatements {
  maxSeq: SqliteDatabase.Statement<[string], { seq: number | null }>;
  recentKeys: SqliteDatabase.Statement<[string, number], { dedup_key: string | null }>;
  appendFinals(finals: readonly NewFinal[]): FinalSegment[];
}

/** Prepared once: the statements every flush runs. */
function prepareHotStatements(sqlite: SqliteDatabase.Database): HotStatements {
  const maxSeq = sqlite.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM segments WHERE call_id = ?');
  const recentKeys = sqlite.prepare<[string, number], { dedup_key: string | null }>('SELECT dedup_key FROM segments WHERE call_id = ? ORDER BY seq DESC LIMIT ?');
  // A repeat conflicts on (call_id, dedup_key) and is skipped; a conflict on (call_id, seq) is a bug and throws.
  const insert = sqlite.prepare(
    `INSERT INTO segments (call_id, seq, utterance_id, speaker_raw_id, speaker_kind, speaker_label, text, offset_ms, duration_ms,
       confidence, words_json, sentiment, language, pii_masked, received_at, dedup_key)
     VALUES (@call_id, @seq, @utterance_id, @speaker_raw_id, @speaker_kind, @speaker_label, @text, @offset_ms, @duration_ms,
       @confidence, @words_json, @sentiment, @language, @pii_masked, @received_at, @dedup_key)
     ON CONFLICT (call_id, dedup_key) DO NOTHING`,
  );
  const setLastSeq = sqlite.prepare('UPDATE calls SET last_seq = ? WHERE id = ? AND last_seq < ?');
  const appendFinals = sqlite.transaction((finals: readonly NewFinal[]): FinalSegment[] => {
    const lastSeq = new Map<string, number>();
    const stored: FinalSegment[] = [];
    for (const final of finals) {
      let seq = lastSeq.get(final.callId);
      if (seq === undefined) seq = maxSeq.get(final.callId)?.seq ?? 0;
      const { dedupKey, ...fields } = final;
      const segment: FinalSegment = { ...fields, seq: seq + 1 };
      const result = insert.run({ ...segmentToRow(segment), dedup_key: dedupKey });
      if (result.changes === 1) {
        seq += 1;
        stored.push(segment);
      }
      lastSeq.set(final.callId, seq);
    }
    for (const [callId, seq] of lastSeq) setLastSeq.run(seq, callId, seq);
    return stored;
  });
  return { maxSeq, recentKeys, appendFinals };
}

function segmentToRow(segment: FinalSegment) {
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
