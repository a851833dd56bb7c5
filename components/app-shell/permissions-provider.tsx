'use client';
/**
 * The logged-in user's role and permissions, from the layout (server-rendered with the session), so controls the
 * role may not use are shown disabled with the reason. The server refuses them anyway: this only explains it.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { refusalReason, type Permission } from '@/lib/permissions';
import type { SessionView } from '@/lib/users';

const SessionViewContext = createContext<SessionView | null>(null);

export function PermissionsProvider({ view, children }: { view: SessionView | null; children: ReactNode }) {
  return <SessionViewContext.Provider value={view}>{children}</SessionViewContext.Provider>;
}

export function useSessionView(): SessionView | null {
  return useContext(SessionViewContext);
}

/** Whether the user may do it, and if not, why (for a tooltip and visible text). Without a session: allowed, the server decides. */
export function usePermission(permission: Permission): { allowed: boolean; reason: string | null } {
  const view = useSessionView();
  if (view === null || view.permissions.includes(permission)) return { allowed: true, reason: null };
  return { allowed: false, reason: refusalReason(view.role, permission) };
}
