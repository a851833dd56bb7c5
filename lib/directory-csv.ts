/**
 * The directory as CSV, both ways: `raw_id,display_name,kind,teams` (teams by name, `;`-separated). Import reads the
 * whole file and either accepts every row or lists what is wrong with each bad one; export writes the same columns,
 * so an exported file imports back unchanged. csv-parse and csv-stringify do the RFC 4180 work.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import {
  DIRECTORY_CSV_COLUMNS,
  DirectoryKindSchema,
  DisplayNameSchema,
  MAX_DIRECTORY_TEAMS,
  MAX_IMPORT_ERRORS,
  MAX_IMPORT_ROWS,
  RawIdSchema,
  TEAM_SEPARATOR,
  type DirectoryEntry,
  type DirectoryKind,
  type ImportRowError,
} from './directory';

export interface ImportedRow {
  line: number;
  rawId: string;
  displayName: string;
  kind: DirectoryKind;
  teamIds: string[];
}

export type ParsedImport = { ok: true; rows: ImportedRow[] } | { ok: false; errors: ImportRowError[]; errorCount: number };

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

const BOM = '\uFEFF';

/**
 * Every row of `text`, validated, with team names resolved to ids (`teamIdByName`: exact names). All rows or none:
 * a file with any bad row answers the bad rows (the first MAX_IMPORT_ERRORS, and how many there are).
 */
export function parseDirectoryCsv(text: string, teamIdByName: ReadonlyMap<string, string>): ParsedImport {
  let records: ParsedRecord[];
  try {
    // With `info`, each record comes as { record, info } (csv-parse's types describe only the plain shape).
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] }) as unknown as ParsedRecord[];
  } catch (error) {
    if (error instanceof CsvError) return failed([{ line: lineOf(error), message: `Not valid CSV: ${error.message.replace(/^[^:]*:\s*/, '')}` }]);
    throw error;
  }
  const [header, ...body] = records;
  if (header === undefined) return failed([{ line: 1, message: `The file is empty: the first line is the header ${DIRECTORY_CSV_COLUMNS.join(',')}.` }]);
  const columns = header.record.map((cell) => cell.trim().toLowerCase());
  if (columns.join(',') !== DIRECTORY_CSV_COLUMNS.join(',')) return failed([{ line: 1, message: `The header must be ${DIRECTORY_CSV_COLUMNS.join(',')}.` }]);
  if (body.length > MAX_IMPORT_ROWS) return failed([{ line: 1, message: `A file has at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows; this one has ${body.length.toLocaleString('en-US')}.` }]);

  const errors: ImportRowError[] = [];
  const rows: ImportedRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines - newlinesIn(record);
    const problem = (message: string) => errors.push({ line, message });
    if (record.length !== DIRECTORY_CSV_COLUMNS.length) {
      problem(`Expected ${DIRECTORY_CSV_COLUMNS.length} cells (${DIRECTORY_CSV_COLUMNS.join(', ')}), found ${record.length}.`);
      continue;
    }
    const [rawIdCell, nameCell, kindCell, teamsCell] = record.map(unguardFormula) as [string, string, string, string];
    const rawId = check(RawIdSchema, rawIdCell, 'raw_id', problem);
    const displayName = check(DisplayNameSchema, nameCell, 'display_name', problem);
    const kind = check(DirectoryKindSchema, kindCell.trim().toLowerCase(), 'kind', problem);
    const teamIds: string[] = [];
    const names = teamsCell
      .split(TEAM_SEPARATOR)
      .map((name) => name.trim())
      .filter((name) => name !== '');
    for (const name of new Set(names)) {
      const id = teamIdByName.get(name);
      if (id === undefined) problem(`teams: there is no team called “${name}”.`);
      else teamIds.push(id);
    }
    if (teamIds.length > MAX_DIRECTORY_TEAMS) problem(`teams: an entry is in at most ${MAX_DIRECTORY_TEAMS} teams.`);
    if (rawId !== undefined) {
      const earlier = firstLineOf.get(rawId);
      if (earlier !== undefined) problem(`raw_id: ${rawId} is already on line ${earlier}.`);
      else firstLineOf.set(rawId, line);
    }
    if (rawId !== undefined && displayName !== undefined && kind !== undefined) rows.push({ line, rawId, displayName, kind, teamIds });
  }
  return errors.length > 0 ? failed(errors) : { ok: true, rows };
}

/** The export: the header, then a row per entry, teams by name; CRLF, a BOM for spreadsheets, formulas guarded. */
export function directoryCsv(entries: readonly DirectoryEntry[], teamNameById: ReadonlyMap<string, string>): string {
  const rows = entries.map((entry) => [
    entry.rawId,
    entry.displayName,
    entry.kind,
    entry.teamIds
      .map((id) => teamNameById.get(id))
      .filter((name): name is string => name !== undefined)
      .join(TEAM_SEPARATOR),
  ]);
  // `escape_formulas`: a cell starting with = + - @ (or a tab / CR) gets a leading ' so a spreadsheet shows it as text
  // instead of running it (CSV injection); import takes that ' off again (unguardFormula).
  return BOM + stringify([[...DIRECTORY_CSV_COLUMNS], ...rows], { record_delimiter: 'windows', escape_formulas: true });
}

/** Undoes the export's formula guard: `'=x` → `=x` (a cell that starts with ' and then = + - @ tab or CR). */
export function unguardFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function check<T>(schema: z.ZodType<T>, value: string, column: string, problem: (message: string) => void): T | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  problem(`${column}: ${parsed.error.issues[0]?.message ?? 'not valid.'}`);
  return undefined;
}

function failed(errors: ImportRowError[]): ParsedImport {
  return { ok: false, errors: errors.slice(0, MAX_IMPORT_ERRORS), errorCount: errors.length };
}

function newlinesIn(record: readonly string[]): number {
  let count = 0;
  for (const cell of record) count += cell.match(/\r\n|\n|\r/g)?.length ?? 0;
  return count;
}

function lineOf(error: CsvError): number {
  const lines = (error as CsvError & { lines?: unknown }).lines;
  return typeof lines === 'number' && lines > 0 ? lines : 1;
}
