'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useSessionView } from './permissions-provider';

const LINKS = [
  { href: '/', label: 'Calls', testId: 'header.nav-calls' },
  { href: '/wall', label: 'Wall', testId: 'header.nav-wall' },
  { href: '/rules', label: 'Rules', testId: 'header.nav-rules' },
] as const;
const ADMIN_LINK = { href: '/admin', label: 'Admin', testId: 'header.nav-admin' } as const;

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' || pathname.startsWith('/calls/') : pathname === href || pathname.startsWith(`${href}/`);
}

/** The app's sections; the current one is marked for assistive technology too (`aria-current`). */
export function HeaderNav() {
  const pathname = usePathname();
  // Admins also get the admin page; others would only meet its 403.
  const links = useSessionView()?.permissions.includes('manageUsers') ? [...LINKS, ADMIN_LINK] : LINKS;
  return (
    <nav aria-label="Sections" className="flex items-center gap-1">
      {links.map((link) => {
        const current = isCurrent(pathname, link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            data-testid={link.testId}
            aria-current={current ? 'page' : undefined}
            className={`rounded-md px-2 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-600 ${current ? 'bg-slate-100 text-slate-900' : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900'}`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
