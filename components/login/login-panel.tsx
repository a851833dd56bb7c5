import { LoginForm } from './login-form';

export interface LoginPanelProps {
  next: string;
  /** Username + password login (LOCAL_LOGIN). */
  local: boolean;
  /** Single sign-on, when configured: the button's label. */
  sso: { label: string } | null;
  /** Why the last single sign-on ended here, in words (lib/sign-in-errors.ts), or null. */
  ssoError: string | null;
}

export function LoginPanel({ next, local, sso, ssoError }: LoginPanelProps) {
  return (
    <div className="flex min-h-full items-start justify-center px-4 pt-[12vh]">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold text-slate-900">Log in to Earshot</h1>
        <p className="mt-1 mb-5 text-sm text-slate-600">Supervisors only. Your session stays signed in on this browser until you log out.</p>
        {ssoError !== null && (
          <p data-testid="login.sso-error" role="alert" className="mb-4 rounded-md bg-orange-50 px-3 py-2 text-sm text-orange-900 ring-1 ring-orange-200 ring-inset">
            {ssoError}
          </p>
        )}
        {sso !== null && (
          // A plain link: the start route redirects the whole page to the identity provider.
          <a
            href={`/api/auth/oidc/start?next=${encodeURIComponent(next)}`}
            data-testid="login.sso"
            className="flex w-full items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-900 shadow-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
          >
            <MicrosoftMark />
            {sso.label}
          </a>
        )}
        {sso !== null && local && (
          <p className="my-4 flex items-center gap-3 text-xs text-slate-500 before:h-px before:flex-1 before:bg-slate-200 after:h-px after:flex-1 after:bg-slate-200">or with a password</p>
        )}
        {local && <LoginForm next={next} autoFocus={sso === null} />}
      </div>
    </div>
  );
}

/** Microsoft's four squares, as its sign-in branding guidelines show beside "Sign in with Microsoft". */
function MicrosoftMark() {
  return (
    <svg aria-hidden="true" width="16" height="16" viewBox="0 0 21 21">
      <rect x="1" y="1" width="9" height="9" fill="#f25022" />
      <rect x="11" y="1" width="9" height="9" fill="#7fba00" />
      <rect x="1" y="11" width="9" height="9" fill="#00a4ef" />
      <rect x="11" y="11" width="9" height="9" fill="#ffb900" />
    </svg>
  );
}
