/** Locale helpers shared by the emulator's language modules. */

/** `es-MX` → `es`, `hi-IN` → `hi`, `EN` → `en`. */
export function languageOf(locale: string): string {
  return (locale.split(/[-_]/)[0] ?? '').toLowerCase();
}

/** Region for phone parsing: `en-US` → `US`; a bare language gets the region its calls most often come from. */
export function regionOf(locale: string): string | undefined {
  const region = locale.split(/[-_]/)[1];
  if (region && /^[A-Za-z]{2}$/.test(region)) return region.toUpperCase();
  return DEFAULT_REGION[languageOf(locale)];
}

const DEFAULT_REGION: Record<string, string> = { en: 'US', es: 'ES', hi: 'IN', fr: 'FR', de: 'DE', pt: 'BR', it: 'IT' };

/** Curly quotes from speech-to-text output break apostrophe words such as "don't"; fold them to ASCII. */
export function foldApostrophes(text: string): string {
  return text.replace(/[\u2018\u2019\u02BC]/g, "'");
}
