import { useNow } from '@/components/common/use-now';
import { formatAge, formatDateTime } from '@/lib/format-time';

export interface AlertAgeProps {
  at: number;
}

/** "just now", "4 min ago"; the exact time in the tooltip. */
export function AlertAge({ at }: AlertAgeProps) {
  const now = useNow();
  return (
    <time dateTime={new Date(at).toISOString()} title={formatDateTime(at)} className="text-xs whitespace-nowrap text-slate-500 tabular-nums">
      {now === 0 ? '' : formatAge(at, now)}
    </time>
  );
}
