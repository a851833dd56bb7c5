/**
 * Turns a scenario line into what ACS's speech pipeline would produce for it, given how transcription is set up:
 * word timing at a natural speaking rate, the recognised text (correct, or a wrong-language mis-recognition),
 * confidence, language identification, sentiment and PII masking. Everything is deterministic for a given seed,
 * so tests can assert on it.
 *
 * Timing is planned from the line alone (people speak at their pace whatever the recogniser does); recognition is
 * decided when the utterance starts, from the settings in force at that moment. That is what makes
 * `updateTranscription` take effect "from the next utterance on".
 */
import { msToTicks } from '../../lib/acs/transcription-packets';
import { analyzeSentiment, identifyLanguage, maskWords, redactPii } from './language/index';
import { containsDevanagari, romanizeDevanagari } from './romanize-devanagari';
import { languageOfLocale } from './supported-locales';

/** Average speaking rate, words per minute. */
export const WORDS_PER_MINUTE = 150;
const MS_PER_WORD = 60_000 / WORDS_PER_MINUTE;

export interface PlannedToken {
  /** The token as written in the scenario (display form, punctuation attached). */
  display: string;
  /** UTF-16 offset of the token in the line's text. */
  start: number;
  /** False for tokens with no letter or digit (a lone dash): they take no time and are not words. */
  spoken: boolean;
  offsetMs: number;
  durationMs: number;
}

export interface UtterancePlan {
  text: string;
  /** The locale the line is actually spoken in. */
  spokenLocale: string;
  startMs: number;
  durationMs: number;
  tokens: PlannedToken[];
  /** Seed for everything random about this utterance. */
  seed: number;
}

export interface RecognitionSettings {
  /** The transcription locale in force. */
  locale: string;
  /** Candidate locales for language identification; empty when it is off. */
  candidateLocales: readonly string[];
  piiRedaction: boolean;
  sentimentAnalysis: boolean;
}

export interface RecognizedWord {
  text: string;
  offset: number;
  duration: number;
}

export interface RecognizedUtterance {
  /** The locale the recogniser used for this utterance. */
  locale: string;
  /** Present only when language identification is on. */
  languageIdentified: string | undefined;
  /** Whether the recogniser's language matched the spoken one. */
  correctLanguage: boolean;
  /** Final display text, masked when PII redaction is on. */
  text: string;
  words: RecognizedWord[];
  confidence: number;
  sentiment: 'positive' | 'neutral' | 'negative' | 'mixed' | undefined;
  offset: number;
  duration: number;
  /** Number of PII entities masked (a count only: the entities themselves are never kept). */
  piiEntityCount: number;
  /** The display text of the first `spokenWords` words, as an intermediate result would show it. */
  partialText(spokenWords: number): string;
  /** How many spoken words the utterance has. */
  wordCount: number;
}

/** 32-bit FNV-1a, to derive stable seeds from strings. */
export function hashSeed(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u241f')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: tiny, fast, good enough for jitter, and reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SPOKEN = /[\p{L}\p{N}]/u;

/**
 * Word timing for one line: about 150 words a minute overall, each speaker turn 12% faster or slower than that, and
 * within it longer words take longer (digits are read out one by one, so they count as long) with short gaps.
 */
export function planUtterance(text: string, spokenLocale: string, startMs: number, seed: number): UtterancePlan {
  const random = seededRandom(seed);
  const pieces: { display: string; start: number; spoken: boolean; weight: number }[] = [];
  for (const match of text.matchAll(/\S+/gu)) {
    const display = match[0];
    const spoken = SPOKEN.test(display);
    const letters = [...display].filter((char) => SPOKEN.test(char)).length;
    const digits = [...display].filter((char) => /\p{N}/u.test(char)).length;
    pieces.push({ display, start: match.index, spoken, weight: spoken ? 0.6 + 0.1 * letters + 0.35 * digits : 0 });
  }
  const spokenCount = pieces.filter((piece) => piece.spoken).length;
  const rate = 0.88 + 0.24 * random();
  const totalMs = Math.max(MS_PER_WORD, spokenCount * MS_PER_WORD * rate);
  const totalWeight = pieces.reduce((sum, piece) => sum + piece.weight, 0) || 1;
  // About 15% of speaking time is the small silence between words.
  const gapShare = 0.15;
  const tokens: PlannedToken[] = [];
  let cursor = startMs;
  for (const piece of pieces) {
    if (!piece.spoken) {
      tokens.push({ display: piece.display, start: piece.start, spoken: false, offsetMs: cursor, durationMs: 0 });
      continue;
    }
    const slot = (totalMs * piece.weight) / totalWeight;
    const gap = slot * gapShare * (0.5 + random());
    const durationMs = Math.max(60, slot - gap);
    tokens.push({ display: piece.display, start: piece.start, spoken: true, offsetMs: cursor + gap, durationMs });
    cursor += gap + durationMs;
  }
  return { text, spokenLocale, startMs, durationMs: cursor - startMs, tokens, seed };
}

/** The lexical form ACS puts in `words[]`: lower case, no surrounding punctuation ("Testing," → "testing"). */
export function lexicalForm(token: string, locale: string): string {
  return token.toLocaleLowerCase(locale).replace(/^[^\p{L}\p{N}*]+|[^\p{L}\p{N}*]+$/gu, '');
}

/**
 * What an acoustic model for the wrong language makes of speech: it still segments words, but it cannot produce the
 * other language's accents, inverted punctuation, casing or script (Hindi comes out as Latin letters from a Latin-
 * script model), and it is unsure of itself. The word count is kept, so the timing plan still lines up.
 */
function misrecognize(token: string, recognizerLocale: string): string {
  const latinModel = !['hi'].includes(languageOfLocale(recognizerLocale));
  const sounded = latinModel && containsDevanagari(token) ? romanizeDevanagari(token) : token;
  return sounded
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s]/gu, '');
}

