/**
 * The supervisor's alert signals, kept in this browser (localStorage): a sound, and desktop notifications. Both
 * start off; desktop notifications also need the browser's permission, which is asked only from a click on the
 * setting, never on load.
 */
import { z } from 'zod';

export const ALERT_PREFERENCES_KEY = 'earshot.alert-preferences';

export const AlertPreferencesSchema = z.object({
  sound: z.boolean().catch(false),
  desktop: z.boolean().catch(false),
});
export type AlertPreferences = z.infer<typeof AlertPreferencesSchema>;

export const DEFAULT_ALERT_PREFERENCES: AlertPreferences = { sound: false, desktop: false };

/** Whatever is stored — nothing, bad JSON, an older shape — reads as valid preferences. */
export function parseAlertPreferences(stored: string | null): AlertPreferences {
  if (stored === null) return DEFAULT_ALERT_PREFERENCES;
  try {
    const parsed = AlertPreferencesSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : DEFAULT_ALERT_PREFERENCES;
  } catch {
    return DEFAULT_ALERT_PREFERENCES;
  }
}
