/** Users, teams and the admin API's requests and answers (`/api/admin/*`, `/api/session`). */
import { z } from 'zod';
import type { ApiError } from './protocol';
import { ROLES, type Permission, type Role } from './permissions';
import { TeamPatternsSchema } from './team-match';

export const MIN_PASSWORD_CHARS = 10;
/** Long enough for any passphrase, short enough that hashing it is cheap. */
export const MAX_PASSWORD_CHARS = 200;
export const MAX_TEAMS_PER_USER = 100;

export const UsernameSchema = z
  .string()
  .min(1, 'A username is 1 to 64 characters.')
  .max(64, 'A username is 1 to 64 characters.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'A username is letters, digits and . _ @ - (starting with a letter or digit).');

export const PasswordSchema = z
  .string()
  .min(MIN_PASSWORD_CHARS, `A password is at least ${MIN_PASSWORD_CHARS} characters.`)
  .max(MAX_PASSWORD_CHARS, `A password is at most ${MAX_PASSWORD_CHARS} characters.`);

const RoleSchema = z.enum(ROLES, { message: `A role is one of ${ROLES.join(', ')}.` });
const TeamIdsSchema = z
  .array(z.string().min(1).max(64))
  .max(MAX_TEAMS_PER_USER, `A user is in at most ${MAX_TEAMS_PER_USER} teams.`)
  .refine((ids) => new Set(ids).size === ids.length, 'Each team once.');

export const CreateUserSchema = z.strictObject({
  username: UsernameSchema,
  password: PasswordSchema,
  role: RoleSchema,
  teamIds: TeamIdsSchema.default([]),
});
export type CreateUserRequest = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .strictObject({ role: RoleSchema.optional(), teamIds: TeamIdsSchema.optional(), disabled: z.boolean().optional(), password: PasswordSchema.optional() })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'Send at least one of role, teamIds, disabled, password.');
export type UpdateUserRequest = z.infer<typeof UpdateUserSchema>;

const TeamNameSchema = z.string().trim().min(1, 'A team name is 1 to 80 characters.').max(80, 'A team name is 1 to 80 characters.');

export const CreateTeamSchema = z.strictObject({ name: TeamNameSchema, match: TeamPatternsSchema });
export type CreateTeamRequest = z.infer<typeof CreateTeamSchema>;

export const UpdateTeamSchema = z
  .strictObject({ name: TeamNameSchema.optional(), match: TeamPatternsSchema.optional() })
  .refine((patch) => patch.name !== undefined || patch.match !== undefined, 'Send name, match or both.');
export type UpdateTeamRequest = z.infer<typeof UpdateTeamSchema>;

export const ChangePasswordSchema = z.strictObject({ currentPassword: z.string().min(1, 'Enter your current password.').max(1024), newPassword: PasswordSchema });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordSchema>;

export interface UserSummary {
  username: string;
  role: Role;
  disabled: boolean;
  teamIds: string[];
  createdAt: number;
}

export interface Team {
  id: string;
  name: string;
  /** Raw-id patterns: exact, or a prefix ending in `*`. */
  match: string[];
  createdAt: number;
}

/** `GET /api/session`: who is logged in and what they may do (the UI disables what they may not). */
export interface SessionView {
  username: string;
  role: Role;
  permissions: Permission[];
  /**
   * The teams whose calls this user sees, with their names (admins: every team), for team chips and the team a new
   * call is given. Only in the page's server-rendered view (not `GET /api/session`); Unassigned included when theirs.
   */
  teams?: TeamName[];
}

export interface TeamName {
  id: string;
  name: string;
}

/** A failed parse as the API's 400: the first problem names its field, and every problem is listed for forms. */
export function validationError(error: z.ZodError): ApiError {
  const fields = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = fields[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'Invalid request.';
  return { code: 'invalid_request', message, fields };
}
