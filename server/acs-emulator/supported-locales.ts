/**
 * Transcription locales the emulator accepts (a subset of what Azure Speech offers through ACS). A locale outside
 * this list, in `locale`, `locales` or `summarizationOptions.locale`, gets 400 like an unsupported locale does in ACS.
 * Matching is case-insensitive (the ACS docs themselves write `en-us`); responses and packets use the canonical case.
 */
export const SUPPORTED_LOCALES = [
  'en-US',
  'en-GB',
  'en-AU',
  'en-IN',
  'es-ES',
  'es-MX',
  'fr-FR',
  'de-DE',
  'hi-IN',
  'pt-BR',
  'it-IT',
  'ja-JP',
  'zh-CN',
] as const;

export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** ACS accepts at most four candidate locales for language identification. */
export const MAX_CANDIDATE_LOCALES = 4;

export const DEFAULT_LOCALE: SupportedLocale = 'en-US';

const byLowerCase = new Map<string, SupportedLocale>(SUPPORTED_LOCALES.map((locale) => [locale.toLowerCase(), locale]));

/** The canonical spelling of a supported locale, or undefined when it is not supported. */
export function canonicalLocale(locale: string): SupportedLocale | undefined {
  return byLowerCase.get(locale.trim().replace('_', '-').toLowerCase());
}

/** `es-MX` → `es`. */
export function languageOfLocale(locale: string): string {
  return (locale.split(/[-_]/)[0] ?? '').toLowerCase();
}
