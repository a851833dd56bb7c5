import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { SsoAccountNote } from '@/components/account/sso-account-note';
import { SUPERVISOR_HEADER } from '@/server/http/request-gate';
import { getRuntime } from '@/server/runtime';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const username = (await headers()).get(SUPERVISOR_HEADER);
  // Single sign-on accounts have no Earshot password: theirs is changed at the identity provider.
  const sso = username !== null && (await getRuntime().users.store.hasIdentity(username));
  return (
    <div className="mx-auto max-w-6xl space-y-4 p-4">
      <h1 className="text-lg font-semibold text-slate-900">Your account</h1>
      {sso ? <SsoAccountNote /> : <ChangePasswordForm />}
    </div>
  );
}
