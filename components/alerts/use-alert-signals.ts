import { useEffect, useRef } from 'react';
import { useRouter } from 'next/navigation';
import { alertAnnouncement } from '@/lib/alerts-state';
import { alertCallPath } from '@/lib/line-link';
import type { Alert, AlertSeverity } from '@/lib/rules';
import { useAlertPreferences } from './use-alert-preferences';

/** A short two-tone chime, higher for critical; made with Web Audio so no sound file ships. */
const CHIME_HZ: Record<AlertSeverity, readonly [number, number]> = { info: [660, 880], warning: [660, 880], critical: [880, 1175] };
const NOTE_S = 0.12;

let audio: AudioContext | null = null;

function chime(severity: AlertSeverity) {
  try {
    audio ??= new AudioContext();
    // Browsers start an AudioContext suspended until the page has had a user gesture; then this plays nothing.
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime;
    CHIME_HZ[severity].forEach((hz, index) => {
      if (audio === null) return;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = hz;
      const at = start + index * NOTE_S;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_S);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + NOTE_S);
    });
  } catch (error) {
    console.warn('[useAlertSignals] no sound', error);
  }
}

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
