/**
 * SQLite's new lines wait in staging tables without an index and move into `segments` in bulk.
 *
 * Why: `segments` is keyed by (call_id, seq), so each call's lines sit on their own index leaf. Stored one flush at a
 * time, every flush dirtied one leaf per call that spoke, and each dirty leaf is a 4 KB page in the write-ahead log
 * (and in the checkpoint after it): with 2,000 live calls that key cost a tenth of Earshot's CPU per packet (README,
 * "Measured on 4 December 2026, night"). Appended to tables without an index, a flush writes a few sequential pages;
 * moved a few seconds later in (call, seq) order, each call's leaf is written once for all its lines of those seconds.
 *
 * The calls are spread over STAGING_TABLES tables by a hash of their id, and one table moves at a time, in turn
 * (`settleNext`): each move is an eighth of the staged lines, a few milliseconds, and empties its table without
 * visiting its rows. Moving everything at once every few seconds held the event loop up for 60 ms.
 *
 * Nothing reads the staging tables but this module: the store settles a call's lines (or all of them) before it reads
 * or searches segments, and looks into the call's staging table for the numbers and keys it needs while storing.
 * Everything runs on the store's one connection, inside its lock, so a move never interleaves with a write.
 */
import type SqliteDatabase from 'better-sqlite3';
import { SEGMENT_INSERT_COLUMNS as COLUMNS, type SegmentInsertValues } from './segment-columns';

/** Migration 020 (migrations.ts) creates exactly these: segments_staged_0 … segments_staged_7. */
export const STAGING_TABLES = 8;

export const stagingTable = (index: number) => `segments_staged_${index}`;

export interface LineStaging {
  /** Stores a line in its call's staging table (inside the caller's transaction). */
  stage(values: SegmentInsertValues): void;
  /** Whether lines of this call may be waiting. */
  holds(callId: string): boolean;
  /** Whether any line may be waiting. */
  holdsAny(): boolean;
  /** How many lines wait (tests and diagnostics). */
  stagedLines(): number;
  /** The highest sequence number among the call's waiting lines (0 when none). */
  maxStagedSeq(callId: string): number;
  /** The final keys of the call's waiting lines. */
  stagedKeys(callId: string): string[];
  /** Moves the next staging table's lines into segments, in turn; returns how many moved. */
  settleNext(): number;
  /** Moves one call's waiting lines into segments (a read of that call is next). */
  settleCall(callId: string): void;
  /** Moves every waiting line into segments; returns how many moved. */
  settleAll(): number;
  /** Deleted calls, whose waiting lines the deleting transaction removed with theirs (sqlite-call-store.ts). */
  forget(callIds: readonly string[]): void;
}

interface TableStatements {
  insert: SqliteDatabase.Statement<[SegmentInsertValues]>;
  maxSeq: SqliteDatabase.Statement<[string], { seq: number | null }>;
  keys: SqliteDatabase.Statement<[string], string>;
  moveCall: SqliteDatabase.Statement<[string]>;
  deleteCall: SqliteDatabase.Statement<[string]>;
  moveAll: SqliteDatabase.Statement<[]>;
  deleteAll: SqliteDatabase.Statement<[]>;
  count: SqliteDatabase.Statement<[], number>;
}

