/**
 * `format=txt`: a transcript to read — the call, its participants and times, then `[HH:MM:SS] Speaker: text` per final
 * line (a bookmarked line marked `★`), then the summaries and the notes. Times of day are UTC (ISO 8601).
 */
import type { Annotation } from '../protocol';
import { annotationsBySeq, cueTextLines, cueTimeline, formatCueTime, oneLineLabel, type ExportSource } from './export-model';

const CONTINUATION = '\n           ';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

export async function* txtExport(source: ExportSource): AsyncGenerator<string> {
  const { call } = source;
  const participants = call.participants.map((participant) => `${oneLineLabel(participant.label)} (${participant.rawId})`).join(', ');
  yield [
    `Call ${oneLineLabel(call.callId)}`,
    `Started: ${iso(call.startedAt)}`,
    `Ended: ${call.endedAt === null ? 'not yet' : iso(call.endedAt)}`,
    `Participants: ${participants === '' ? 'none yet' : participants}`,
    `Exported: ${iso(source.exportedAt)} by ${source.exportedBy}`,
    '',
    'Transcript',
    '',
    '',
  ].join('\n');

  const bySeq = annotationsBySeq(source.annotations);
  const timing = cueTimeline();
  const clockOf = new Map<number, string>();
  let lines = 0;
  for await (const line of source.segments) {
    lines += 1;
    const clock = formatCueTime(timing(line).startMs, '.').slice(0, 8);
    if (bySeq.has(line.seq)) clockOf.set(line.seq, clock);
    const bookmarked = (bySeq.get(line.seq) ?? []).some((annotation) => annotation.kind === 'bookmark');
    yield `[${clock}] ${bookmarked ? '★ ' : ''}${oneLineLabel(line.speaker.label)}: ${cueTextLines(line.text).join(CONTINUATION)}\n`;
  }
  if (lines === 0) yield '(no lines)\n';

  const parts: string[] = ['', 'Summaries', ''];
  if (source.summaries.length === 0) parts.push('(none)');
  for (const summary of source.summaries) {
    parts.push(`[${iso(summary.createdAt)}] ${summary.kind === 'end-of-call' ? 'End of call' : 'Mid-call'}${summary.locale ? ` (${summary.locale})` : ''}:`, summary.text, '');
  }
  parts.push('', 'Notes and bookmarks', '');
  if (source.annotations.length === 0) parts.push('(none)');
  for (const annotation of source.annotations) parts.push(noteLine(annotation, clockOf));
  yield `${parts.join('\n')}\n`;
}

function noteLine(annotation: Annotation, clockOf: ReadonlyMap<number, string>): string {
  const where = annotation.seq === null ? 'on the call' : `on line ${annotation.seq}${clockOf.has(annotation.seq) ? ` [${clockOf.get(annotation.seq)}]` : ''}`;
  const what = annotation.kind === 'bookmark' ? `Bookmark${annotation.text ? `: ${annotation.text}` : ''}` : `Note: ${cueTextLines(annotation.text ?? '').join(CONTINUATION)}`;
  return `[${iso(annotation.createdAt)}] ${annotation.author} ${where}. ${what}`;
}
