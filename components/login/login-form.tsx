'use client';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { ApiError, Result } from '@/lib/protocol';

export interface LoginFormProps {
  /** Where to go after logging in; already checked to be a same-origin path. */
  next: string;
  /** Focus the username field on load (not when a single sign-on button comes first). */
  autoFocus?: boolean;
}

type LoginState = { kind: 'idle' } | { kind: 'submitting' } | { kind: 'failed'; message: string };

const STATUS_MESSAGES: Partial<Record<number, string>> = {
  400: 'Enter a username and a password.',
  401: 'Wrong username or password.',
  429: 'Too many attempts. Wait a few minutes, then try again.',
};

const subscribeNever = () => () => {};

/** False in the server-rendered HTML, true once React has hydrated the form. */
function useHydrated(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

export function LoginForm({ next, autoFocus = true }: LoginFormProps) {
  const [state, setState] = useState<LoginState>({ kind: 'idle' });
  // Before hydration a click would submit the form natively; keep the button disabled until the script runs.
  const hydrated = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setState({ kind: 'submitting' });
    let response: Response;
    try {
      response = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ username: String(form.get('username') ?? ''), password: String(form.get('password') ?? '') }),
      });
    } catch {
      setState({ kind: 'failed', message: 'Earshot could not be reached. Check the connection and try again.' });
      return;
    }
    if (response.ok) {
      // A full load, not a client-side push: the layout must render again with the session (header, socket).
      window.location.assign(next);
      return;
    }
    setState({ kind: 'failed', message: STATUS_MESSAGES[response.status] ?? (await serverMessage(response)) });
  }

  const submitting = state.kind === 'submitting';
  return (
    <form method="post" onSubmit={(event) => void submit(event)} className="space-y-4">
      <div className="space-y-1">
        <label htmlFor="login-username" className="block text-sm font-medium text-slate-800">
          Username
        </label>
        <input
          id="login-username"
          name="username"
          data-testid="login.username"
          autoComplete="username"
          required
          autoFocus={autoFocus}
          maxLength={128}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-xs focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 focus:outline-none"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="login-password" className="block text-sm font-medium text-slate-800">
          Password
        </label>
        <input
          id="login-password"
          name="password"
          type="password"
          data-testid="login.password"
          autoComplete="current-password"
          required
          maxLength={1024}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-xs focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 focus:outline-none"
        />
      </div>
      {state.kind === 'failed' && (
        <p data-testid="login.error" role="alert" className="rounded-md bg-orange-50 px-3 py-2 text-sm text-orange-900 ring-1 ring-orange-200 ring-inset">
          {state.message}
        </p>
      )}
      <button
        type="submit"
        data-testid="login.submit"
        disabled={submitting || !hydrated}
        className="w-full rounded-md bg-slate-900 px-3 py-2 text-sm font-semibold text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-60"
      >
        {submitting ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}

async function serverMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as Result<unknown>;
    if (!body.ok) return messageOf(body.error);
  } catch {
    // Not JSON (a proxy error page, say): fall through to the generic message.
  }
  return `Logging in failed (HTTP ${response.status}). Try again.`;
}

function messageOf(error: ApiError): string {
  return error.message || `Logging in failed (${error.code}).`;
}