function prepareTable(sqlite: SqliteDatabase.Database, table: string): TableStatements {
  // Lines of a call deleted meanwhile have no call row left: they are dropped, not moved.
  const moveWhere = (where: string, order: string) =>
    `INSERT INTO segments (${COLUMNS}) SELECT ${COLUMNS} FROM ${table} r
     WHERE ${where} EXISTS (SELECT 1 FROM calls c WHERE c.id = r.call_id) ORDER BY ${order}`;
  return {
    insert: sqlite.prepare<[SegmentInsertValues]>(`INSERT INTO ${table} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    maxSeq: sqlite.prepare(`SELECT max(seq) AS seq FROM ${table} WHERE call_id = ?`),
    keys: sqlite.prepare<[string], string>(`SELECT dedup_key FROM ${table} WHERE call_id = ? AND dedup_key IS NOT NULL`).pluck(),
    moveCall: sqlite.prepare(moveWhere('r.call_id = ? AND', 'r.seq')),
    deleteCall: sqlite.prepare(`DELETE FROM ${table} WHERE call_id = ?`),
    moveAll: sqlite.prepare(moveWhere('', 'r.call_id, r.seq')),
    // No WHERE and no trigger on the table: SQLite empties it without visiting its rows.
    deleteAll: sqlite.prepare(`DELETE FROM ${table}`),
    count: sqlite.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck(),
  };
}

/**
 * FNV-1a over the id's UTF-16 code units: spreads calls evenly over the tables, the same way in every process.
 * Hand-written: eight lines, and a cryptographic hash per stored line would cost more than the insert it sorts.
 */
export function stagingTableOf(callId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < callId.length; index += 1) {
    hash ^= callId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % STAGING_TABLES;
}

export function prepareLineStaging(sqlite: SqliteDatabase.Database): LineStaging {
  const tables = Array.from({ length: STAGING_TABLES }, (_, index) => prepareTable(sqlite, stagingTable(index)));
  /** Per table, the calls with lines in it (or that had, in a transaction that failed: harmless, they are looked up). */
  const held = tables.map(() => new Set<string>());
  /** The call's table and the calls it holds, for one hash of the id. */
  const placeOf = (callId: string) => {
    const index = stagingTableOf(callId);
    return { table: tables[index] as TableStatements, calls: held[index] as Set<string> };
  };
  const holdsAny = () => held.some((calls) => calls.size > 0);

  const moveTable = (index: number): number => {
    const table = tables[index] as TableStatements;
    const moved = table.moveAll.run().changes;
    table.deleteAll.run();
    return moved;
  };
  const settleTable = sqlite.transaction(moveTable);
  const settleEvery = sqlite.transaction(() => tables.reduce((moved, _, index) => moved + moveTable(index), 0));
  const settleCallNow = sqlite.transaction((table: TableStatements, callId: string) => {
    table.moveCall.run(callId);
    table.deleteCall.run(callId);
  });

  // Lines a stopped process staged and never moved: settled before anything reads or numbers lines.
  settleEvery();
  let next = 0;

  return {
    stage(values) {
      const callId = values[0];
      const { table, calls } = placeOf(callId);
      table.insert.run(values);
      calls.add(callId);
    },
    holds: (callId) => placeOf(callId).calls.has(callId),
    holdsAny,
    stagedLines: () => tables.reduce((lines, table) => lines + (table.count.get() ?? 0), 0),
    maxStagedSeq(callId) {
      const { table, calls } = placeOf(callId);
      return calls.has(callId) ? (table.maxSeq.get(callId)?.seq ?? 0) : 0;
    },
    stagedKeys(callId) {
      const { table, calls } = placeOf(callId);
      return calls.has(callId) ? table.keys.all(callId) : [];
    },
    settleNext() {
      const calls = held[next] as Set<string>;
      let moved = 0;
      if (calls.size > 0) {
        moved = settleTable(next);
        // Only once the move committed: a failed one throws here and leaves the table (and its turn) for the next tick.
        calls.clear();
      }
      next = (next + 1) % STAGING_TABLES;
      return moved;
    },
    settleCall(callId) {
      const { table, calls } = placeOf(callId);
      if (!calls.has(callId)) return;
      settleCallNow(table, callId);
      calls.delete(callId);
    },
    settleAll() {
      if (!holdsAny()) return 0;
      const moved = settleEvery();
      for (const calls of held) calls.clear();
      return moved;
    },
    forget(callIds) {
      for (const callId of callIds) placeOf(callId).calls.delete(callId);
    },
  };
}
