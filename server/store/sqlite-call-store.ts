/**
 * The embedded SQLite store (better-sqlite3). Kysely builds every query except the ingest hot path — appending
 * finals and updating calls, thousands of times a second — which runs prepared statements on the same
 * connection, inside Kysely's connection lock so it never interleaves with a Kysely transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, sql, SqliteDialect, type Transaction } from 'kysely';
import type { FinalSegment } from '../../lib/protocol';
import type { CallPatch, NewFinal } from '../domain/call-record';
import type { Logger } from '../log';
import type { CallStore } from './call-store';
import { callPatchToColumns } from './call-columns';
import type { Database } from './database-schema';
import { KyselyCallStore } from './kysely-call-store';
import { segmentInsertValues, storedSegment, type SegmentInsertValues } from './segment-columns';
import { StoredFinalKeys } from './sqlite-final-keys';
import { withStatementCache } from './sqlite-statement-cache';
import { prepareLineStaging, STAGING_TABLES, stagingTable, type LineStaging } from './sqlite-line-staging';
import { startSqliteCheckpointer, type SqliteCheckpointer, type SqliteCheckpointerOptions } from './sqlite-checkpointer';
import { startSqliteSearchIndexer, type SqliteSearchIndexer } from './sqlite-search-indexer';
import { migrationProvider } from './migrations';
import { SQLITE_HISTORY_DIALECT } from './call-history-query';
import { callHasLineMatchingSqlite, matchLinesSqlite } from './search-sqlite';
import type { SearchQuery } from '../../lib/search-query';
import type { LineSearch } from './search-store';

export interface SqliteStoreOptions {
  /** Told about rows that cannot be read (they are skipped in lists and fail single reads). */
  log?: Logger;
  /** How often queued lines go into the full-text index (sqlite-search-indexer.ts); default 250 ms. */
  searchIndexIntervalMs?: number;
  /** Told each indexer step's lines and milliseconds (benchmarks). */
  onSearchIndexStep?: (step: { lines: number; ms: number }) => void;
  /** How often the worker thread checkpoints the write-ahead log (sqlite-checkpointer.ts); default 1 s. */
  checkpointIntervalMs?: number;
  /** Passive checkpoint passes before the checkpointer holds writes back for one (sqlite-checkpointer.ts; tests). */
  checkpointPassiveTries?: number;
  /** Told after each checkpoint (tests). */
  onCheckpoint?: SqliteCheckpointerOptions['onCheckpoint'];
  /** Final keys held in memory before the least recent calls' are dropped (sqlite-final-keys.ts; tests). */
  maxRememberedFinalKeys?: number;
  /** How long a line waits at most in its staging table before it moves into segments (sqlite-line-staging.ts); default 5 s. */
  settleIntervalMs?: number;
  /** Told each timed move's lines and milliseconds (benchmarks). */
  onSettle?: (step: { lines: number; ms: number }) => void;
}

/** Long enough that a call speaking once a second writes its index leaf once for several lines; short enough that a move stays small. */
const SETTLE_INTERVAL_MS = 5_000;

export interface SqliteCallStore extends CallStore {
  /** The underlying connection, for tests that inject real SQLite faults (read-only, disk full). */
  readonly sqlite: SqliteDatabase.Database;
  /** Lines stored but not yet in the full-text index, staged or queued (a search indexes them first). */
  searchQueueLength(): number;
  /** Moves staged lines into the segments table now (sqlite-line-staging.ts; tests and benchmarks). */
  settleStagedLines(): Promise<number>;
}

export async function openSqliteCallStore(databasePath: string, options: SqliteStoreOptions = {}): Promise<SqliteCallStore> {
  if (databasePath !== ':memory:') fs.mkdirSync(path.dirname(databasePath), { recursive: true });
  const sqlite = new SqliteDatabase(databasePath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // When the log starts over (sqlite-checkpoint-worker.mjs), a file that a burst or a long read made large is cut back.
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  // SQLite's lower() folds ASCII only: the history's case-insensitive filters use JavaScript's (call-history-query.ts).
  sqlite.function('unicode_lower', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value === null ? null : String(value)));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Held inside Kysely's lock on the one connection, so the hot path's statements and Kysely's queries all wait.
  const holdWrites = (whileHeld: () => Promise<void>) => db.connection().execute(whileHeld);
  const checkpointer =
    databasePath === ':memory:'
      ? null
      : startSqliteCheckpointer(sqlite, databasePath, holdWrites, {
          log: options.log,
          intervalMs: options.checkpointIntervalMs,
          passiveTries: options.checkpointPassiveTries,
          onCheckpoint: options.onCheckpoint,
        });
  return new SqliteStore(db, sqlite, options, checkpointer);
}

