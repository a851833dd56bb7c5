import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { AdminForbidden } from '@/components/admin/admin-forbidden';
import { AdminView } from '@/components/admin/admin-view';
import { SUPERVISOR_HEADER } from '@/server/http/request-gate';
import { sessionViewOf } from '@/server/http/session-route';

export const metadata: Metadata = { title: 'Admin' };
export const dynamic = 'force-dynamic';

export default async function AdminPage() {
  const view = await sessionViewOf((await headers()).get(SUPERVISOR_HEADER));
  // The API refuses non-admins too (403); this page only says so kindly.
  if (view === null || !view.permissions.includes('manageUsers')) return <AdminForbidden role={view?.role ?? 'signed-out user'} />;
  return <AdminView />;
}
