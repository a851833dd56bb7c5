import Link from 'next/link';

export interface CallNotFoundProps {
  callId: string;
  /** Set when the server failed for another reason than "no such call". */
  message?: string;
}

export function CallNotFound({ callId, message }: CallNotFoundProps) {
  return (
    <div role="alert" className="mx-auto mt-16 max-w-lg rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-700">
      <h1 className="text-base font-semibold text-slate-900">{message ? 'This call could not be opened' : 'Call not found'}</h1>
      <p className="mt-2">
        {message ?? 'Earshot has no call with the id'} {!message && <code className="rounded bg-slate-100 px-1 font-mono break-all">{callId}</code>}
        {!message && '. It may have been typed wrong, or it has not started streaming yet.'}
      </p>
      <Link href="/" className="mt-4 inline-block font-medium text-sky-800 underline-offset-2 hover:underline">
        ← Back to all calls
      </Link>
    </div>
  );
}
