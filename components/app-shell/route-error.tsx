import Link from 'next/link';
import { useEffect } from 'react';

export interface RouteErrorProps {
  error: unknown;
  retry: () => void;
  /** "this call", "this page". */
  what: string;
}

/** The fallback for a route segment that threw while rendering. */
export function RouteError({ error, retry, what }: RouteErrorProps) {
  useEffect(() => {
    console.error('[RouteError]', error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : null;
  return (
    <div role="alert" className="mx-auto mt-16 max-w-lg rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-700">
      <h1 className="text-base font-semibold text-slate-900">Something went wrong showing {what}</h1>
      <p className="mt-2">Live updates were not affected. Try again, or go back to the call list.</p>
      {digest && <p className="mt-2 font-mono text-xs text-slate-500">Reference: {digest}</p>}
      <div className="mt-4 flex gap-3">
        <button type="button" onClick={retry} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600">
          Try again
        </button>
        <Link href="/" className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">
          All calls
        </Link>
      </div>
    </div>
  );
}
