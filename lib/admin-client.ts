/** The browser's side of the admin API (`/api/admin/*`) and the own-password change; failures come back as values. */
import { z } from 'zod';
import { ROLES } from './permissions';
import type { Result } from './protocol';
import { requestJson } from './triage-client';
import { parseResultBody } from './api-client';
import { DIRECTORY_KINDS, type DirectoryEntry, type DirectoryPage, type ImportSummary, type PutDirectoryEntryRequest } from './directory';
import type { CreateTeamRequest, CreateUserRequest, Team, UpdateTeamRequest, UpdateUserRequest, UserSummary } from './users';

const UserSchema = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  teamIds: z.array(z.string()),
  createdAt: z.number(),
}) satisfies z.ZodType<UserSummary>;
const TeamSchema = z.object({ id: z.string(), name: z.string(), match: z.array(z.string()), createdAt: z.number() }) satisfies z.ZodType<Team>;

const userUrl = (username: string) => `/api/admin/users/${encodeURIComponent(username)}`;
const teamUrl = (id: string) => `/api/admin/teams/${encodeURIComponent(id)}`;

export const listUsers = (): Promise<Result<UserSummary[]>> => requestJson('GET', '/api/admin/users', undefined, z.array(UserSchema));
export const createUser = (input: CreateUserRequest): Promise<Result<UserSummary>> => requestJson('POST', '/api/admin/users', input, UserSchema);
export const updateUser = (username: string, change: UpdateUserRequest): Promise<Result<UserSummary>> => requestJson('PATCH', userUrl(username), change, UserSchema);
export const listTeams = (): Promise<Result<Team[]>> => requestJson('GET', '/api/admin/teams', undefined, z.array(TeamSchema));
export const createTeam = (input: CreateTeamRequest): Promise<Result<Team>> => requestJson('POST', '/api/admin/teams', input, TeamSchema);
export const updateTeam = (id: string, change: UpdateTeamRequest): Promise<Result<Team>> => requestJson('PATCH', teamUrl(id), change, TeamSchema);
export const deleteTeam = (id: string): Promise<Result<{ id: string }>> => requestJson('DELETE', teamUrl(id), undefined, z.object({ id: z.string() }));
export const changeOwnPassword = (currentPassword: string, newPassword: string): Promise<Result<{ changed: boolean }>> =>
  requestJson('POST', '/api/session/password', { currentPassword, newPassword }, z.object({ changed: z.boolean() }));

const DirectoryEntrySchema = z.object({
  rawId: z.string(),
  displayName: z.string(),
  kind: z.enum(DIRECTORY_KINDS),
  teamIds: z.array(z.string()),
  updatedAt: z.number(),
}) satisfies z.ZodType<DirectoryEntry>;
const DirectoryPageSchema = z.object({ entries: z.array(DirectoryEntrySchema), nextCursor: z.string().nullable() }) satisfies z.ZodType<DirectoryPage>;
const directoryUrl = (rawId: string) => `/api/admin/directory/${encodeURIComponent(rawId)}`;
export const DIRECTORY_EXPORT_URL = '/api/admin/directory/export';

export function listDirectory(q: string, cursor: string | null): Promise<Result<DirectoryPage>> {
  const params = new URLSearchParams();
  if (q.trim() !== '') params.set('q', q.trim());
  if (cursor !== null) params.set('cursor', cursor);
  const query = params.toString();
  return requestJson('GET', `/api/admin/directory${query === '' ? '' : `?${query}`}`, undefined, DirectoryPageSchema);
}
export const putDirectoryEntry = (rawId: string, entry: PutDirectoryEntryRequest): Promise<Result<DirectoryEntry>> => requestJson('PUT', directoryUrl(rawId), entry, DirectoryEntrySchema);
export const deleteDirectoryEntry = (rawId: string): Promise<Result<{ rawId: string }>> => requestJson('DELETE', directoryUrl(rawId), undefined, z.object({ rawId: z.string() }));

/** Sends a CSV file's text; a refusal's `error.rows` lists each bad row. */
export async function importDirectory(csv: string): Promise<Result<ImportSummary>> {
  let response: Response;
  try {
    response = await fetch('/api/admin/directory/import', { method: 'POST', headers: { 'content-type': 'text/csv', accept: 'application/json' }, body: csv, cache: 'no-store' });
  } catch {
    return { ok: false, error: { code: 'network_error', message: 'Earshot could not be reached. Check the connection and try again.' } };
  }
  const json: unknown = await response.json().catch(() => undefined);
  return parseResultBody(response.status, json, z.object({ created: z.number(), updated: z.number() }));
}

/** A form's field errors by field name (the first path segment), from a 400's `fields`. */
export function fieldErrors(error: { fields?: { path: string; message: string }[] }): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const issue of error.fields ?? []) {
    const field = issue.path.split('.')[0] ?? '';
    byField[field] ??= issue.message;
  }
  return byField;
}

/** Patterns as typed in a textarea: one per line, blank lines ignored. */
export function patternsFromText(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
