import { LineLink } from '@/components/common/line-link';
import { alertCallPath } from '@/lib/line-link';
import type { Alert } from '@/lib/rules';
import { AcknowledgeButton } from './acknowledge-button';
import { AlertDeliveryLog } from './alert-delivery-log';
import { AlertSummary } from './alert-summary';
import { SEVERITY_EDGE_CLASS } from './severity-styles';

export interface AlertInboxItemProps {
  alert: Alert;
  /** Closes the inbox when the supervisor follows the alert to its call. */
  onOpen: () => void;
}

export function AlertInboxItem({ alert, onOpen }: AlertInboxItemProps) {
  return (
    <li data-testid="alert-inbox.item" data-alert-id={alert.id} data-severity={alert.severity} className={`border-l-4 bg-white px-3 py-2.5 ${SEVERITY_EDGE_CLASS[alert.severity]}`}>
      <LineLink
        href={alertCallPath(alert.callId, alert.seqs)}
        onNavigate={onOpen}
        testId="alert.open"
        className="block rounded-md p-1 -m-1 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        <AlertSummary alert={alert} />
      </LineLink>
      <div className="mt-2 flex items-start justify-between gap-2">
        <AlertDeliveryLog alertId={alert.id} />
        <AcknowledgeButton alertId={alert.id} ruleName={alert.ruleName} />
      </div>
    </li>
  );
}
