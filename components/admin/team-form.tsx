'use client';
import { useState, type FormEvent } from 'react';
import { TextAreaField } from '@/components/ui/text-area-field';
import { TextField } from '@/components/ui/form-fields';
import { fieldErrors, patternsFromText } from '@/lib/admin-client';
import type { Result } from '@/lib/protocol';
import type { Team } from '@/lib/users';
import { AdminButton, FormError } from './admin-button';

export interface TeamFormProps {
  /** The team being edited, or none for a new one. */
  team?: Team;
  save: (input: { name: string; match: string[] }) => Promise<Result<Team>>;
  onSaved: (team: Team) => void;
  onCancel?: () => void;
  testId: string;
}

/** A team's name and its raw-id patterns, one per line; errors show next to the field (`match.2` points at line 3). */
export function TeamForm({ team, save, onSaved, onCancel, testId }: TeamFormProps) {
  const [name, setName] = useState(team?.name ?? '');
  const [patterns, setPatterns] = useState(team?.match.join('\n') ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const match = patternsFromText(patterns);
    const result = await save({ name, match });
    setBusy(false);
    if (!result.ok) {
      const byField = fieldErrors(result.error);
      const line = result.error.fields?.find((issue) => issue.path.startsWith('match.'))?.path.split('.')[1];
      if (byField.match !== undefined && line !== undefined) byField.match = `Line ${Number(line) + 1} (${match[Number(line)] ?? ''}): ${byField.match}`;
      if (result.error.code === 'conflict') byField.name = result.error.message.replace(/^name: /, '');
      setErrors(byField);
      setFailure(Object.keys(byField).length > 0 ? null : result.error.message);
      return;
    }
    setErrors({});
    setFailure(null);
    if (team === undefined) {
      setName('');
      setPatterns('');
    }
    onSaved(result.data);
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-label={team ? `Edit team ${team.name}` : 'New team'} data-testid={testId} className="grid gap-3 sm:grid-cols-2">
      <TextField label="Team name" value={name} onChange={setName} testId={`${testId}.name`} error={errors.name} required maxLength={80} />
      <TextAreaField
        label="Participant patterns"
        value={patterns}
        onChange={setPatterns}
        testId={`${testId}.match`}
        error={errors.match}
        hint="One ACS raw id per line: exact (8:acs:…) or a prefix ending in * (4:+1425555*)."
        rows={3}
      />
      <div className="flex items-center gap-2 sm:col-span-2">
        <AdminButton type="submit" tone="primary" disabled={busy} testId={`${testId}.submit`}>
          {team ? 'Save team' : 'Create team'}
        </AdminButton>
        {onCancel && <AdminButton onClick={onCancel}>Cancel</AdminButton>}
        <FormError message={failure} testId={`${testId}.error`} />
      </div>
    </form>
  );
}
