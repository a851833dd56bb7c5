import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AlertsLayer } from '@/components/alerts/alerts-layer';
import { AlertsProvider } from '@/components/alerts/alerts-provider';
import { AppHeader } from '@/components/app-shell/app-header';
import { SocketProvider } from '@/components/realtime/socket-provider';
import { PermissionsProvider } from '@/components/app-shell/permissions-provider';
import { SUPERVISOR_HEADER } from '@/server/http/request-gate';
import { sessionViewOf } from '@/server/http/session-route';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Earshot', template: '%s · Earshot' },
  description: 'Supervisor dashboard for live Azure Communication Services calls with real-time transcription.',
};

export const viewport: Viewport = { themeColor: '#1e293b' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Set by the server's auth gate for logged-in requests (a client-sent copy is stripped); absent on /login.
  const supervisor = (await headers()).get(SUPERVISOR_HEADER);
  const view = await sessionViewOf(supervisor);
  const shell = (
    <>
      <AppHeader supervisor={supervisor} />
      <main className="min-h-0 flex-1 overflow-y-auto">{children}</main>
    </>
  );
  return (
    <html lang="en">
      <body className="flex h-dvh flex-col">
        {supervisor !== null ? (
          <PermissionsProvider view={view}>
            <SocketProvider>
              <AlertsProvider>
                {shell}
                <AlertsLayer />
              </AlertsProvider>
            </SocketProvider>
          </PermissionsProvider>
        ) : (
          shell
        )}
      </body>
    </html>
  );
}
