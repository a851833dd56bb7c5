/**
 * One call as a download, in any format: `exportCall(format, source)` yields the file's text in chunks as the
 * source's lines arrive. Its name and content type come with it. A bulk exporter reuses all three per call.
 */
import { csvExport } from './csv-export';
import type { ExportFormat, ExportSource } from './export-model';
import { jsonExport } from './json-export';
import { srtExport } from './srt-export';
import { txtExport } from './txt-export';
import { vttExport } from './vtt-export';

export { EXPORT_FORMATS, ExportFormatSchema, type ExportFormat, type ExportSource } from './export-model';

export function exportCall(format: ExportFormat, source: ExportSource): AsyncIterable<string> {
  switch (format) {
    case 'json':
      return jsonExport(source);
    case 'csv':
      return csvExport(source);
    case 'txt':
      return txtExport(source);
    case 'vtt':
      return vttExport(source);
    case 'srt':
      return srtExport(source);
  }
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
};

export function exportContentType(format: ExportFormat): string {
  return CONTENT_TYPES[format];
}

/** Characters the ASCII name keeps; anything else (and runs of it) becomes one `-`. */
const UNSAFE_ASCII = /[^A-Za-z0-9._-]+/g;
/** Characters no file name should hold on any system, and controls; the Unicode name replaces these only. */
const UNSAFE_ANYWHERE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029/\\:*?"<>|]+/gu;
const MAX_ID_CHARS = 80;

/** The call's start date (UTC), as the name carries it. */
function callDate(startedAt: number): string {
  return new Date(startedAt).toISOString().slice(0, 10);
}

function trimName(name: string): string {
  const cut = Array.from(name).slice(0, MAX_ID_CHARS).join('');
  return cut.replace(/^[-.\s]+|[-.\s]+$/g, '');
}

/** `earshot-<call id, ASCII only>-<YYYY-MM-DD>.<ext>`: safe as a plain `filename=` anywhere. */
export function exportFileName(call: { callId: string; startedAt: number }, format: ExportFormat): string {
  const ascii = call.callId.normalize('NFKD').replace(/\p{M}+/gu, '').replace(UNSAFE_ASCII, '-');
  return `earshot-${trimName(ascii) || 'call'}-${callDate(call.startedAt)}.${format}`;
}

/** The same name keeping the id's letters in any script (for `filename*`), with only path and control characters replaced. */
export function exportFileNameUnicode(call: { callId: string; startedAt: number }, format: ExportFormat): string {
  const name = trimName(call.callId.normalize('NFC').replace(UNSAFE_ANYWHERE, '-'));
  return `earshot-${name || 'call'}-${callDate(call.startedAt)}.${format}`;
}