class SqliteStore extends KyselyCallStore implements SqliteCallStore {
  private readonly hot: HotStatements;
  private readonly searchIndexer: SqliteSearchIndexer;
  private readonly settleTimer: NodeJS.Timeout;
  private readonly updateStatements = new Map<string, SqliteDatabase.Statement>();
  protected readonly historyDialect = SQLITE_HISTORY_DIALECT;

  constructor(
    db: Kysely<Database>,
    readonly sqlite: SqliteDatabase.Database,
    options: SqliteStoreOptions,
    private readonly checkpointer: SqliteCheckpointer | null,
  ) {
    super(db, options.log);
    this.hot = prepareHotStatements(sqlite, prepareLineStaging(sqlite), options.maxRememberedFinalKeys);
    // One staging table per tick, in turn: each is moved once per interval.
    this.settleTimer = setInterval(() => {
      this.withConnection(() => {
        const startedAt = performance.now();
        const lines = this.hot.staging.settleNext();
        if (lines > 0) options.onSettle?.({ lines, ms: performance.now() - startedAt });
      }).catch((error: unknown) => {
        // They stay staged, and reads still see them (each read settles first, and says if that fails).
        this.log?.error({ err: error }, 'moving staged lines into the segments table failed');
      });
    }, (options.settleIntervalMs ?? SETTLE_INTERVAL_MS) / STAGING_TABLES);
    this.settleTimer.unref();
    this.searchIndexer = startSqliteSearchIndexer(sqlite, (work) => this.withConnection(work), {
      intervalMs: options.searchIndexIntervalMs,
      log: options.log,
      onStep: options.onSearchIndexStep,
    });
    // Lines a stopped process stored but did not index yet; nothing else uses the connection so far.
    this.searchIndexer.catchUp();
  }

  searchQueueLength() {
    return this.hot.staging.stagedLines() + this.searchIndexer.queued();
  }

  settleStagedLines(): Promise<number> {
    return this.withConnection(() => this.hot.staging.settleAll());
  }

  appendFinals(finals: readonly NewFinal[]): Promise<FinalSegment[]> {
    if (finals.length === 0) return Promise.resolve([]);
    return this.withConnection(() => this.hot.appendFinals(finals));
  }

  override async close() {
    clearInterval(this.settleTimer);
    // A clean stop leaves nothing staged (an unclean one is settled when the file is opened again).
    await this.settleStagedLines().catch((error: unknown) => this.log?.error({ err: error }, 'moving staged lines at close failed'));
    await this.searchIndexer.close();
    await this.checkpointer?.close();
    await super.close();
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
    await this.settleLines(callId);
    return this.hot.recentKeys.all(callId, limit).flatMap((row) => (row.dedup_key === null ? [] : [row.dedup_key]));
  }

  /** SQLite has no row locks and needs none: one connection, and Kysely runs one transaction on it at a time. */
  protected lockCallRow(trx: Transaction<Database>, callId: string) {
    return trx.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst();
  }

  /** Nothing to lock: Kysely runs one transaction at a time on the one connection. */
  protected async lockRules() {}

  /** One writer at a time: the calls read here stay as they are until the transaction ends. */
  protected async lockEndedCalls(trx: Transaction<Database>, callIds: readonly string[]) {
    const rows = await trx.selectFrom('calls').select('id').where('id', 'in', callIds).where('state', '=', 'disconnected').execute();
    return rows.map((row) => row.id);
  }

  protected override forgetCalls(callIds: readonly string[]) {
    this.hot.forget(callIds);
  }

  protected override async settleLines(callId?: string) {
    const staging = this.hot.staging;
    if (callId === undefined ? !staging.holdsAny() : !staging.holds(callId)) return;
    await this.withConnection(() => (callId === undefined ? staging.settleAll() : staging.settleCall(callId)));
  }

  protected override async deleteUnsettledLines(trx: Transaction<Database>, callIds: readonly string[]) {
    for (let index = 0; index < STAGING_TABLES; index += 1) await sql`DELETE FROM ${sql.table(stagingTable(index))} WHERE call_id IN (${sql.join(callIds)})`.execute(trx);
  }

