/**
 * When to suggest switching the transcription locale: the last few final lines were all identified as one
 * language, and it is not the locale the call is transcribed in. One line in another language is a quote or a
 * name; several in a row are a conversation that moved.
 */
import { selectRecentFinals, type CallViewState } from './call-state';
import { sameLanguage } from './format-language';
import { LocaleSchema, type FinalSegment } from './protocol';

/** How many final lines in a row must agree on another language. */
export const SUGGESTION_LINE_COUNT = 3;

/** `es-es` → `es-ES`: detected tags are compared case-insensitively but requested in the canonical form. */
export function canonicalLocale(tag: string): string | null {
  const match = /^([a-zA-Z]{2,3})-([a-zA-Z]{2})$/.exec(tag.trim());
  if (!match || match[1] === undefined || match[2] === undefined) return null;
  const locale = `${match[1].toLowerCase()}-${match[2].toUpperCase()}`;
  return LocaleSchema.safeParse(locale).success ? locale : null;
}

/**
 * The locale to suggest, or null. `recent` are the latest final lines, oldest first; only the last `count`
 * count, and there must be that many.
 */
export function suggestLanguage(recent: readonly Pick<FinalSegment, 'language'>[], locale: string | null, count = SUGGESTION_LINE_COUNT): string | null {
  if (locale === null || count < 1 || recent.length < count) return null;
  const window = recent.slice(recent.length - count);
  const first = window[0]?.language ?? null;
  if (first === null) return null;
  if (!window.every((line) => line.language !== null && sameLanguage(line.language, first))) return null;
  if (sameLanguage(first, locale)) return null;
  return canonicalLocale(first);
}

/** The suggestion for an open call: only lines heard since the locale last changed count. */
export function selectLanguageSuggestion(state: Pick<CallViewState, 'finals' | 'call' | 'localeSetAtSeq'>, count = SUGGESTION_LINE_COUNT): string | null {
  const call = state.call;
  if (call === null || call.state !== 'connected' || call.transcription !== 'active') return null;
  return suggestLanguage(selectRecentFinals(state, count, state.localeSetAtSeq), call.locale, count);
}
