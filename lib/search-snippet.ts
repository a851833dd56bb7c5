/**
 * A search snippet's parts: the stores wrap matched words in `<mark>` … `</mark>`; everything else is transcript text,
 * shown as text. Splitting on the two markers (never parsing HTML) means a line that itself says `<b>` stays text.
 */
export interface SnippetPart {
  text: string;
  marked: boolean;
}

const MARKERS = /(<mark>|<\/mark>)/;

export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let marked = false;
  for (const piece of snippet.split(MARKERS)) {
    if (piece === '<mark>') marked = true;
    else if (piece === '</mark>') marked = false;
    else if (piece.length > 0) {
      const last = parts.at(-1);
      if (last && last.marked === marked) last.text += piece;
      else parts.push({ text: piece, marked });
    }
  }
  return parts;
}
