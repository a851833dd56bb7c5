import { EXPORT_FORMATS, type ExportFormat } from '@/lib/export/export-model';

const FORMAT_TEXT: Record<ExportFormat, { label: string; hint: string }> = {
  json: { label: 'JSON', hint: 'everything, for tools' },
  csv: { label: 'CSV', hint: 'a row per line, for spreadsheets' },
  txt: { label: 'Text', hint: 'a readable transcript' },
  vtt: { label: 'WebVTT', hint: 'captions' },
  srt: { label: 'SRT', hint: 'captions' },
};

export interface DownloadMenuProps {
  /** The button's text. */
  title: string;
  /** What the list of formats is, for screen readers ("Download this call as"). */
  listLabel: string;
  hrefFor: (format: ExportFormat) => string;
  /** `export` gives `export.menu` and `export.csv`, `export.json`… */
  testId: string;
  /** Why the user may not download (their role); the menu then shows disabled with the reason. */
  disabledReason?: string | null;
}

/** Plain download links, one per export format (the server names the file); a disclosure keeps them out of the way until asked for. */
export function DownloadMenu({ title, listLabel, hrefFor, testId, disabledReason = null }: DownloadMenuProps) {
  if (disabledReason !== null) {
    return (
      <span className="inline-flex items-center gap-2">
        <button
          type="button"
          disabled
          data-testid={`${testId}.menu`}
          data-disabled="true"
          title={disabledReason}
          aria-describedby={`${testId}-reason`}
          className="inline-flex h-8 cursor-not-allowed items-center rounded-md bg-white px-2.5 text-xs font-semibold whitespace-nowrap text-slate-800 opacity-50 shadow-xs ring-1 ring-slate-300 ring-inset"
        >
          {title}
        </button>
        <span id={`${testId}-reason`} data-testid={`${testId}.reason`} className="text-xs text-slate-600">
          {disabledReason}
        </span>
      </span>
    );
  }
  return (
    <details data-testid={`${testId}.menu`} className="relative">
      <summary className="inline-flex h-8 cursor-pointer list-none items-center rounded-md bg-white px-2.5 text-xs font-semibold whitespace-nowrap text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 [&::-webkit-details-marker]:hidden">
        {title}
        <span aria-hidden className="ml-1 text-slate-500">
          ▾
        </span>
      </summary>
      <ul aria-label={listLabel} className="absolute right-0 z-20 mt-1 w-64 rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
        {EXPORT_FORMATS.map((format) => (
          <li key={format}>
            <a
              href={hrefFor(format)}
              download
              // The download starts in place; the menu closes as a chosen menu does.
              onClick={(event) => event.currentTarget.closest('details')?.removeAttribute('open')}
              data-testid={`${testId}.${format}`}
              className="flex items-baseline gap-2 px-3 py-1.5 text-slate-900 hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600"
            >
              <span className="font-medium">{FORMAT_TEXT[format].label}</span>
              <span className="text-xs text-slate-600">{FORMAT_TEXT[format].hint}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
