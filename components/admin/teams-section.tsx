'use client';
import { UNASSIGNED_TEAM_NAME } from '@/lib/team-match';
import { useState } from 'react';
import { Panel } from '@/components/ui/panel';
import { createTeam, deleteTeam, updateTeam } from '@/lib/admin-client';
import type { Team } from '@/lib/users';
import { AdminButton, FormError } from './admin-button';
import { TeamForm } from './team-form';

export interface TeamsSectionProps {
  teams: Team[];
  onSaved: (team: Team) => void;
  onDeleted: (id: string) => void;
}

/** Teams: a call belongs to a team when one of its participants' raw ids matches one of the team's patterns. */
export function TeamsSection({ teams, onSaved, onDeleted }: TeamsSectionProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function remove(team: Team) {
    if (!window.confirm(`Delete the team ${team.name}? Its members stay, without it.`)) return;
    const result = await deleteTeam(team.id);
    if (!result.ok) return setFailure(result.error.message);
    setFailure(null);
    onDeleted(team.id);
  }

  return (
    <Panel title="Teams" aside={`${teams.length}`} testId="admin.teams" bodyClassName="space-y-4 p-3">
      <table className="w-full text-sm">
        <caption className="sr-only">Teams and their participant patterns</caption>
        <thead>
          <tr className="text-left text-xs text-slate-600">
            <th scope="col" className="pr-3 font-medium">Name</th>
            <th scope="col" className="pr-3 font-medium">Patterns</th>
            <th scope="col" className="font-medium">Actions</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((team) =>
            editing === team.id ? (
              <tr key={team.id} className="border-t border-slate-100">
                <td colSpan={3} className="py-2">
                  <TeamForm
                    team={team}
                    testId={`admin.team.${team.name}.form`}
                    save={(input) => updateTeam(team.id, input)}
                    onSaved={(saved) => {
                      setEditing(null);
                      onSaved(saved);
                    }}
                    onCancel={() => setEditing(null)}
                  />
                </td>
              </tr>
            ) : (
              <tr key={team.id} data-testid={`admin.team.${team.name}`} className="border-t border-slate-100 align-top">
                <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-900">
                  {team.name}
                </th>
                <td className="py-2 pr-3 font-mono text-xs break-all text-slate-700">{team.match.length > 0 ? team.match.join(', ') : '—'}</td>
                <td className="flex gap-2 py-2">
                  <AdminButton onClick={() => setEditing(team.id)} ariaLabel={`Edit team ${team.name}`} testId={`admin.team.${team.name}.edit`}>
                    Edit
                  </AdminButton>
                  <AdminButton tone="danger" onClick={() => void remove(team)} ariaLabel={`Delete team ${team.name}`} testId={`admin.team.${team.name}.delete`}>
                    Delete
                  </AdminButton>
                </td>
              </tr>
            ),
          )}
          <tr data-testid="admin.team.unassigned" className="border-t border-slate-100 align-top">
            <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-900">
              {UNASSIGNED_TEAM_NAME}
            </th>
            <td className="py-2 pr-3 text-xs text-slate-600">Calls that match no team. Admins see them; give a user this team to make them responsible.</td>
            <td className="py-2 text-xs text-slate-500">Built in</td>
          </tr>
        </tbody>
      </table>
      <FormError message={failure} testId="admin.teams.error" />
      <h3 className="text-sm font-semibold text-slate-900">New team</h3>
      <TeamForm testId="admin.team-form" save={createTeam} onSaved={onSaved} />
    </Panel>
  );
}
