import { useEffect, useRef } from 'react';
import { useRouter } from 'next/navigation';
import { alertAnnouncement } from '@/lib/alerts-state';
import { alertCallPath } from '@/lib/line-link';
import type { Alert } from '@/lib/rules';
import { chime } from './alert-chime';
import { useAlertPreferences } from './use-alert-preferences';

/** Sound and desktop notification for each alert that enters `fresh`, as this browser's preferences say. */
export function useAlertSignals(fresh: readonly Alert[]) {
  const [preferences] = useAlertPreferences();
  const router = useRouter();
  const signalled = useRef(new Set<string>());

  useEffect(() => {
    const news = fresh.filter((alert) => !signalled.current.has(alert.id));
    for (const alert of news) signalled.current.add(alert.id);
    if (news.length === 0) return;
    const loudest = news.find((alert) => alert.severity === 'critical') ?? news[0];
    if (preferences.sound && loudest !== undefined) chime(loudest.severity);
    // Only when the supervisor is elsewhere: on the page, the toast already says it.
    const away = document.visibilityState !== 'visible' || !document.hasFocus();
    if (!preferences.desktop || !away || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    for (const alert of news) {
      try {
        const notification = new Notification(`${alert.ruleName}: ${alert.reason}`, {
          body: alertAnnouncement(alert),
          tag: alert.id,
          requireInteraction: alert.severity === 'critical',
        });
        notification.onclick = () => {
          window.focus();
          router.push(alertCallPath(alert.callId, alert.seqs));
          notification.close();
        };
      } catch (error) {
        // Some browsers (Android Chrome) allow notifications only from a service worker.
        console.warn('[useAlertSignals] no desktop notification', error);
      }
    }
  }, [fresh, preferences.sound, preferences.desktop, router]);
}
