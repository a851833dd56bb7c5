/**
 * `format=srt`: SubRip captions, numbered from 1, `HH:MM:SS,mmm`, the speaker as a `Speaker: ` prefix. Written by
 * hand for the same reason as WebVTT. SRT has no escaping: line breaks in the text never leave a blank line (which
 * ends a cue), and an arrow `-->` in the text becomes `->` so no parser takes a text line for a timing line.
 */
import { cueTextLines, cueTimeline, formatCueTime, oneLineLabel, type ExportSource } from './export-model';

export async function* srtExport(source: ExportSource): AsyncGenerator<string> {
  const timing = cueTimeline();
  let number = 0;
  for await (const line of source.segments) {
    number += 1;
    const { startMs, endMs } = timing(line);
    const text = cueTextLines(`${oneLineLabel(line.speaker.label)}: ${line.text}`)
      .map((part) => part.replace(/-->/g, '->'))
      .join('\n');
    yield `${number}\n${formatCueTime(startMs, ',')} --> ${formatCueTime(endMs, ',')}\n${text}\n\n`;
  }
}
