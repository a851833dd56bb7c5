import type { AlertSeverity } from '@/lib/rules';

/** Severity colours; every use pairs them with the severity's own shape (`SeverityIcon`) and its word. */
export const SEVERITY_BADGE_CLASS: Record<AlertSeverity, string> = {
  info: 'bg-sky-50 text-sky-900 ring-sky-200',
  warning: 'bg-amber-50 text-amber-900 ring-amber-300',
  critical: 'bg-red-50 text-red-900 ring-red-300',
};

/** The stripe down a toast's or inbox item's leading edge. */
export const SEVERITY_EDGE_CLASS: Record<AlertSeverity, string> = {
  info: 'border-l-sky-600',
  warning: 'border-l-amber-500',
  critical: 'border-l-red-600',
};
