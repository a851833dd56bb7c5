/** The DirectoryStore half of the Kysely stores (SQLite and PostgreSQL share it; see directory-store.ts). */
import { sql, type Expression, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { z } from 'zod';
import { DIRECTORY_KINDS, MAX_DIRECTORY_ENTRIES, type DirectoryEntry } from '../../lib/directory';
import { containsPattern } from './call-history-query';
import type { Database } from './database-schema';
import type { DirectorySearch, DirectoryStore, DirectoryWrite } from './directory-store';
import { CorruptRowError } from './row-mapping';

const KindColumn = z.enum(DIRECTORY_KINDS);
/** Rows per statement: far below SQLite's bound on parameters (4 columns each). */
const CHUNK = 500;

/** Thrown inside a transaction to roll it back. */
class RefusedWrite extends Error {
  constructor(readonly reason: 'unknown_team' | 'too_many') {
    super(reason);
  }
}

interface EntryRow {
  raw_id: string;
  display_name: string;
  kind: string;
  updated_at: number | string;
}

export class KyselyDirectoryStore implements DirectoryStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** Unicode lower-casing in SQL (SQLite's own lower() folds ASCII only). */
    private readonly lower: (value: Expression<unknown>) => RawBuilder<string>,
  ) {}

  async listDirectory(): Promise<DirectoryEntry[]> {
    const [rows, teams] = await Promise.all([
      this.db.selectFrom('directory_entries').selectAll().orderBy('raw_id').execute(),
      this.db.selectFrom('directory_teams').selectAll().orderBy('team_id').execute(),
    ]);
    return withTeams(rows, teams);
  }

  async searchDirectory(search: DirectorySearch): Promise<DirectoryEntry[]> {
    let query = this.db.selectFrom('directory_entries').selectAll();
    const q = search.q?.trim();
    if (q) {
      const pattern = containsPattern(q);
      query = query.where(sql<boolean>`(${this.lower(sql.ref('raw_id'))} LIKE ${pattern} ESCAPE '\\' OR ${this.lower(sql.ref('display_name'))} LIKE ${pattern} ESCAPE '\\')`);
    }
    if (search.after !== undefined) query = query.where('raw_id', '>', search.after);
    const rows = await query.orderBy('raw_id').limit(search.limit).execute();
    return this.attachTeams(this.db, rows);
  }

  async getDirectoryEntry(rawId: string): Promise<DirectoryEntry | null> {
    const row = await this.db.selectFrom('directory_entries').selectAll().where('raw_id', '=', rawId).executeTakeFirst();
    return row ? ((await this.attachTeams(this.db, [row]))[0] ?? null) : null;
  }

  async putDirectoryEntries(given: readonly DirectoryEntry[]): Promise<DirectoryWrite> {
    // One row per raw id (the last one given): one statement cannot upsert a row twice.
    const entries = [...new Map(given.map((entry) => [entry.rawId, entry])).values()];
    if (entries.length === 0) return { ok: true, created: 0, updated: 0 };
    try {
      return await this.db.transaction().execute(async (trx) => {
        const teamIds = [...new Set(entries.flatMap((entry) => entry.teamIds))];
        if (!(await teamsExist(trx, teamIds))) throw new RefusedWrite('unknown_team');
        const rawIds = entries.map((entry) => entry.rawId);
        let existing = 0;
        for (const chunk of chunks(rawIds)) {
          const found = await trx.selectFrom('directory_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('raw_id', 'in', chunk).executeTakeFirstOrThrow();
          existing += Number(found.n);
          await trx.deleteFrom('directory_teams').where('raw_id', 'in', chunk).execute();
        }
        for (const chunk of chunks(entries)) {
          await trx
            .insertInto('directory_entries')
            .values(chunk.map((entry) => ({ raw_id: entry.rawId, display_name: entry.displayName, kind: entry.kind, updated_at: entry.updatedAt })))
            .onConflict((oc) => oc.column('raw_id').doUpdateSet((eb) => ({ display_name: eb.ref('excluded.display_name'), kind: eb.ref('excluded.kind'), updated_at: eb.ref('excluded.updated_at') })))
            .execute();
        }
        const memberships = entries.flatMap((entry) => [...new Set(entry.teamIds)].map((teamId) => ({ raw_id: entry.rawId, team_id: teamId })));
        for (const chunk of chunks(memberships)) await trx.insertInto('directory_teams').values(chunk).execute();
        const total = await trx.selectFrom('directory_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        if (Number(total.n) > MAX_DIRECTORY_ENTRIES) throw new RefusedWrite('too_many');
        return { ok: true as const, created: rawIds.length - existing, updated: existing };
      });
    } catch (error) {
      if (error instanceof RefusedWrite) return { ok: false, reason: error.reason };
      throw error;
    }
  }

  async deleteDirectoryEntry(rawId: string): Promise<boolean> {
    // directory_teams rows go with it (ON DELETE CASCADE on both stores).
    const result = await this.db.deleteFrom('directory_entries').where('raw_id', '=', rawId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async directoryTeamIds(rawIds: readonly string[]): Promise<string[]> {
    const unique = [...new Set(rawIds)];
    const teams = new Set<string>();
    for (const chunk of chunks(unique)) {
      const rows = await this.db.selectFrom('directory_teams').select('team_id').distinct().where('raw_id', 'in', chunk).execute();
      for (const row of rows) teams.add(row.team_id);
    }
    return [...teams].sort();
  }

  private async attachTeams(db: Kysely<Database> | Transaction<Database>, rows: EntryRow[]): Promise<DirectoryEntry[]> {
    if (rows.length === 0) return [];
    const teams = await db
      .selectFrom('directory_teams')
      .selectAll()
      .where(
        'raw_id',
        'in',
        rows.map((row) => row.raw_id),
      )
      .orderBy('team_id')
      .execute();
    return withTeams(rows, teams);
  }
}

function withTeams(rows: EntryRow[], memberships: { raw_id: string; team_id: string }[]): DirectoryEntry[] {
  const teams = new Map<string, string[]>();
  for (const { raw_id, team_id } of memberships) teams.set(raw_id, [...(teams.get(raw_id) ?? []), team_id]);
  return rows.map((row) => rowToEntry(row, teams.get(row.raw_id) ?? []));
}

function rowToEntry(row: EntryRow, teamIds: string[]): DirectoryEntry {
  const kind = KindColumn.safeParse(row.kind);
  if (!kind.success) throw new CorruptRowError('directory_entries', row.raw_id, 'kind');
  return { rawId: row.raw_id, displayName: row.display_name, kind: kind.data, teamIds: [...teamIds].sort(), updatedAt: Number(row.updated_at) };
}

async function teamsExist(trx: Transaction<Database>, teamIds: readonly string[]): Promise<boolean> {
  if (teamIds.length === 0) return true;
  let found = 0;
  for (const chunk of chunks(teamIds)) found += (await trx.selectFrom('teams').select('id').where('id', 'in', chunk).execute()).length;
  return found === teamIds.length;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(items.slice(start, start + CHUNK));
  return out;
}
