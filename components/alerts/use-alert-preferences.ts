import { useCallback, useSyncExternalStore } from 'react';
import { ALERT_PREFERENCES_KEY, DEFAULT_ALERT_PREFERENCES, parseAlertPreferences, type AlertPreferences } from '@/lib/alert-preferences';

const listeners = new Set<() => void>();
let cachedRaw: string | null | undefined;
let cached: AlertPreferences = DEFAULT_ALERT_PREFERENCES;

function read(): AlertPreferences {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(ALERT_PREFERENCES_KEY);
  } catch {
    // Storage blocked (privacy settings): the defaults, and changes last for this page only.
    return cached;
  }
  // The same object while nothing changed: useSyncExternalStore compares snapshots by identity.
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cached = parseAlertPreferences(raw);
  }
  return cached;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed them.
  const onStorage = (event: StorageEvent) => {
    if (event.key === ALERT_PREFERENCES_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** This browser's alert sound and desktop-notification settings, shared by every component that shows them. */
export function useAlertPreferences(): [AlertPreferences, (change: Partial<AlertPreferences>) => void] {
  const preferences = useSyncExternalStore(subscribe, read, () => DEFAULT_ALERT_PREFERENCES);
  const update = useCallback((change: Partial<AlertPreferences>) => {
    const next = { ...read(), ...change };
    cached = next;
    try {
      const raw = JSON.stringify(next);
      window.localStorage.setItem(ALERT_PREFERENCES_KEY, raw);
      cachedRaw = raw;
    } catch {
      cachedRaw = undefined;
    }
    for (const listener of listeners) listener();
  }, []);
  return [preferences, update];
}
