/**
 * Storage for the directory (migration 018): who each ACS raw id is — a name, a kind and teams. Part of the
 * CallStore contract. Teams are a join table (`directory_teams`, indexed by raw id and by team), so team scoping can
 * ask "which teams do these raw ids belong to" with one indexed query (`directoryTeamIds`).
 */
import type { DirectoryEntry } from '../../lib/directory';

export interface DirectorySearch {
  /** Raw id or name contains this, any case; absent: every entry. */
  q?: string;
  /** The page starts after this raw id (entries are ordered by raw id). */
  after?: string;
  limit: number;
}

/**
 * `unknown_team`: a team id does not exist; `too_many`: the directory would pass MAX_DIRECTORY_ENTRIES. Either way
 * nothing is written.
 */
export type DirectoryWrite = { ok: true; created: number; updated: number } | { ok: false; reason: 'unknown_team' | 'too_many' };

export interface DirectoryStore {
  /** Every entry, by raw id (each instance caches all of it). */
  listDirectory(): Promise<DirectoryEntry[]>;
  /** A page of entries by raw id. */
  searchDirectory(search: DirectorySearch): Promise<DirectoryEntry[]>;
  getDirectoryEntry(rawId: string): Promise<DirectoryEntry | null>;
  /** Creates or replaces each entry (its teams too), all in one transaction: all are written or none. */
  putDirectoryEntries(entries: readonly DirectoryEntry[]): Promise<DirectoryWrite>;
  /** False when there was none. */
  deleteDirectoryEntry(rawId: string): Promise<boolean>;
  /** The teams the entries of these raw ids are in, each once, sorted; raw ids without an entry add none. */
  directoryTeamIds(rawIds: readonly string[]): Promise<string[]>;
}
