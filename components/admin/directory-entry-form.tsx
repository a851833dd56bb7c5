'use client';
import { useState, type FormEvent } from 'react';
import { SelectField, TextField } from '@/components/ui/form-fields';
import { fieldErrors, putDirectoryEntry } from '@/lib/admin-client';
import { DIRECTORY_KINDS, MAX_DISPLAY_NAME_CHARS, type DirectoryEntry, type DirectoryKind } from '@/lib/directory';
import type { Team } from '@/lib/users';
import { AdminButton, FormError } from './admin-button';
import { TeamCheckboxes } from './team-checkboxes';

const KIND_OPTIONS = DIRECTORY_KINDS.map((kind) => ({ value: kind, label: kind[0]?.toUpperCase() + kind.slice(1) }));

export interface DirectoryEntryFormProps {
  teams: Team[];
  /** Editing this entry (its raw id fixed); absent: a new entry. */
  entry?: DirectoryEntry;
  testId: string;
  onSaved: (entry: DirectoryEntry) => void;
  onCancel?: () => void;
}

/** A directory entry: the raw id (new entries only), the name, the kind and the teams. */
export function DirectoryEntryForm({ teams, entry, testId, onSaved, onCancel }: DirectoryEntryFormProps) {
  const [rawId, setRawId] = useState(entry?.rawId ?? '');
  const [displayName, setDisplayName] = useState(entry?.displayName ?? '');
  const [kind, setKind] = useState<DirectoryKind>(entry?.kind ?? 'agent');
  const [teamIds, setTeamIds] = useState<string[]>(entry?.teamIds ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (rawId.trim() === '') {
      setErrors({ rawId: 'Enter the participant’s ACS raw id.' });
      return;
    }
    setBusy(true);
    const result = await putDirectoryEntry(rawId.trim(), { displayName, kind, teamIds });
    setBusy(false);
    if (!result.ok) {
      const byField = fieldErrors(result.error);
      if (result.error.message.startsWith('rawId: ')) byField.rawId = result.error.message.slice('rawId: '.length);
      setErrors(byField);
      setFailure(Object.keys(byField).length > 0 ? null : result.error.message);
      return;
    }
    setErrors({});
    setFailure(null);
    if (entry === undefined) {
      setRawId('');
      setDisplayName('');
      setTeamIds([]);
    }
    onSaved(result.data);
  }

  const label = entry === undefined ? 'New directory entry' : `Edit ${entry.displayName}`;
  return (
    <form onSubmit={(event) => void submit(event)} aria-label={label} data-testid={testId} className="grid gap-3 sm:grid-cols-2">
      {entry === undefined && (
        <TextField label="Raw id" value={rawId} onChange={setRawId} testId={`${testId}.raw-id`} error={errors.rawId} hint="As ACS names the participant: 8:acs:…, 4:+14255550117" mono required />
      )}
      <TextField label="Name" value={displayName} onChange={setDisplayName} testId={`${testId}.name`} error={errors.displayName} maxLength={MAX_DISPLAY_NAME_CHARS} required />
      <SelectField label="Kind" value={kind} options={KIND_OPTIONS} onChange={setKind} testId={`${testId}.kind`} />
      <TeamCheckboxes teams={teams} selected={teamIds} onChange={setTeamIds} legend="Teams" testId={`${testId}.teams`} error={errors.teamIds} />
      <div className="flex items-center gap-3 sm:col-span-2">
        <AdminButton type="submit" tone="primary" disabled={busy} testId={`${testId}.submit`}>
          {entry === undefined ? 'Add entry' : 'Save'}
        </AdminButton>
        {onCancel && (
          <AdminButton onClick={onCancel} testId={`${testId}.cancel`}>
            Cancel
          </AdminButton>
        )}
        <FormError message={failure} testId={`${testId}.error`} />
      </div>
    </form>
  );
}
