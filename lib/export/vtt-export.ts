/**
 * `format=vtt`: WebVTT captions, one cue per final line timed from its ACS offset and duration, the speaker as the
 * cue's voice (`<v Speaker>`). Written by hand: the format is a few lines, and the writers on npm neither emit voice
 * spans nor escape cue text. `&`, `<` and `>` are escaped in the text and the voice annotation, so no cue text can
 * hold a tag or `-->`, and line breaks never leave a blank line (which would end the cue).
 */
import { cueTextLines, cueTimeline, formatCueTime, oneLineLabel, type ExportSource } from './export-model';

export function escapeVttText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function* vttExport(source: ExportSource): AsyncGenerator<string> {
  yield 'WEBVTT\n\n';
  const timing = cueTimeline();
  for await (const line of source.segments) {
    const { startMs, endMs } = timing(line);
    const text = cueTextLines(line.text).map(escapeVttText).join('\n');
    // The cue identifier is the line's seq, so a player's cue links back to `#seq-n`.
    yield `${line.seq}\n${formatCueTime(startMs, '.')} --> ${formatCueTime(endMs, '.')}\n<v ${escapeVttText(oneLineLabel(line.speaker.label))}>${text}\n\n`;
  }
}
