import { logLast } from '@/lib/append-log';
import type { CallViewState } from '@/lib/call-state';

export interface LiveAnnouncerProps {
  state: CallViewState;
}

/** Reads each new final line to screen readers; the virtualized list itself stays quiet while it recycles rows. */
export function LiveAnnouncer({ state }: LiveAnnouncerProps) {
  const last = state.phase === 'ready' ? logLast(state.finals) : undefined;
  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only">
      {last ? `${last.speaker.label}: ${last.piiMasked ? last.text.replace(/\*+/g, ' redacted ') : last.text}` : ''}
    </div>
  );
}
