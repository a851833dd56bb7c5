import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { LoginPanel } from '@/components/login/login-panel';
import { safeNextPath } from '@/lib/safe-next-path';
import { SUPERVISOR_HEADER } from '@/server/http/request-gate';

export const metadata: Metadata = { title: 'Log in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next);
  // Already logged in: nothing to do here.
  if ((await headers()).get(SUPERVISOR_HEADER) !== null) redirect(next);
  return <LoginPanel next={next} />;
}
