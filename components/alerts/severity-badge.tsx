import { SEVERITY_LABEL } from '@/lib/rule-text';
import type { AlertSeverity } from '@/lib/rules';
import { SeverityIcon } from './severity-icon';
import { SEVERITY_BADGE_CLASS } from './severity-styles';

export interface SeverityBadgeProps {
  severity: AlertSeverity;
  testId?: string;
}

export function SeverityBadge({ severity, testId }: SeverityBadgeProps) {
  return (
    <span
      data-testid={testId}
      data-severity={severity}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-[11px] leading-none font-semibold whitespace-nowrap ring-1 ring-inset ${SEVERITY_BADGE_CLASS[severity]}`}
    >
      <SeverityIcon severity={severity} className="size-3" />
      {SEVERITY_LABEL[severity]}
    </span>
  );
}
