'use client';
import Link from 'next/link';
import type { MouseEvent, ReactNode } from 'react';
import { LINE_FOCUS_EVENT } from '@/lib/line-link';

export interface LineLinkProps {
  /** `/calls/{id}#seq-{n}` (from `callLinePath`), or a call page without a line. */
  href: string;
  children: ReactNode;
  className?: string;
  testId?: string;
  onNavigate?: () => void;
  ariaLabel?: string;
}

/**
 * A link to a transcript line. To another page it is a client-side navigation; on the call page it points at, only
 * the hash changes, which Next does with `pushState` (no `hashchange`), so this sets the hash itself — and, when the
 * hash is already that line (the supervisor scrolled away), asks the transcript to show it again.
 */
export function LineLink({ href, children, className, testId, onNavigate, ariaLabel }: LineLinkProps) {
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    onNavigate?.();
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = new URL(href, window.location.href);
    if (target.pathname !== window.location.pathname || target.search !== window.location.search) return;
    event.preventDefault();
    if (window.location.hash === target.hash) window.dispatchEvent(new Event(LINE_FOCUS_EVENT));
    else window.location.hash = target.hash;
  }
  return (
    <Link href={href} onClick={onClick} className={className} data-testid={testId} aria-label={ariaLabel}>
      {children}
    </Link>
  );
}
