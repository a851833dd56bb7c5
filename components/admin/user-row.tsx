'use client';
import { useState } from 'react';
import { SelectField, TextField } from '@/components/ui/form-fields';
import { fieldErrors, updateUser } from '@/lib/admin-client';
import type { Role } from '@/lib/permissions';
import type { Team, UpdateUserRequest, UserSummary } from '@/lib/users';
import { AdminButton, FormError } from './admin-button';
import { TeamCheckboxes } from './team-checkboxes';
import { ROLE_OPTIONS } from './user-create-form';

export interface UserRowProps {
  user: UserSummary;
  teams: Team[];
  onChanged: (user: UserSummary) => void;
}

/** One user: role and teams change as chosen; disable/enable; a password reset (which logs the user out everywhere). */
export function UserRow({ user, teams, onChanged }: UserRowProps) {
  const [failure, setFailure] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const testId = `admin.user.${user.username}`;

  async function change(patch: UpdateUserRequest): Promise<boolean> {
    setNotice(null);
    const result = await updateUser(user.username, patch);
    if (!result.ok) {
      const byField = fieldErrors(result.error);
      if (byField.password !== undefined) setPasswordError(byField.password);
      else setFailure(result.error.message);
      return false;
    }
    setFailure(null);
    onChanged(result.data);
    return true;
  }

  async function resetPassword() {
    if (await change({ password })) {
      setResetting(false);
      setPassword('');
      setPasswordError(undefined);
      setNotice(`Password reset; ${user.username} was logged out everywhere.`);
    }
  }

  return (
    <tr data-testid={testId} data-role={user.role} data-disabled={user.disabled ? 'true' : 'false'} className="border-t border-slate-100 align-top">
      <th scope="row" className="py-2 pr-3 text-left text-sm font-medium text-slate-900">
        {user.username}
        {user.disabled && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600">disabled</span>}
      </th>
      <td className="py-2 pr-3">
        <SelectField label={<span className="sr-only">Role of {user.username}</span>} value={user.role} options={ROLE_OPTIONS} onChange={(role: Role) => void change({ role })} testId={`${testId}.role`} />
      </td>
      <td className="py-2 pr-3">
        <TeamCheckboxes teams={teams} selected={user.teamIds} onChange={(teamIds) => void change({ teamIds })} legend={`Teams of ${user.username}`} testId={`${testId}.teams`} hideLegend />
      </td>
      <td className="space-y-2 py-2">
        <div className="flex flex-wrap gap-2">
          <AdminButton onClick={() => void change({ disabled: !user.disabled })} testId={`${testId}.toggle`} ariaLabel={`${user.disabled ? 'Enable' : 'Disable'} ${user.username}`}>
            {user.disabled ? 'Enable' : 'Disable'}
          </AdminButton>
          <AdminButton onClick={() => setResetting(!resetting)} testId={`${testId}.reset`} ariaLabel={`Reset the password of ${user.username}`}>
            Reset password
          </AdminButton>
        </div>
        {resetting && (
          <form
            aria-label={`New password for ${user.username}`}
            onSubmit={(event) => {
              event.preventDefault();
              void resetPassword();
            }}
            className="flex items-end gap-2"
          >
            <TextField label="New password" type="password" value={password} onChange={setPassword} testId={`${testId}.new-password`} error={passwordError} required autoComplete="new-password" />
            <AdminButton type="submit" tone="primary" testId={`${testId}.save-password`}>
              Save
            </AdminButton>
          </form>
        )}
        {notice !== null && (
          <p role="status" className="text-xs text-slate-600">
            {notice}
          </p>
        )}
        <FormError message={failure} testId={`${testId}.error`} />
      </td>
    </tr>
  );
}
