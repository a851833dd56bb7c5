/** Splits display text into plain text and PII-masked runs (ACS masks each redacted character with `*`). */

export type TextPart = { kind: 'text'; text: string } | { kind: 'pii'; text: string };

const MASK_RUN = /\*+/g;

export function splitPiiRuns(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let cursor = 0;
  for (const match of text.matchAll(MASK_RUN)) {
    const start = match.index;
    if (start > cursor) parts.push({ kind: 'text', text: text.slice(cursor, start) });
    parts.push({ kind: 'pii', text: match[0] });
    cursor = start + match[0].length;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
  return parts;
}

export function countPiiRuns(text: string): number {
  return splitPiiRuns(text).filter((part) => part.kind === 'pii').length;
}
