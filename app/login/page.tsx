import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { LoginPanel } from '@/components/login/login-panel';
import { safeNextPath } from '@/lib/safe-next-path';
import { signInErrorMessage } from '@/lib/sign-in-errors';
import { SUPERVISOR_HEADER } from '@/server/http/request-gate';
import { getRuntime } from '@/server/runtime';

export const metadata: Metadata = { title: 'Log in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  // Already logged in: nothing to do here.
  if ((await headers()).get(SUPERVISOR_HEADER) !== null) redirect(next);
  const { local, oidc } = getRuntime().signIn;
  return <LoginPanel next={next} local={local} sso={oidc === null ? null : { label: oidc.buttonLabel }} ssoError={signInErrorMessage(params.error)} />;
}
