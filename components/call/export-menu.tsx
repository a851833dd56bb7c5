import { callApiPath } from '@/lib/call-path';
import type { ExportFormat } from '@/lib/export/export-model';

const FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'json', label: 'JSON', hint: 'everything, for tools' },
  { format: 'csv', label: 'CSV', hint: 'a row per line, for spreadsheets' },
  { format: 'txt', label: 'Text', hint: 'a readable transcript' },
  { format: 'vtt', label: 'WebVTT', hint: 'captions' },
  { format: 'srt', label: 'SRT', hint: 'captions' },
];

export function exportUrl(callId: string, format: ExportFormat): string {
  return `${callApiPath(callId, 'export')}?format=${format}`;
}

/** Plain download links (the server names the file); a disclosure keeps them out of the header until asked for. */
export function ExportMenu({ callId }: { callId: string }) {
  return (
    <details data-testid="export.menu" className="relative">
      <summary className="inline-flex h-8 cursor-pointer list-none items-center rounded-md bg-white px-2.5 text-xs font-semibold text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 [&::-webkit-details-marker]:hidden">
        Export
        <span aria-hidden className="ml-1 text-slate-500">
          ▾
        </span>
      </summary>
      <ul aria-label="Download this call as" className="absolute right-0 z-20 mt-1 w-64 rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
        {FORMATS.map(({ format, label, hint }) => (
          <li key={format}>
            <a
              href={exportUrl(callId, format)}
              download
              // The download starts in place; the menu closes as a chosen menu does.
              onClick={(event) => event.currentTarget.closest('details')?.removeAttribute('open')}
              data-testid={`export.${format}`}
              className="flex items-baseline gap-2 px-3 py-1.5 text-slate-900 hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600"
            >
              <span className="font-medium">{label}</span>
              <span className="text-xs text-slate-600">{hint}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
