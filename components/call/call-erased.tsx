import Link from 'next/link';

/** Shown instead of the call once it has been erased: nothing of it is kept, so nothing of it is shown. */
export function CallErasedNotice({ callId }: { callId: string }) {
  return (
    <div role="alert" data-testid="call.erased" className="mx-auto mt-16 max-w-lg rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-700">
      <h1 className="text-base font-semibold text-slate-900">This call was erased</h1>
      <p className="mt-2">
        The call <code className="rounded bg-slate-100 px-1 font-mono break-all">{callId}</code> and everything recorded with it (transcript, summaries,
        alerts, audit trail) were deleted. The erasure itself is kept in the erasure log.
      </p>
      <Link href="/" className="mt-4 inline-block font-medium text-sky-800 underline-offset-2 hover:underline">
        ← Back to all calls
      </Link>
    </div>
  );
}

/** Shown instead of the call once a team change took it out of this person's teams: nothing more of it arrives. */
export function CallHiddenNotice({ callId }: { callId: string }) {
  return (
    <div role="alert" data-testid="call.hidden" className="mx-auto mt-16 max-w-lg rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-700">
      <h1 className="text-base font-semibold text-slate-900">You no longer have access to this call</h1>
      <p className="mt-2">
        The call <code className="rounded bg-slate-100 px-1 font-mono break-all">{callId}</code> is no longer in one of your teams (an admin changed your teams
        or the team&apos;s numbers).
      </p>
      <Link href="/" className="mt-4 inline-block font-medium text-sky-800 underline-offset-2 hover:underline">
        ← Back to all calls
      </Link>
    </div>
  );
}
