'use client';
import { useId, useRef, useState } from 'react';
import { DIRECTORY_EXPORT_URL, importDirectory } from '@/lib/admin-client';
import { DIRECTORY_CSV_COLUMNS, MAX_IMPORT_BYTES, TEAM_SEPARATOR, type ImportRowError } from '@/lib/directory';
import { AdminButton, FormError } from './admin-button';

/** CSV import (all rows or none; each bad row listed with its line) and the export link. */
export function DirectoryImport({ onImported }: { onImported: () => void }) {
  const inputId = useId();
  const file = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [rows, setRows] = useState<ImportRowError[]>([]);

  async function upload() {
    const chosen = file.current?.files?.[0];
    setDone(null);
    setRows([]);
    if (chosen === undefined) return setFailure('Choose a CSV file first.');
    if (chosen.size > MAX_IMPORT_BYTES) return setFailure(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
    setBusy(true);
    const result = await importDirectory(await chosen.text());
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error.message);
      setRows(result.error.rows ?? []);
      return;
    }
    setFailure(null);
    setDone(`Imported: ${result.data.created} new, ${result.data.updated} updated.`);
    if (file.current) file.current.value = '';
    onImported();
  }

  return (
    <div className="space-y-2" data-testid="admin.directory.import">
      <h3 className="text-sm font-semibold text-slate-900">Import and export</h3>
      <p className="text-xs text-slate-600">
        CSV with the header <code>{DIRECTORY_CSV_COLUMNS.join(',')}</code>; teams by name, separated by <code>{TEAM_SEPARATOR}</code>. Rows update the entries
        they name; a file with any bad row imports nothing.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={inputId} className="text-sm font-medium text-slate-800">
          CSV file
        </label>
        <input id={inputId} ref={file} type="file" accept=".csv,text/csv" data-testid="admin.directory.import.file" className="text-sm text-slate-800" />
        <AdminButton tone="primary" disabled={busy} onClick={() => void upload()} testId="admin.directory.import.submit">
          Import
        </AdminButton>
        <a href={DIRECTORY_EXPORT_URL} download data-testid="admin.directory.export" className="text-sm font-medium text-sky-800 underline underline-offset-2 hover:text-sky-950">
          Export CSV
        </a>
      </div>
      {done !== null && (
        <p role="status" data-testid="admin.directory.import.done" className="text-sm text-emerald-800">
          {done}
        </p>
      )}
      <FormError message={failure} testId="admin.directory.import.error" />
      {rows.length > 0 && (
        <ul data-testid="admin.directory.import.rows" aria-label="Rows that were not imported" className="list-disc space-y-0.5 pl-5 text-xs text-orange-900">
          {rows.map((row, index) => (
            <li key={`${row.line}-${index}`}>
              Line {row.line}: {row.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
