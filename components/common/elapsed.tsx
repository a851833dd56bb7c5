import { callDurationMs, formatClock } from '@/lib/format-time';
import { useNow } from './use-now';

export interface ElapsedProps {
  startedAt: number;
  endedAt: number | null;
}

/** A call's duration; ticks every second while the call is live. */
export function Elapsed({ startedAt, endedAt }: ElapsedProps) {
  return endedAt === null ? <TickingElapsed startedAt={startedAt} /> : <>{formatClock(callDurationMs(startedAt, endedAt, endedAt))}</>;
}

function TickingElapsed({ startedAt }: { startedAt: number }) {
  const now = useNow();
  if (now === 0) return null;
  return <>{formatClock(callDurationMs(startedAt, null, now))}</>;
}
