import { UNASSIGNED_TEAM_ID, UNASSIGNED_TEAM_NAME } from '@/lib/team-match';
import type { Team } from '@/lib/users';

/** The built-in pseudo-team of calls that match no team (it has no row to edit; lib/team-match.ts). */
const UNASSIGNED_TEAM: Team = { id: UNASSIGNED_TEAM_ID, name: UNASSIGNED_TEAM_NAME, match: [], createdAt: 0 };

export interface TeamCheckboxesProps {
  teams: Team[];
  selected: string[];
  onChange: (teamIds: string[]) => void;
  /** The group's accessible name ("Teams of kim"). */
  legend: string;
  testId: string;
  error?: string;
  /** In a table row the column header says it already: the legend is for screen readers only. */
  hideLegend?: boolean;
}

/** Which teams a user is in: one checkbox per team, and Unassigned. */
export function TeamCheckboxes({ teams, selected, onChange, legend, testId, error, hideLegend = false }: TeamCheckboxesProps) {
  return (
    <fieldset data-testid={testId} className="space-y-1">
      <legend className={hideLegend ? 'sr-only' : 'text-sm font-medium text-slate-800'}>{legend}</legend>
      {teams.length === 0 && <p className="text-xs text-slate-500">No teams yet.</p>}
      <div className="flex flex-wrap gap-x-3 gap-y-1">
        {[...teams, UNASSIGNED_TEAM].map((team) => (
          <label key={team.id} className="inline-flex items-center gap-1.5 text-sm text-slate-800">
            <input
              type="checkbox"
              className="size-4 accent-sky-700"
              data-testid={`${testId}.${team.name}`}
              checked={selected.includes(team.id)}
              onChange={(event) => onChange(event.target.checked ? [...selected, team.id] : selected.filter((id) => id !== team.id))}
            />
            {team.name}
          </label>
        ))}
      </div>
      {error !== undefined && <p className="text-xs text-orange-800">{error}</p>}
    </fieldset>
  );
}
