import { MaskedText } from '@/components/common/masked-text';
import { splitSnippet } from '@/lib/search-snippet';

export interface SearchSnippetProps {
  snippet: string;
  /** True when the line's `*` are ACS PII masking (shown as redacted chips). */
  piiMasked: boolean;
}

/** A hit's excerpt with the matched words marked: built from text nodes, never from the snippet as HTML. */
export function SearchSnippet({ snippet, piiMasked }: SearchSnippetProps) {
  return (
    <>
      {splitSnippet(snippet).map((part, index) =>
        part.marked ? (
          <mark key={index} data-testid="search.match" className="rounded-sm bg-amber-200 px-0.5 text-slate-900">
            {part.text}
          </mark>
        ) : (
          <MaskedText key={index} text={part.text} masked={piiMasked} />
        ),
      )}
    </>
  );
}
