/** In place of the password form for accounts that sign in with single sign-on. */
export function SsoAccountNote() {
  return (
    <p data-testid="account.sso" className="max-w-prose text-sm text-slate-700">
      You sign in with single sign-on, so your account has no Earshot password. Change your password, or your multi-factor settings, at your
      organisation’s identity provider.
    </p>
  );
}