  protected async matchLines(search: LineSearch) {
    await this.indexQueuedLines();
    return matchLinesSqlite(this.db, search);
  }

  protected async transcriptMatch(query: SearchQuery) {
    await this.indexQueuedLines();
    return callHasLineMatchingSqlite(this.db, query);
  }

  /** A search sees every stored line: staged lines are settled and what the indexer has not reached yet is indexed first. */
  private async indexQueuedLines() {
    try {
      await this.withConnection(() => {
        this.hot.staging.settleAll();
        this.searchIndexer.catchUp();
      });
    } catch (error) {
      // Searching the index as it is beats failing the search: the queued lines stay queued for the indexer.
      this.log?.warn({ err: error }, 'indexing queued lines before a search failed; searching without them');
    }
  }

  protected async maxSeq(callId: string) {
    return this.withConnection(() => this.hot.maxSeqOf(callId));
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
}

/** Calls whose last sequence number the SQLite store keeps in memory. */
const MAX_REMEMBERED_CALLS = 20_000;

interface HotStatements {
  staging: LineStaging;
  /** The call's highest stored sequence number, staged or settled (0 when none). */
  maxSeqOf(callId: string): number;
  recentKeys: SqliteDatabase.Statement<[string, number], { dedup_key: string | null }>;
  appendFinals(finals: readonly NewFinal[]): FinalSegment[];
  /** Deleted calls: a call that comes back under the same id numbers from the table again. */
  forget(callIds: readonly string[]): void;
}

/** Prepared once: the statements every flush runs. */
function prepareHotStatements(sqlite: SqliteDatabase.Database, staging: LineStaging, maxRememberedFinalKeys?: number): HotStatements {
  const maxSeq = sqlite.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM segments WHERE call_id = ?');
  const maxSeqOf = (callId: string) => Math.max(maxSeq.get(callId)?.seq ?? 0, staging.maxStagedSeq(callId));
  const recentKeys = sqlite.prepare<[string, number], { dedup_key: string | null }>('SELECT dedup_key FROM segments WHERE call_id = ? ORDER BY seq DESC LIMIT ?');
  const storedKeys = sqlite.prepare<[string], string>('SELECT dedup_key FROM segments WHERE call_id = ? AND dedup_key IS NOT NULL').pluck();
  // The last number given and the keys stored, per call. SQLite has one writing process (several instances use
  // PostgreSQL), so after the first look at the segments table this process knows both; a failed batch forgets
  // everything and looks again.
  const lastSeq = new Map<string, number>();
  const keys = new StoredFinalKeys((callId) => [...storedKeys.all(callId), ...staging.stagedKeys(callId)], maxRememberedFinalKeys);
  const insertAll = sqlite.transaction((finals: readonly NewFinal[]): FinalSegment[] => {
    const stored: FinalSegment[] = [];
    for (const final of finals) {
      let seq = lastSeq.get(final.callId);
      if (seq === undefined) seq = maxSeqOf(final.callId);
      if (!keys.of(final.callId).has(final.dedupKey)) {
        seq += 1;
        // Staged: it moves into segments with the call's other recent lines (a conflict there on (call_id, seq) is a
        // bug and throws). Positional parameters: binding sixteen named ones cost a quarter of the insert.
        staging.stage(segmentInsertValues(final, seq));
        keys.add(final.callId, final.dedupKey);
        stored.push(storedSegment(final, seq));
      }
      lastSeq.delete(final.callId);
      lastSeq.set(final.callId, seq);
    }
    // Bounded: the calls that wrote least recently are looked up again when they write next.
    while (lastSeq.size > MAX_REMEMBERED_CALLS) {
      const oldest = lastSeq.keys().next();
      if (oldest.done) break;
      lastSeq.delete(oldest.value);
    }
    keys.trim();
    return stored;
  });
  // The calls' last_seq follows with the call update the pipeline writes right after (getCall repairs a lag).
  const appendFinals = (finals: readonly NewFinal[]): FinalSegment[] => {
    try {
      return insertAll(finals);
    } catch (error) {
      lastSeq.clear();
      keys.clear();
      throw error;
    }
  };
  const forget = (callIds: readonly string[]) => {
    for (const callId of callIds) lastSeq.delete(callId);
    keys.forget(callIds);
    staging.forget(callIds);
  };
  return { staging, maxSeqOf, recentKeys, appendFinals, forget };
}
