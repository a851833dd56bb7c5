'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { usePermission } from '@/components/app-shell/permissions-provider';
import { useNow } from '@/components/common/use-now';
import { callPath } from '@/lib/call-path';
import { answerRingingUrl, ControlAcceptedSchema, postJson } from '@/lib/control-client';
import type { ApiError, RingingCall } from '@/lib/protocol';

export interface RingingCallsProps {
  calls: readonly RingingCall[];
}

/** Incoming calls waiting for a supervisor (auto-answer is off). The first supervisor to answer gets the call. */
export function RingingCalls({ calls }: RingingCallsProps) {
  const now = useNow();
  const live = calls.filter((call) => call.expiresAt > now);
  if (live.length === 0) return null;
  return (
    <section aria-label="Ringing calls" data-testid="ringing.panel" className="rounded-lg border border-sky-300 bg-sky-50">
      <h2 className="border-b border-sky-200 px-4 py-2 text-sm font-semibold text-sky-950">
        Ringing <span className="font-normal text-sky-800">· answer to start transcribing</span>
      </h2>
      <ul className="divide-y divide-sky-200">
        {live.map((call) => (
          <RingingRow key={call.id} call={call} secondsLeft={Math.max(0, Math.ceil((call.expiresAt - now) / 1000))} />
        ))}
      </ul>
    </section>
  );
}

function RingingRow({ call, secondsLeft }: { call: RingingCall; secondsLeft: number }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const control = usePermission('control');
  const caller = call.callerDisplayName ?? call.from?.label ?? 'Unknown caller';

  async function answer() {
    setPending(true);
    setError(null);
    const result = await postJson(answerRingingUrl(call.id), {}, ControlAcceptedSchema);
    if (result.ok) {
      router.push(callPath(result.data.callId));
      return;
    }
    setPending(false);
    setError(result.error);
  }

  return (
    <li data-testid="ringing.row" className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2 text-sm">
      <span className="font-medium text-slate-900">{caller}</span>
      {call.to && <span className="text-slate-600">to {call.to.label}</span>}
      <span className="text-xs text-slate-500 tabular-nums" aria-label={`${secondsLeft} seconds left to answer`}>
        {secondsLeft}s
      </span>
      {error && (
        <span role="alert" data-testid="ringing.error" className="text-xs text-orange-800">
          {error.code}: {error.message}
        </span>
      )}
      <button
        type="button"
        data-testid="ringing.answer"
        onClick={() => void answer()}
        disabled={pending || !control.allowed}
        title={control.reason ?? undefined}
        className="ml-auto rounded-md bg-emerald-700 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-800 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? 'Answering…' : 'Answer'}
      </button>
    </li>
  );
}
