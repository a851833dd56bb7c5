/**
 * Migration 010's body, per dialect (raw SQL: Kysely's schema builder knows neither FTS5 nor tsvector). Both index
 * only `segments.text` — the display text, where ACS's PII masking is already `*` — and both fill the index from the
 * segments already stored.
 *
 * SQLite: an FTS5 external-content table over `segments` (no second copy of the text), kept in step by triggers, so
 * a line is searchable in the transaction that stores it and gone in the one that deletes it (a call's deletion
 * cascades to its segments, and the cascade fires the delete trigger). The tokenizer folds case and Latin accents
 * (`remove_diacritics 2`: `garantia` finds `garantía`); its token characters add the combining marks (M*) to the
 * defaults, or a Devanagari word would split at every vowel sign and virama (हिन्दी → ह, न, द).
 * External content is keyed by the segments' rowid, which VACUUM may renumber (segments has no INTEGER PRIMARY
 * KEY): after a VACUUM, run `INSERT INTO segments_fts(segments_fts) VALUES ('rebuild')`. Earshot never vacuums.
 *
 * PostgreSQL: a stored generated tsvector column with a GIN index. The text search configuration `earshot_search`
 * is `simple` (no stemming: transcripts mix languages) with the `unaccent` dictionary in front, so accents fold and
 * ts_headline marks `garantía` for `garantia`. `unaccent` ships in Debian's postgresql-15 package (contrib) and is a
 * trusted extension, so a database owner can create it.
 * Punctuation becomes spaces before parsing, so both stores split `e-mail`, `3.5` or `ana@example.com` into the same
 * words (PostgreSQL's parser would otherwise keep hosts, emails and numbers whole).
 */
import { sql, type Kysely } from 'kysely';

/** Characters PostgreSQL's index reads as spaces. Frozen: changing it means a new migration and a reindex. */
const PUNCTUATION = `.,;:!?¿¡"'\`()[]{}<>/\\|@#$%^&*+=~_-–—…«»“”‘’„‚·•।॥€£₹¥`;

/** The FTS5 tokenizer, also used by tests that check how a word splits. */
export const FTS5_TOKENIZER = `unicode61 remove_diacritics 2 categories 'L* N* Co M*'`;

export async function createSearchIndex(db: Kysely<unknown>, sqlite: boolean): Promise<void> {
  if (sqlite) {
    // Prefix indexes for 2 and 3 characters keep `ca*`, `can*` from walking the whole term list.
    await sql
      .raw(`CREATE VIRTUAL TABLE segments_fts USING fts5(text, content = 'segments', content_rowid = 'rowid', tokenize = "${FTS5_TOKENIZER}", prefix = '2 3')`)
      .execute(db);
    await createDirectIndexTriggers(db);
    await sql`INSERT INTO segments_fts (segments_fts) VALUES ('rebuild')`.execute(db);
    // Newest-first pages of a common word walk this (search-sqlite.ts).
    await sql`CREATE INDEX segments_by_received ON segments (received_at, call_id, seq)`.execute(db);
    return;
  }
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
  const found = await sql<{ schema: string }>`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`.execute(db);
  const schema = found.rows[0]?.schema;
  if (schema === undefined) throw new Error('the unaccent extension is not installed');
  await sql`CREATE TEXT SEARCH CONFIGURATION earshot_search (COPY = pg_catalog.simple)`.execute(db);
  await sql`ALTER TEXT SEARCH CONFIGURATION earshot_search
    ALTER MAPPING FOR word, numword, hword, numhword, hword_part, hword_numpart WITH ${sql.id(schema, 'unaccent')}, simple`.execute(db);
  const spaces = ' '.repeat([...PUNCTUATION].length);
  // Adding a stored generated column rewrites the table: that is the backfill.
  await sql
    .raw(
      `ALTER TABLE segments ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('earshot_search'::regconfig, translate(text, ${literal(PUNCTUATION)}, ${literal(spaces)}))) STORED`,
    )
    .execute(db);
  await sql`CREATE INDEX segments_search ON segments USING gin (search_vector)`.execute(db);
  // Newest-first pages of a common word: the planner may walk this instead of sorting every match.
  await sql`CREATE INDEX segments_by_received ON segments (received_at, call_id, seq)`.execute(db);
}

export async function dropSearchIndex(db: Kysely<unknown>, sqlite: boolean): Promise<void> {
  if (sqlite) {
    await sql`DROP INDEX IF EXISTS segments_by_received`.execute(db);
    for (const trigger of ['segments_fts_insert', 'segments_fts_delete', 'segments_fts_update']) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`).execute(db);
    await sql`DROP TABLE IF EXISTS segments_fts`.execute(db);
    return;
  }
  await sql`DROP INDEX IF EXISTS segments_by_received`.execute(db);
  await sql`DROP INDEX IF EXISTS segments_search`.execute(db);
  await sql`ALTER TABLE segments DROP COLUMN IF EXISTS search_vector`.execute(db);
  await sql`DROP TEXT SEARCH CONFIGURATION IF EXISTS earshot_search`.execute(db);
}

/** A SQL string literal (standard_conforming_strings, on by default since PostgreSQL 9.1: only `'` needs doubling). */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * SQLite: the triggers that keep FTS5 in step with `segments` inside each write (migration 010). Migration 015
 * replaces them with a queue; its down migration puts these back.
 */
export async function createDirectIndexTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
    INSERT INTO segments_fts (rowid, text) VALUES (new.rowid, new.text); END`.execute(db);
  await sql`CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
    INSERT INTO segments_fts (segments_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END`.execute(db);
  await sql`CREATE TRIGGER segments_fts_update AFTER UPDATE OF text ON segments BEGIN
    INSERT INTO segments_fts (segments_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO segments_fts (rowid, text) VALUES (new.rowid, new.text); END`.execute(db);
}
