/**
 * The directory API's work (`/api/admin/directory*`): validation, writes through the store, the cache and the
 * other instances told (Directory.changed), and an audit line in the log for every change (who, which raw id; never
 * a name, which is personal data).
 */
import { directoryCsv, parseDirectoryCsv } from '../../lib/directory-csv';
import {
  DIRECTORY_PAGE_SIZE,
  DirectoryListQuerySchema,
  MAX_DIRECTORY_ENTRIES,
  PutDirectoryEntrySchema,
  RawIdSchema,
  type DirectoryEntry,
  type DirectoryPage,
  type ImportSummary,
} from '../../lib/directory';
import { validationError } from '../../lib/users';
import type { AdminAnswer } from '../auth/user-admin';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';
import type { DirectoryWrite } from '../store/directory-store';
import type { Directory } from './directory';

const ok = <T>(status: number, data: T): AdminAnswer<T> => ({ status, result: { ok: true, data } });
const refuse = <T>(status: number, code: string, message: string): AdminAnswer<T> => ({ status, result: { ok: false, error: { code, message } } });

export interface DirectoryAdminOptions {
  store: CallStore;
  directory: Directory;
  log: Logger;
  now: () => number;
  /**
   * Some entry's teams changed (or an entry with teams came or went): team scoping recomputes every call's teams and
   * re-scopes open sockets (AccessChanges.teamsChanged). Awaited, so the API's answer means "in effect".
   */
  teamsChanged?: () => Promise<void>;
}

export class DirectoryAdmin {
  constructor(private readonly options: DirectoryAdminOptions) {}

  get store(): CallStore {
    return this.options.store;
  }

  async list(params: URLSearchParams): Promise<AdminAnswer<DirectoryPage>> {
    const parsed = DirectoryListQuerySchema.safeParse(Object.fromEntries(params));
    if (!parsed.success) return { status: 400, result: { ok: false, error: validationError(parsed.error) } };
    const page = await this.store.searchDirectory({ q: parsed.data.q, after: parsed.data.cursor, limit: DIRECTORY_PAGE_SIZE + 1 });
    const entries = page.slice(0, DIRECTORY_PAGE_SIZE);
    return ok(200, { entries, nextCursor: page.length > DIRECTORY_PAGE_SIZE ? (entries.at(-1)?.rawId ?? null) : null });
  }

  async put(actor: string, rawIdParam: string, body: unknown): Promise<AdminAnswer<DirectoryEntry>> {
    const rawId = RawIdSchema.safeParse(rawIdParam);
    if (!rawId.success) return refuse(400, 'invalid_request', `rawId: ${rawId.error.issues[0]?.message ?? 'not a raw id.'}`);
    const parsed = PutDirectoryEntrySchema.safeParse(body);
    if (!parsed.success) return { status: 400, result: { ok: false, error: validationError(parsed.error) } };
    const entry: DirectoryEntry = { rawId: rawId.data, ...parsed.data, teamIds: [...parsed.data.teamIds].sort(), updatedAt: this.options.now() };
    const teamsMoved = this.teamsDiffer([entry]);
    const written = await this.store.putDirectoryEntries([entry]);
    if (!written.ok) return refusedWrite(written);
    await this.options.directory.changed([entry.rawId]);
    if (teamsMoved) await this.options.teamsChanged?.();
    this.options.log.info({ audit: written.created > 0 ? 'directory_entry_created' : 'directory_entry_updated', actor, rawId: entry.rawId, kind: entry.kind, teamIds: entry.teamIds }, 'admin wrote a directory entry');
    return ok(written.created > 0 ? 201 : 200, entry);
  }

  async remove(actor: string, rawIdParam: string): Promise<AdminAnswer<{ rawId: string }>> {
    const rawId = RawIdSchema.safeParse(rawIdParam);
    if (!rawId.success) return refuse(400, 'invalid_request', `rawId: ${rawId.error.issues[0]?.message ?? 'not a raw id.'}`);
    const hadTeams = (this.options.directory.entry(rawId.data)?.teamIds.length ?? 0) > 0;
    if (!(await this.store.deleteDirectoryEntry(rawId.data))) return refuse(404, 'not_found', `No directory entry for ${rawId.data}.`);
    await this.options.directory.changed([rawId.data]);
    if (hadTeams) await this.options.teamsChanged?.();
    this.options.log.info({ audit: 'directory_entry_deleted', actor, rawId: rawId.data }, 'admin deleted a directory entry');
    return ok(200, { rawId: rawId.data });
  }

  /** A CSV file: every row upserted in one transaction, or none, with each bad row's line and problem. */
  async importCsv(actor: string, text: string): Promise<AdminAnswer<ImportSummary>> {
    const teams = await this.store.listTeams();
    const parsed = parseDirectoryCsv(text, new Map(teams.map((team) => [team.name, team.id])));
    if (!parsed.ok) {
      const first = parsed.errors[0];
      const message = `${parsed.errorCount} ${parsed.errorCount === 1 ? 'row is' : 'rows are'} not valid; nothing was imported.${first ? ` Line ${first.line}: ${first.message}` : ''}`;
      return { status: 400, result: { ok: false, error: { code: 'invalid_request', message, rows: parsed.errors } } };
    }
    const now = this.options.now();
    const entries = parsed.rows.map((row): DirectoryEntry => ({ rawId: row.rawId, displayName: row.displayName, kind: row.kind, teamIds: [...row.teamIds].sort(), updatedAt: now }));
    const teamsMoved = this.teamsDiffer(entries);
    const written = await this.store.putDirectoryEntries(entries);
    if (!written.ok) return refusedWrite(written);
    await this.options.directory.changed(entries.map((entry) => entry.rawId));
    if (teamsMoved) await this.options.teamsChanged?.();
    this.options.log.info({ audit: 'directory_imported', actor, created: written.created, updated: written.updated }, 'admin imported the directory');
    return ok(200, { created: written.created, updated: written.updated });
  }

  /** Whether writing these entries changes any raw id's teams (compared with this instance's cache). */
  private teamsDiffer(entries: readonly DirectoryEntry[]): boolean {
    const key = (teamIds: readonly string[]) => [...teamIds].sort().join('\n');
    return entries.some((entry) => key(this.options.directory.entry(entry.rawId)?.teamIds ?? []) !== key(entry.teamIds));
  }

  /** The whole directory as CSV (the import's format). */
  async exportCsv(actor: string): Promise<string> {
    const [entries, teams] = await Promise.all([this.store.listDirectory(), this.store.listTeams()]);
    this.options.log.info({ audit: 'directory_exported', actor, entries: entries.length }, 'admin exported the directory');
    return directoryCsv(entries, new Map(teams.map((team) => [team.id, team.name])));
  }
}

function refusedWrite<T>(written: Extract<DirectoryWrite, { ok: false }>): AdminAnswer<T> {
  switch (written.reason) {
    case 'unknown_team':
      return refuse(400, 'invalid_request', 'teamIds: one of these teams does not exist.');
    case 'too_many':
      return refuse(409, 'too_many_entries', `The directory holds at most ${MAX_DIRECTORY_ENTRIES.toLocaleString('en-US')} entries.`);
  }
}
