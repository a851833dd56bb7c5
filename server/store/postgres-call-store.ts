/**
 * The PostgreSQL store (Kysely over pg), for several Earshot instances on one database. Same migrations and the
 * same queries as SQLite (kysely-call-store.ts), except the ingest hot path: numbering finals must stay correct when
 * two instances write finals for one call at once (a stream that reconnected to another instance while the old one
 * still drains), so each batch locks its calls' rows first and numbers from the segments table under that lock.
 * A batch costs five statements whatever the number of calls in it.
 */
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { FinalSegment } from '../../lib/protocol';
import type { CallPatch, NewFinal } from '../domain/call-record';
import type { Logger } from '../log';
import type { CallStore } from './call-store';
import { callPatchToColumns } from './call-columns';
import type { Database } from './database-schema';
import { KyselyCallStore } from './kysely-call-store';
import { migrationProvider } from './migrations';
import { callHasLineMatchingPostgres, matchLinesPostgres } from './search-postgres';
import type { SearchQuery } from '../../lib/search-query';
import type { LineSearch } from './search-store';
import { segmentToRow } from './segment-columns';
import { POSTGRES_HISTORY_DIALECT } from './call-history-query';

const INSERT_CHUNK = 400;

export interface PostgresStoreOptions {
  log?: Logger;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

export interface PostgresCallStore extends CallStore {
  readonly pool: pg.Pool;
}

/** bigint columns hold epoch milliseconds and counts, far below 2^53: read them as numbers, not strings. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export async function openPostgresCallStore(connectionString: string, options: PostgresStoreOptions = {}): Promise<PostgresCallStore> {
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10, types });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.log?.warn({ err: error }, 'a PostgreSQL connection failed'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new PostgresStore(db, pool, options.log);
}

class PostgresStore extends KyselyCallStore implements PostgresCallStore {
  protected override readonly skipLockedClaims = true;
  protected readonly historyDialect = POSTGRES_HISTORY_DIALECT;

  constructor(
    db: Kysely<Database>,
    readonly pool: pg.Pool,
    log: Logger | undefined,
  ) {
    super(db, log);
  }

  async appendFinals(finals: readonly NewFinal[]): Promise<FinalSegment[]> {
    if (finals.length === 0) return [];
    const callIds = [...new Set(finals.map((final) => final.callId))].sort();
    return this.db.transaction().execute(async (trx) => {
      // Writers for the same call queue here, in id order (no deadlock between batches).
      await sql`SELECT id FROM calls WHERE id = ANY(${callIds}) ORDER BY id FOR UPDATE`.execute(trx);
      const maxRows = await sql<{ call_id: string; seq: number }>`
        SELECT call_id, max(seq) AS seq FROM segments WHERE call_id = ANY(${callIds}) GROUP BY call_id`.execute(trx);
      const lastSeq = new Map(maxRows.rows.map((row) => [row.call_id, Number(row.seq)]));
      const existingRows = await sql<{ call_id: string; dedup_key: string }>`
        SELECT s.call_id, s.dedup_key FROM segments s
        JOIN unnest(${finals.map((final) => final.callId)}::text[], ${finals.map((final) => final.dedupKey)}::text[]) AS k(call_id, dedup_key)
          ON s.call_id = k.call_id AND s.dedup_key = k.dedup_key`.execute(trx);
      const known = new Set(existingRows.rows.map((row) => `${row.call_id}\u0000${row.dedup_key}`));
      const stored: FinalSegment[] = [];
      const rows = [];
      for (const final of finals) {
        const identity = `${final.callId}\u0000${final.dedupKey}`;
        if (known.has(identity)) continue;
        known.add(identity);
        const seq = (lastSeq.get(final.callId) ?? 0) + 1;
        lastSeq.set(final.callId, seq);
        const { dedupKey, ...fields } = final;
        const segment: FinalSegment = { ...fields, seq };
        stored.push(segment);
        rows.push({ ...segmentToRow(segment), dedup_key: dedupKey });
      }
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) await trx.insertInto('segments').values(rows.slice(start, start + INSERT_CHUNK)).execute();
      const touched = [...lastSeq.entries()];
      if (touched.length > 0) {
        await sql`UPDATE calls SET last_seq = v.seq FROM unnest(${touched.map(([id]) => id)}::text[], ${touched.map(([, seq]) => seq)}::int[]) AS v(id, seq)
          WHERE calls.id = v.id AND calls.last_seq < v.seq`.execute(trx);
      }
      return stored;
    });
  }

  async updateCalls(updates: readonly { callId: string; patch: CallPatch }[]): Promise<void> {
    const writes = updates
      .map(({ callId, patch }) => ({ callId, columns: callPatchToColumns(patch) }))
      .filter((write) => Object.keys(write.columns).length > 0)
      .sort((left, right) => (left.callId < right.callId ? -1 : left.callId > right.callId ? 1 : 0));
    if (writes.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const { callId, columns } of writes) await trx.updateTable('calls').set(columns).where('id', '=', callId).execute();
    });
  }

  /** Locked in id order (as appendFinals locks), so a stream reviving one of them waits or is waited for. */
  protected async lockEndedCalls(trx: Transaction<Database>, callIds: readonly string[]) {
    const rows = await trx.selectFrom('calls').select('id').where('id', 'in', callIds).where('state', '=', 'disconnected').orderBy('id').forUpdate().execute();
    return rows.map((row) => row.id);
  }

  protected lockCallRow(trx: Transaction<Database>, callId: string) {
    return trx.selectFrom('calls').selectAll().where('id', '=', callId).forUpdate().executeTakeFirst();
  }

  /** SHARE ROW EXCLUSIVE conflicts with itself and with writes, not with reads: rule lists and the engine go on. */
  protected async lockRules(trx: Transaction<Database>) {
    await sql`LOCK TABLE rules IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
  }

  async recentFinalKeys(callId: string, limit: number) {
    const rows = await this.db.selectFrom('segments').select('dedup_key').where('call_id', '=', callId).orderBy('seq', 'desc').limit(limit).execute();
    return rows.flatMap((row) => (row.dedup_key === null ? [] : [row.dedup_key]));
  }

  protected transcriptMatch(query: SearchQuery) {
    return Promise.resolve(callHasLineMatchingPostgres(query));
  }

  protected matchLines(search: LineSearch) {
    return matchLinesPostgres(this.db, search);
  }

  protected async maxSeq(callId: string) {
    const row = await this.db.selectFrom('segments').select((eb) => eb.fn.max('seq').as('seq')).where('call_id', '=', callId).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }
}
