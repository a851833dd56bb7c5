'use client';
import { useState } from 'react';
import { getSocket } from '@/lib/socket-client';

/** Ends the session on the server, then reloads into the login page so no live data stays on screen. */
export function LogoutButton() {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function logOut() {
    setPending(true);
    setFailed(false);
    // Off first: the server tells a session's sockets when it ends, and this page would then go to /login on its own,
    // racing (and beating) the identity provider's logout page the answer below may send it to.
    const socket = getSocket();
    socket.disconnect();
    try {
      const response = await fetch('/api/auth/logout', { method: 'POST', headers: { accept: 'application/json' } });
      if (!response.ok && response.status !== 401) throw new Error(`logout answered ${response.status}`);
      window.location.assign(response.ok ? await logoutRedirect(response) : '/login');
    } catch (error) {
      console.warn('[LogoutButton]', error);
      socket.connect();
      setFailed(true);
      setPending(false);
    }
  }

  return (
    <button
      type="button"
      data-testid="header.logout"
      onClick={() => void logOut()}
      disabled={pending}
      title={failed ? 'Logging out failed; try again' : undefined}
      className="rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-60"
    >
      {pending ? 'Logging out…' : failed ? 'Log out (retry)' : 'Log out'}
    </button>
  );
}

/** The identity provider's logout page when single sign-on asks for it (OIDC_LOGOUT=provider), else /login. */
async function logoutRedirect(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { ok?: boolean; data?: { redirect?: unknown } | null };
    const redirect = body.data?.redirect;
    return typeof redirect === 'string' && /^https?:\/\//.test(redirect) ? redirect : '/login';
  } catch {
    return '/login';
  }
}
