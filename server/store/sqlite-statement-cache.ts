/**
 * Kysely's SQLite driver prepares every query it runs again (`db.prepare(sql)` per execution). For the small
 * statements that alerts, deliveries, looks and sessions run many times a second, compiling the SQL cost more than
 * running it (with 50 rules raising alerts, preparing was a fifth of the rules' database time). This hands Kysely a
 * database whose `prepare` keeps the most recently used statements by their SQL text.
 *
 * Hand-written: Kysely has no statement cache for SQLite, and this is a bounded map in front of better-sqlite3.
 * A cached statement is safe to reuse: Kysely runs one query at a time on the one connection, SQLite re-prepares a
 * statement by itself after a schema change, and one still iterating (a stream not finished) is never handed out.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept (an `IN (?, ?, …)` list makes one text per length, so the bound matters). */
export const MAX_CACHED_STATEMENTS = 500;

export function withStatementCache(sqlite: SqliteDatabase.Database, maxStatements = MAX_CACHED_STATEMENTS): KyselySqliteDatabase {
  /** In the order last used: the first is the least recent. */
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached && !cached.busy) {
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      // A busy one stays with its iteration and is dropped; the new one takes its place.
      statements.delete(sql);
      statements.set(sql, statement);
      if (statements.size > maxStatements) {
        const oldest = statements.keys().next();
        if (!oldest.done) statements.delete(oldest.value);
      }
      return statement;
    },
  };
}
