'use client';
import { useState } from 'react';
import { Spinner } from '@/components/ui/spinner';
import { useAlerts } from './alerts-provider';

export interface AcknowledgeButtonProps {
  alertId: string;
  ruleName: string;
}

/** Acknowledges for everyone; says why when the server refuses. The alert leaves the list once acknowledged. */
export function AcknowledgeButton({ alertId, ruleName }: AcknowledgeButtonProps) {
  const { acknowledge } = useAlerts();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setPending(true);
    setError(null);
    const result = await acknowledge(alertId);
    setPending(false);
    if (!result.ok) setError(result.error.message);
  }

  return (
    <span className="inline-flex flex-col items-end gap-0.5">
      <button
        type="button"
        data-testid="alert.acknowledge"
        onClick={() => void onClick()}
        disabled={pending}
        aria-busy={pending}
        aria-label={`Acknowledge ${ruleName}`}
        className="inline-flex h-7 items-center gap-1.5 rounded-md bg-white px-2.5 text-xs font-semibold text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-70"
      >
        {pending && <Spinner className="size-3" />}
        Acknowledge
      </button>
      {error !== null && (
        <span role="alert" className="text-[11px] text-orange-800">
          {error}
        </span>
      )}
    </span>
  );
}
