/**
 * Migration 015's body (SQLite only; PostgreSQL's generated tsvector column stays as migration 010 made it).
 *
 * Migration 010 indexed each line in the transaction that stored it: the FTS5 insert trigger ran inside every
 * ingest flush, on the one connection, and each flush left FTS5 a small index segment to write and merge. That cost
 * about 50 ms of the ingress p99 (README, "What indexing costs ingest"). Now the insert trigger only appends the
 * line's rowid to `search_queue`, and the store's indexer (sqlite-search-indexer.ts) moves queued lines into FTS5 in
 * its own short transactions, a few hundred lines at a time.
 *
 * A line is in exactly one of the two places, so a delete removes it from whichever holds it: the FTS5 'delete'
 * command needs the text exactly as it was indexed, and must not run for a line FTS5 never saw. The queue is keyed
 * by the line's rowid, not a high-water mark: segments has no INTEGER PRIMARY KEY, so SQLite may hand a deleted
 * line's rowid to a new one, and the delete trigger takes the old line's queue entry with it.
 */
import { createDirectIndexTriggers } from './search-migration';
import { sql, type Kysely } from 'kysely';

export async function queueSearchIndex(db: Kysely<unknown>, sqlite: boolean): Promise<void> {
  if (!sqlite) return;
  await sql`CREATE TABLE search_queue (segment_rowid INTEGER PRIMARY KEY)`.execute(db);
  for (const trigger of ['segments_fts_insert', 'segments_fts_delete', 'segments_fts_update']) await sql.raw(`DROP TRIGGER ${trigger}`).execute(db);
  await sql`CREATE TRIGGER segments_search_enqueue AFTER INSERT ON segments BEGIN
    INSERT INTO search_queue (segment_rowid) VALUES (new.rowid); END`.execute(db);
  await sql`CREATE TRIGGER segments_search_delete AFTER DELETE ON segments BEGIN
    INSERT INTO segments_fts (segments_fts, rowid, text)
      SELECT 'delete', old.rowid, old.text WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE segment_rowid = old.rowid);
    DELETE FROM search_queue WHERE segment_rowid = old.rowid; END`.execute(db);
  // Lines are never edited today; if one is, its old words leave the index now and its new ones come with the queue.
  await sql`CREATE TRIGGER segments_search_update AFTER UPDATE OF text ON segments BEGIN
    INSERT INTO segments_fts (segments_fts, rowid, text)
      SELECT 'delete', old.rowid, old.text WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE segment_rowid = old.rowid);
    INSERT INTO search_queue (segment_rowid) VALUES (new.rowid) ON CONFLICT DO NOTHING; END`.execute(db);
}

export async function unqueueSearchIndex(db: Kysely<unknown>, sqlite: boolean): Promise<void> {
  if (!sqlite) return;
  // What is still queued goes into the index first: migration 010's triggers expect every line to be in it.
  await sql`INSERT INTO segments_fts (rowid, text) SELECT s.rowid, s.text FROM search_queue q JOIN segments s ON s.rowid = q.segment_rowid`.execute(db);
  for (const trigger of ['segments_search_enqueue', 'segments_search_delete', 'segments_search_update']) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`).execute(db);
  await sql`DROP TABLE IF EXISTS search_queue`.execute(db);
  await createDirectIndexTriggers(db);
}
