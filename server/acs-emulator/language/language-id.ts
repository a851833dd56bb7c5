/**
 * Language identification among a call's candidate locales, as ACS reports it in `languageIdentified`.
 * Order of evidence, strongest first:
 * 1. Script: Devanagari text can only be the Devanagari candidate (likewise Han, Hangul, Arabic, …).
 * 2. Short replies (≤ 3 words): a hand-written list of common reply words per language.
 * 3. eld (n-gram detector) restricted to the candidates' languages, one cached instance per subset.
 * 4. Otherwise the current locale: like ACS, a short or unclear turn does not switch language.
 */
import { eld } from 'eld/medium';
import { languageOf } from './locale';
import { shortWordHits } from './language-short-words';

type Detector = ReturnType<typeof eld.newInstance>;

const SHORT_REPLY_MAX_WORDS = 3;

/** Writing system per language; languages not listed are written in Latin script. */
const SCRIPT_OF: Record<string, string> = {
  hi: 'Devanagari', mr: 'Devanagari', ne: 'Devanagari', zh: 'Han', ja: 'Japanese', ko: 'Hangul', ar: 'Arabic',
  fa: 'Arabic', ur: 'Arabic', ru: 'Cyrillic', uk: 'Cyrillic', bg: 'Cyrillic', el: 'Greek', he: 'Hebrew', th: 'Thai',
  ta: 'Tamil', te: 'Telugu', bn: 'Bengali', gu: 'Gujarati', pa: 'Gurmukhi', kn: 'Kannada', ml: 'Malayalam',
};

const SCRIPT_TESTS: [string, RegExp][] = [
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Japanese', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Han', /\p{Script=Han}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Tamil', /\p{Script=Tamil}/u],
  ['Telugu', /\p{Script=Telugu}/u],
  ['Bengali', /\p{Script=Bengali}/u],
  ['Gujarati', /\p{Script=Gujarati}/u],
  ['Gurmukhi', /\p{Script=Gurmukhi}/u],
  ['Kannada', /\p{Script=Kannada}/u],
  ['Malayalam', /\p{Script=Malayalam}/u],
  ['Latin', /\p{Script=Latin}/u],
];

function scriptOfLanguage(language: string): string {
  return SCRIPT_OF[language] ?? 'Latin';
}

/** The script most of the text's letters are written in, or undefined for text without letters. */
function dominantScript(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const char of text) {
    if (!/\p{L}|\p{M}/u.test(char)) continue;
    const script = SCRIPT_TESTS.find(([, test]) => test.test(char))?.[0] ?? 'Other';
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [script, count] of counts) if (count > bestCount) [best, bestCount] = [script, count];
  // Japanese text mixes kana and kanji; any kana makes it Japanese rather than Chinese.
  if (best === 'Han' && counts.has('Japanese')) return 'Japanese';
  return best;
}

const detectors = new Map<string, Detector>();

/** eld's subset is per instance; `newInstance()` keeps call A's candidates from leaking into call B. */
function detectorFor(languages: readonly string[]): Detector {
  const key = [...languages].sort().join(',');
  let detector = detectors.get(key);
  if (!detector) {
    detector = eld.newInstance();
    detector.setLanguageSubset([...languages]);
    detectors.set(key, detector);
  }
  return detector;
}

/** Back from a language to the caller's locale, preferring the current locale on a tie (en-US vs en-GB). */
function toLocale(language: string, candidates: readonly string[], currentLocale: string): string {
  if (languageOf(currentLocale) === language && candidates.includes(currentLocale)) return currentLocale;
  return candidates.find((candidate) => languageOf(candidate) === language) ?? currentLocale;
}

function words(text: string): string[] {
  return (text.toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}\p{M}\p{N}']+/gu) ?? []).map((word) => word.replace(/^'+|'+$/g, ''));
}

/**
 * The candidate locale `text` is spoken in. Always returns one of `candidateLocales` (or `currentLocale`
 * when there are none). Pure apart from the cached eld instances.
 */
export function identifyLanguage(text: string, candidateLocales: string[], currentLocale: string): string {
  if (candidateLocales.length === 0) return currentLocale;
  const fallback = candidateLocales.includes(currentLocale) ? currentLocale : (candidateLocales[0] ?? currentLocale);
  if (candidateLocales.length === 1) return fallback;
  const languages = [...new Set(candidateLocales.map(languageOf))];
  if (languages.length === 1) return fallback;

  const script = dominantScript(text);
  if (script === undefined) return fallback;
  const sameScript = languages.filter((language) => scriptOfLanguage(language) === script);
  if (sameScript.length === 0) return fallback;
  if (sameScript.length === 1) return toLocale(sameScript[0] ?? '', candidateLocales, fallback);

  const tokens = words(text);
  if (tokens.length <= SHORT_REPLY_MAX_WORDS) {
    const fromList = byShortWords(tokens, sameScript, languageOf(fallback));
    if (fromList) return toLocale(fromList, candidateLocales, fallback);
  }

  const result = detectorFor(sameScript).detect(text);
  if (result.language !== '' && sameScript.includes(result.language) && result.isReliable()) {
    return toLocale(result.language, candidateLocales, fallback);
  }
  return fallback;
}

/** The language that knows the most of these words, or undefined when none or a tie not involving `current`. */
function byShortWords(tokens: readonly string[], languages: readonly string[], current: string): string | undefined {
  const hits = shortWordHits(tokens, languages);
  const best = Math.max(0, ...hits.values());
  // Every word must be a known reply word, otherwise "Transfer me" would count as English on "me" alone.
  if (best === 0 || best < tokens.length) return undefined;
  const winners = [...hits].filter(([, count]) => count === best).map(([language]) => language);
  if (winners.length === 1) return winners[0];
  return winners.includes(current) ? current : undefined;
}
