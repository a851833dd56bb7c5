import { useNow } from '@/components/common/use-now';
import { formatAge, formatDateTime } from '@/lib/format-time';

export interface AlertAgeProps {
  at: number;
  /** Its colour; the default grey is for white backgrounds (on a tinted one it would miss the contrast minimum). */
  tone?: string;
}

/** "just now", "4 min ago"; the exact time in the tooltip. */
export function AlertAge({ at, tone = 'text-slate-500' }: AlertAgeProps) {
  const now = useNow();
  return (
    <time dateTime={new Date(at).toISOString()} title={formatDateTime(at)} className={`text-xs whitespace-nowrap tabular-nums ${tone}`}>
      {now === 0 ? '' : formatAge(at, now)}
    </time>
  );
}
