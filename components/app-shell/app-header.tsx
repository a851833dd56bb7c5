import Link from 'next/link';
import { AlertInbox } from '@/components/alerts/alert-inbox';
import { ConnectionStatus } from './connection-status';
import { EarshotLogo } from './earshot-logo';
import { HeaderNav } from './header-nav';
import { HeaderSearch } from './header-search';
import { LogoutButton } from './logout-button';

export interface AppHeaderProps {
  /** The logged-in supervisor, or null on the login page. */
  supervisor: string | null;
}

export function AppHeader({ supervisor }: AppHeaderProps) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-3 sm:gap-3 sm:px-4">
      <Link href="/" className="flex items-center gap-2 rounded text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600">
        <EarshotLogo />
        {/* On a phone the logo alone: the header also holds the sections, the alerts and log out. */}
        <span className={`text-base font-semibold tracking-tight ${supervisor !== null ? 'max-sm:sr-only' : ''}`}>Earshot</span>
      </Link>
      {supervisor === null ? <span className="hidden text-xs text-slate-500 sm:inline">Live call supervision</span> : <HeaderNav />}
      {supervisor !== null && (
        <div className="ml-auto flex items-center gap-2 sm:gap-3">
          <HeaderSearch />
          <ConnectionStatus />
          <AlertInbox />
          <span className="hidden text-xs text-slate-600 md:inline">
            Signed in as <span className="font-semibold text-slate-900">{supervisor}</span>
          </span>
          <Link href="/account" data-testid="header.account" className="rounded text-xs font-medium text-slate-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600">
            Account
          </Link>
          <LogoutButton />
        </div>
      )}
    </header>
  );
}