export function recognizeUtterance(plan: UtterancePlan, settings: RecognitionSettings): RecognizedUtterance {
  const random = seededRandom(hashSeed(plan.seed, settings.locale, settings.candidateLocales.join(',')));
  const identification = settings.candidateLocales.length > 0;
  const languageIdentified = identification ? identifyLanguage(plan.text, [...settings.candidateLocales], settings.locale) : undefined;
  const locale = languageIdentified ?? settings.locale;
  const correctLanguage = languageOfLocale(locale) === languageOfLocale(plan.spokenLocale);

  // Recognise token by token so every display token keeps its slot in the timing plan.
  const recognisedTokens = plan.tokens.map((token) => ({
    ...token,
    display: correctLanguage ? token.display : misrecognize(token.display, locale),
  }));
  const kept = recognisedTokens.filter((token) => token.display !== '');
  const plainText = kept.map((token) => token.display).join(' ');

  // Sentiment is computed on what was recognised, before masking, like the service does.
  const sentiment = settings.sentimentAnalysis && plainText !== '' ? analyzeSentiment(plainText, locale).label : undefined;

  let displayText = plainText;
  let piiEntityCount = 0;
  if (settings.piiRedaction && plainText !== '') {
    const redacted = redactPii(plainText, locale);
    displayText = redacted.text;
    piiEntityCount = redacted.entities.length;
  }

  // Token spans in the joined text: masking keeps length, so the same spans index the masked text.
  const spans: { start: number; end: number; token: (typeof kept)[number] }[] = [];
  let position = 0;
  for (const token of kept) {
    spans.push({ start: position, end: position + token.display.length, token });
    position += token.display.length + 1;
  }

  const plainWords = spans
    .filter((span) => span.token.spoken && lexicalForm(span.token.display, locale) !== '')
    .map((span) => ({
      text: lexicalForm(span.token.display, locale),
      offset: msToTicks(span.token.offsetMs),
      duration: msToTicks(span.token.durationMs),
    }));
  const words = settings.piiRedaction ? maskWords(plainWords, plainText, displayText) : plainWords;

  const confidence = correctLanguage ? 0.8 + 0.17 * random() : 0.3 + 0.2 * random();
  const spokenSpans = spans.filter((span) => span.token.spoken);

  return {
    locale,
    languageIdentified,
    correctLanguage,
    text: displayText,
    words,
    confidence: Math.round(confidence * 10_000) / 10_000,
    sentiment,
    offset: msToTicks(plan.startMs),
    duration: msToTicks(plan.durationMs),
    piiEntityCount,
    wordCount: spokenSpans.length,
    partialText(spokenWords: number): string {
      const last = spokenSpans[Math.min(spokenWords, spokenSpans.length) - 1];
      if (!last) return '';
      // Intermediate hypotheses carry no final punctuation yet.
      return displayText.slice(0, last.end).replace(/[.!?¿¡,;:।…]+$/u, '');
    },
  };
}
