'use client';
import { useState, type FormEvent } from 'react';
import { TextField, SelectField } from '@/components/ui/form-fields';
import { createUser, fieldErrors } from '@/lib/admin-client';
import { ROLES, type Role } from '@/lib/permissions';
import { MIN_PASSWORD_CHARS, type Team, type UserSummary } from '@/lib/users';
import { AdminButton, FormError } from './admin-button';
import { TeamCheckboxes } from './team-checkboxes';

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: role[0]?.toUpperCase() + role.slice(1) }));

/** New user: username, first password, role and teams; the server's validation shows next to each field. */
export function UserCreateForm({ teams, onCreated }: { teams: Team[]; onCreated: (user: UserSummary) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await createUser({ username, password, role, teamIds });
    setBusy(false);
    if (!result.ok) {
      const byField = fieldErrors(result.error);
      // A taken username (409) names its field in the message only.
      if (result.error.code === 'conflict') byField.username = result.error.message.replace(/^username: /, '');
      setErrors(byField);
      setFailure(Object.keys(byField).length > 0 ? null : result.error.message);
      return;
    }
    setUsername('');
    setPassword('');
    setTeamIds([]);
    setErrors({});
    setFailure(null);
    onCreated(result.data);
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="New user" data-testid="admin.user-form" className="grid gap-3 sm:grid-cols-2">
      <TextField label="Username" value={username} onChange={setUsername} testId="admin.user-form.username" error={errors.username} required autoComplete="off" />
      <TextField
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        testId="admin.user-form.password"
        error={errors.password}
        hint={`At least ${MIN_PASSWORD_CHARS} characters. Tell the user; they can change it after logging in.`}
        required
        autoComplete="new-password"
      />
      <SelectField label="Role" value={role} options={ROLE_OPTIONS} onChange={setRole} testId="admin.user-form.role" />
      <TeamCheckboxes teams={teams} selected={teamIds} onChange={setTeamIds} legend="Teams" testId="admin.user-form.teams" error={errors.teamIds} />
      <div className="flex items-center gap-3 sm:col-span-2">
        <AdminButton type="submit" tone="primary" disabled={busy} testId="admin.user-form.submit">
          Create user
        </AdminButton>
        <FormError message={failure} testId="admin.user-form.error" />
      </div>
    </form>
  );
}
