/**
 * Migration 010 indexes the lines stored before it: a database at migration 009 with lines in it is searchable once
 * a store opens it (and so migrates it), on SQLite and on PostgreSQL.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../lib/search-query';
import { newCallRecord } from '../../server/domain/call-record';
import type { CallStore } from '../../server/store/call-store';
import { callToRow } from '../../server/store/call-columns';
import type { Database } from '../../server/store/database-schema';
import { migrationProvider } from '../../server/store/migrations';
import { openPostgresCallStore } from '../../server/store/postgres-call-store';
import { segmentToRow } from '../../server/store/segment-columns';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { tempDatabasePath } from '../helpers/earshot-harness';
import { createTestDatabase, postgresReachable } from '../helpers/services';
import { newFinal } from '../helpers/store-contract';

const postgresAvailable = await postgresReachable();
const BEFORE_SEARCH = '2026-12-02-009-pipeline-health-and-attention';

async function fillAt009(db: Kysely<Database>) {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(BEFORE_SEARCH);
  if (error) throw error;
  // A row as it was at 009: without the columns later migrations added (016's assigned team).
  const { assigned_team_id: _addedLater, ...row } = callToRow(newCallRecord('old', 1, null));
  await db.insertInto('calls').values(row).execute();
  const lines = ['La garantía venció ayer.', 'मुझे अपना खाता बंद करना है।', 'Please cancel my subscription.'];
  await db
    .insertInto('segments')
    .values(lines.map((text, index) => ({ ...segmentToRow({ ...newFinal('old', text, index * 1_000), seq: index + 1, receivedAt: 10 + index }), dedup_key: `k${index}` })))
    .execute();
  await db.destroy();
}

async function expectSearchable(store: CallStore) {
  const find = async (text: string) => {
    const parsed = parseSearchQuery(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return (await store.searchLines({ query: parsed.query, state: 'all', limit: 10 })).hits.map((hit) => hit.seq);
  };
  try {
    expect(await find('garantia')).toEqual([1]);
    expect(await find('खाता')).toEqual([2]);
    expect(await find('"cancel my subscription"')).toEqual([3]);
  } finally {
    await store.close();
  }
}

describe('search migration', () => {
  it('indexes the lines SQLite already holds', async () => {
    const file = tempDatabasePath();
    await fillAt009(new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) }));
    await expectSearchable(await openSqliteCallStore(file));
  });

  it.skipIf(!postgresAvailable)('indexes the lines PostgreSQL already holds', async () => {
    const database = await createTestDatabase();
    try {
      await fillAt009(new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url }) }) }));
      await expectSearchable(await openPostgresCallStore(database.url));
    } finally {
      await database.drop();
    }
  });
});
