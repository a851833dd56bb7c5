/**
 * The statement cache Kysely's SQLite driver prepares through (sqlite-statement-cache.ts): the same SQL gets the same
 * prepared statement, a statement still iterating is never handed out again, the least recently used go past the
 * bound, and a cached statement follows a schema change.
 */
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../server/store/sqlite-statement-cache';

const opened: SqliteDatabase.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function memory() {
  const sqlite = new SqliteDatabase(':memory:');
  opened.push(sqlite);
  sqlite.exec('CREATE TABLE t (id integer PRIMARY KEY, name text)');
  sqlite.exec("INSERT INTO t (name) VALUES ('a'), ('b'), ('c')");
  return sqlite;
}

describe('SQLite statement cache', () => {
  it('hands out the same prepared statement for the same SQL', () => {
    const db = withStatementCache(memory());
    const first = db.prepare('SELECT name FROM t WHERE id = ?');
    expect(db.prepare('SELECT name FROM t WHERE id = ?')).toBe(first);
    expect(first.all([2])).toEqual([{ name: 'b' }]);
    expect(db.prepare('SELECT name FROM t WHERE id = ?').all([3])).toEqual([{ name: 'c' }]);
  });

  it('never hands out a statement that is still iterating', () => {
    const db = withStatementCache(memory());
    const sql = 'SELECT name FROM t ORDER BY id';
    const iterating = db.prepare(sql).iterate([]);
    expect(iterating.next().value).toEqual({ name: 'a' });
    const other = db.prepare(sql);
    expect(other.all([])).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect(iterating.next().value).toEqual({ name: 'b' });
    iterating.return?.();
    expect(db.prepare(sql)).toBe(other);
  });

  it('drops the least recently used statements past its bound', () => {
    const db = withStatementCache(memory(), 2);
    const a = db.prepare('SELECT 1');
    const b = db.prepare('SELECT 2');
    expect(db.prepare('SELECT 1')).toBe(a);
    db.prepare('SELECT 3');
    expect(db.prepare('SELECT 1')).toBe(a);
    expect(db.prepare('SELECT 2')).not.toBe(b);
  });

  it('a cached statement sees the schema as it is now', () => {
    const sqlite = memory();
    const db = withStatementCache(sqlite);
    const select = db.prepare('SELECT * FROM t WHERE id = ?');
    expect(select.all([1])).toEqual([{ id: 1, name: 'a' }]);
    sqlite.exec("ALTER TABLE t ADD COLUMN team text DEFAULT 'red'");
    expect(db.prepare('SELECT * FROM t WHERE id = ?').all([1])).toEqual([{ id: 1, name: 'a', team: 'red' }]);
  });
});
