import Link from 'next/link';

/** What a non-admin sees at /admin: why, and the way back, not a bare error. */
export function AdminForbidden({ role }: { role: string }) {
  return (
    <div data-testid="admin.forbidden" className="mx-auto max-w-lg space-y-3 p-8 text-center">
      <h1 className="text-lg font-semibold text-slate-900">Admins only</h1>
      <p className="text-sm text-slate-700">
        Users and teams are managed by admins. You are signed in as a {role}; ask an admin if you need a different role.
      </p>
      <Link href="/" className="inline-block rounded text-sm font-medium text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-600">
        Back to the calls
      </Link>
    </div>
  );
}
