'use client';
import { useCallback, useEffect, useState } from 'react';
import { Panel } from '@/components/ui/panel';
import { deleteDirectoryEntry, listDirectory } from '@/lib/admin-client';
import type { DirectoryEntry } from '@/lib/directory';
import type { Team } from '@/lib/users';
import { AdminButton, FormError } from './admin-button';
import { DirectoryEntryForm } from './directory-entry-form';
import { DirectoryImport } from './directory-import';

/** The directory: who each ACS raw id is. Searchable, paged by raw id, editable in place. */
export function DirectorySection({ teams }: { teams: Team[] }) {
  const [query, setQuery] = useState('');
  const [entries, setEntries] = useState<DirectoryEntry[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const teamName = (id: string) => teams.find((team) => team.id === id)?.name ?? '(deleted team)';

  const load = useCallback(async (q: string, cursor: string | null) => {
    const result = await listDirectory(q, cursor);
    if (!result.ok) return setFailure(result.error.message);
    setFailure(null);
    setEntries((current) => (cursor === null ? result.data.entries : [...(current ?? []), ...result.data.entries]));
    setNextCursor(result.data.nextCursor);
  }, []);

  useEffect(() => {
    // Typing narrows the list; a short pause first so each keystroke is not a request.
    const timer = setTimeout(() => void load(query, null), 250);
    return () => clearTimeout(timer);
  }, [query, load]);

  const saved = (entry: DirectoryEntry) => {
    setEditing(null);
    setEntries((current) => {
      const list = current ?? [];
      const next = list.some((item) => item.rawId === entry.rawId) ? list.map((item) => (item.rawId === entry.rawId ? entry : item)) : [...list, entry];
      return next.sort((a, b) => (a.rawId < b.rawId ? -1 : a.rawId > b.rawId ? 1 : 0));
    });
  };

  async function remove(entry: DirectoryEntry) {
    if (!window.confirm(`Delete ${entry.displayName} (${entry.rawId}) from the directory?`)) return;
    const result = await deleteDirectoryEntry(entry.rawId);
    if (!result.ok) return setFailure(result.error.message);
    setFailure(null);
    setEntries((current) => current?.filter((item) => item.rawId !== entry.rawId) ?? null);
  }

  return (
    <Panel title="Directory" aside={entries === null ? 'loading…' : `${entries.length}${nextCursor ? '+' : ''}`} testId="admin.directory" bodyClassName="space-y-4 p-3">
      <p className="text-xs text-slate-600">Names for ACS identities: calls and transcripts show “Derek (agent)” instead of a raw id.</p>
      <label className="block max-w-sm text-sm font-medium text-slate-800">
        Search the directory
        <input
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Name or raw id"
          data-testid="admin.directory.search"
          className="mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset placeholder:text-slate-500 focus:ring-2 focus:ring-sky-600"
        />
      </label>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Directory entries: raw id, name, kind and teams</caption>
          <thead>
            <tr className="text-left text-xs text-slate-600">
              <th scope="col" className="pr-3 font-medium">Raw id</th>
              <th scope="col" className="pr-3 font-medium">Name</th>
              <th scope="col" className="pr-3 font-medium">Kind</th>
              <th scope="col" className="pr-3 font-medium">Teams</th>
              <th scope="col" className="font-medium">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(entries ?? []).map((entry) =>
              editing === entry.rawId ? (
                <tr key={entry.rawId} className="border-t border-slate-100">
                  <td colSpan={5} className="py-2">
                    <DirectoryEntryForm teams={teams} entry={entry} testId="admin.directory.edit-form" onSaved={saved} onCancel={() => setEditing(null)} />
                  </td>
                </tr>
              ) : (
                <tr key={entry.rawId} data-testid="admin.directory.row" className="border-t border-slate-100 align-top">
                  <td className="py-2 pr-3 font-mono text-xs break-all text-slate-700">{entry.rawId}</td>
                  <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-900">
                    {entry.displayName}
                  </th>
                  <td className="py-2 pr-3 text-slate-700">{entry.kind}</td>
                  <td className="py-2 pr-3 text-slate-700">{entry.teamIds.length > 0 ? entry.teamIds.map(teamName).join(', ') : '—'}</td>
                  <td className="flex gap-2 py-2">
                    <AdminButton onClick={() => setEditing(entry.rawId)} ariaLabel={`Edit ${entry.displayName}`} testId="admin.directory.row.edit">
                      Edit
                    </AdminButton>
                    <AdminButton tone="danger" onClick={() => void remove(entry)} ariaLabel={`Delete ${entry.displayName}`} testId="admin.directory.row.delete">
                      Delete
                    </AdminButton>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
        {entries !== null && entries.length === 0 && <p className="py-2 text-sm text-slate-600">{query.trim() === '' ? 'No entries yet.' : 'No entry matches.'}</p>}
        {nextCursor !== null && (
          <AdminButton onClick={() => void load(query, nextCursor)} testId="admin.directory.more">
            Show more
          </AdminButton>
        )}
      </div>
      <FormError message={failure} testId="admin.directory.error" />
      <h3 className="text-sm font-semibold text-slate-900">New entry</h3>
      <DirectoryEntryForm teams={teams} testId="admin.directory.form" onSaved={saved} />
      <DirectoryImport onImported={() => void load(query, null)} />
    </Panel>
  );
}
