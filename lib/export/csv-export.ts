/**
 * `format=csv`: one row per final line, RFC 4180 (CRLF records; a field with a comma, quote, CR or LF is quoted and
 * its quotes doubled), with a UTF-8 byte order mark so a spreadsheet opens accents, Devanagari and emoji intact.
 * csv-stringify does the quoting, a row at a time, so rows stream as the lines arrive.
 */
import { stringify } from 'csv-stringify/sync';
import { annotationsBySeq, cueTimeline, formatCueTime, type ExportSource } from './export-model';

export const CSV_COLUMNS = ['seq', 'start', 'end', 'speaker', 'speaker_kind', 'language', 'sentiment', 'pii_masked', 'text', 'bookmarked', 'notes'] as const;

const BOM = '\uFEFF';

/**
 * `escape_formulas`: a cell starting with `=`, `+`, `-`, `@` (or a tab / CR) gets a leading `'`. A caller's words
 * ("=HYPERLINK(…)", "+1 555…") would otherwise run as a formula when a supervisor opens the file in a spreadsheet
 * (CSV injection); the apostrophe makes the cell plain text and shows nothing.
 */
function row(cells: readonly string[]): string {
  return stringify([cells], { record_delimiter: 'windows', escape_formulas: true });
}

export async function* csvExport(source: ExportSource): AsyncGenerator<string> {
  yield BOM + row(CSV_COLUMNS);
  const bySeq = annotationsBySeq(source.annotations);
  const timing = cueTimeline();
  for await (const line of source.segments) {
    const { startMs, endMs } = timing(line);
    const annotations = bySeq.get(line.seq) ?? [];
    const notes = annotations.filter((annotation) => annotation.kind === 'note' && annotation.text !== null).map((note) => `${note.author}: ${note.text ?? ''}`);
    yield row([
      String(line.seq),
      formatCueTime(startMs, '.'),
      formatCueTime(endMs, '.'),
      line.speaker.label,
      line.speaker.kind,
      line.language ?? '',
      line.sentiment ?? '',
      String(line.piiMasked),
      line.text,
      String(annotations.some((annotation) => annotation.kind === 'bookmark')),
      notes.join('\n'),
    ]);
  }
}
