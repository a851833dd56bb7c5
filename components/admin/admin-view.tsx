'use client';
import { useEffect, useState } from 'react';
import { Panel } from '@/components/ui/panel';
import { listTeams, listUsers } from '@/lib/admin-client';
import type { Team, UserSummary } from '@/lib/users';
import { FormError } from './admin-button';
import { TeamsSection } from './teams-section';
import { DirectorySection } from './directory-section';
import { UserCreateForm } from './user-create-form';
import { UserRow } from './user-row';

const upsert = <T,>(list: T[], item: T, same: (a: T, b: T) => boolean): T[] => (list.some((entry) => same(entry, item)) ? list.map((entry) => (same(entry, item) ? item : entry)) : [...list, item]);

/** The admin page: users (role, teams, disabled, password reset), teams (name, patterns) and the directory. */
export function AdminView() {
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void Promise.all([listUsers(), listTeams()]).then(([loadedUsers, loadedTeams]) => {
      if (!loadedUsers.ok) return setFailure(loadedUsers.error.message);
      if (!loadedTeams.ok) return setFailure(loadedTeams.error.message);
      setUsers(loadedUsers.data);
      setTeams(loadedTeams.data);
    });
  }, []);

  const saveUser = (user: UserSummary) => setUsers((current) => upsert(current ?? [], user, (a, b) => a.username === b.username));

  return (
    <div className="mx-auto max-w-6xl space-y-4 p-4">
      <h1 className="text-lg font-semibold text-slate-900">Users and teams</h1>
      <FormError message={failure} testId="admin.error" />
      <Panel title="Users" aside={users === null ? 'loading…' : `${users.length}`} testId="admin.users" bodyClassName="space-y-4 p-3">
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Users, their roles and teams</caption>
            <thead>
              <tr className="text-left text-xs text-slate-600">
                <th scope="col" className="pr-3 font-medium">User</th>
                <th scope="col" className="pr-3 font-medium">Role</th>
                <th scope="col" className="pr-3 font-medium">Teams</th>
                <th scope="col" className="font-medium">Account</th>
              </tr>
            </thead>
            <tbody>
              {(users ?? []).map((user) => (
                <UserRow key={user.username} user={user} teams={teams} onChanged={saveUser} />
              ))}
            </tbody>
          </table>
        </div>
        <h3 className="text-sm font-semibold text-slate-900">New user</h3>
        <UserCreateForm teams={teams} onCreated={saveUser} />
      </Panel>
      <TeamsSection
        teams={teams}
        onSaved={(team) => setTeams((current) => upsert(current, team, (a, b) => a.id === b.id))}
        onDeleted={(id) => {
          setTeams((current) => current.filter((team) => team.id !== id));
          setUsers((current) => current?.map((user) => ({ ...user, teamIds: user.teamIds.filter((teamId) => teamId !== id) })) ?? null);
        }}
      />
      <DirectorySection teams={teams} />
    </div>
  );
}
