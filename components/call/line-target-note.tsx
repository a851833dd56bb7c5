import { Spinner } from '@/components/ui/spinner';
import type { LineTargetStatus } from '@/lib/call-state';

export interface LineTargetNoteProps {
  seq: number;
  status: LineTargetStatus;
}

/** While a linked line is not on screen yet: that it is coming, or that this transcript has no such line. */
export function LineTargetNote({ seq, status }: LineTargetNoteProps) {
  if (status === 'found') return null;
  return (
    <p
      role="status"
      data-testid="transcript.line-target"
      data-status={status}
      className="absolute top-2 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-white px-3 py-1 text-xs text-slate-700 shadow ring-1 ring-slate-200"
    >
      {status === 'loading' && <Spinner className="size-3" />}
      {status === 'loading' ? `Loading line ${seq}…` : `Line ${seq} is not in this transcript.`}
    </p>
  );
}
