import { splitPiiRuns } from '@/lib/pii-runs';

export interface MaskedTextProps {
  text: string;
  /** False when the stream said redaction is off: an asterisk is then just an asterisk. */
  masked?: boolean;
  piiTestId?: string;
}

/** Text with each run of ACS PII masking shown as a dark "redacted" chip that keeps its asterisks. */
export function MaskedText({ text, masked = true, piiTestId }: MaskedTextProps) {
  if (!masked) return <>{text}</>;
  return (
    <>
      {splitPiiRuns(text).map((part, index) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <mark
            key={index}
            data-testid={piiTestId}
            role="img"
            aria-label={`redacted, ${part.text.length} characters`}
            title="Redacted personal data"
            className="mx-px rounded-sm bg-slate-700 px-0.5 font-mono text-[0.85em] tracking-tighter text-slate-200 [box-decoration-break:clone]"
          >
            {part.text}
          </mark>
        ),
      )}
    </>
  );
}
