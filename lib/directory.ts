/**
 * The directory: who an ACS identity (raw id) is — a display name, their role in calls and their teams. The admin
 * API's requests and answers (`/api/admin/directory*`), its CSV format, and the `directory:changed` socket event.
 */
import { z } from 'zod';

/** A participant's role in calls: the agent side, an automated bot, or a known customer. */
export const DIRECTORY_KINDS = ['agent', 'bot', 'customer'] as const;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

export const MAX_RAW_ID_CHARS = 256;
export const MAX_DISPLAY_NAME_CHARS = 80;
export const MAX_DIRECTORY_TEAMS = 20;
/** Entries in the whole directory: all of it is cached in memory on every instance (a few MB at this bound). */
export const MAX_DIRECTORY_ENTRIES = 50_000;
/** Entries per `GET /api/admin/directory` page. */
export const DIRECTORY_PAGE_SIZE = 100;
/** A directory change naming more raw ids than this reaches other instances as "reload everything". */
export const MAX_CHANGED_RAW_IDS = 200;
/** A CSV import's body: about 10,000 rows of typical length. */
export const MAX_IMPORT_BYTES = 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;
/** Per-row errors a refused import lists (the count says how many there were in all). */
export const MAX_IMPORT_ERRORS = 100;

/** An ACS raw id as the directory keys it: exact, no spaces at either end, no control characters. */
export const RawIdSchema = z
  .string()
  .min(1, 'A raw id is 1 to 256 characters.')
  .max(MAX_RAW_ID_CHARS, `A raw id is 1 to ${MAX_RAW_ID_CHARS} characters.`)
  .refine((value) => !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u.test(value), 'A raw id has no control characters.')
  .refine((value) => value.trim() === value, 'A raw id has no spaces at either end.');

export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, `A name is 1 to ${MAX_DISPLAY_NAME_CHARS} characters.`)
  .max(MAX_DISPLAY_NAME_CHARS, `A name is 1 to ${MAX_DISPLAY_NAME_CHARS} characters.`)
  .refine((value) => !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u.test(value), 'A name has no control characters.');

export const DirectoryKindSchema = z.enum(DIRECTORY_KINDS, { message: `A kind is one of ${DIRECTORY_KINDS.join(', ')}.` });

const DirectoryTeamIdsSchema = z
  .array(z.string().min(1).max(64))
  .max(MAX_DIRECTORY_TEAMS, `An entry is in at most ${MAX_DIRECTORY_TEAMS} teams.`)
  .refine((ids) => new Set(ids).size === ids.length, 'Each team once.');

/** `PUT /api/admin/directory/{rawId}`. */
export const PutDirectoryEntrySchema = z.strictObject({
  displayName: DisplayNameSchema,
  kind: DirectoryKindSchema,
  teamIds: DirectoryTeamIdsSchema.default([]),
});
export type PutDirectoryEntryRequest = z.input<typeof PutDirectoryEntrySchema>;

export interface DirectoryEntry {
  rawId: string;
  displayName: string;
  kind: DirectoryKind;
  /** Team ids, sorted. */
  teamIds: string[];
  updatedAt: number;
}

/** `GET /api/admin/directory?q=&cursor=`: entries by raw id; `nextCursor` is the last raw id of the page. */
export const DirectoryListQuerySchema = z.strictObject({
  q: z.string().max(200, 'q is at most 200 characters.').optional(),
  cursor: RawIdSchema.optional(),
});

export interface DirectoryPage {
  entries: DirectoryEntry[];
  nextCursor: string | null;
}

/** The CSV's header, in this order, on import and export. */
export const DIRECTORY_CSV_COLUMNS = ['raw_id', 'display_name', 'kind', 'teams'] as const;
/** Team names in the `teams` cell are separated by this. */
export const TEAM_SEPARATOR = ';';

export interface ImportRowError {
  /** The CSV line the row starts on (the header is line 1). */
  line: number;
  message: string;
}

/** A successful import: every row applied in one transaction. */
export interface ImportSummary {
  created: number;
  updated: number;
}

/** `directory:changed`: the labels that changed (a new name, or the raw-id label again after a delete). */
export interface DirectoryChanged {
  labels: ParticipantLabel[];
}

export interface ParticipantLabel {
  rawId: string;
  label: string;
}
