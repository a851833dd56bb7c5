/** Locale tags for display: the stream locale, and the detected language when it says something new. */

export function sameLanguage(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return a.toLowerCase() === b.toLowerCase();
}

/** The detected language when it differs from the transcription locale, else null. */
export function differingLanguage(locale: string | null, detected: string | null): string | null {
  if (detected === null || sameLanguage(locale, detected)) return null;
  return detected;
}

const displayNames = (() => {
  try {
    return new Intl.DisplayNames(undefined, { type: 'language' });
  } catch {
    return null;
  }
})();

/** `es-ES` → `Spanish (Spain)` where the runtime knows it; the tag itself otherwise. */
export function languageName(tag: string): string {
  try {
    return displayNames?.of(tag) ?? tag;
  } catch {
    return tag;
  }
}
