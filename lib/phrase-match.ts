/**
 * Phrase matching for alert rules, shared by the server's rule engine and the browser's rules editor: case- and
 * accent-insensitive, on whole words of any script. Text is normalised once per line and split into words; a phrase
 * matches when its words appear in a row. Word characters are letters, marks and digits of every script (not `\b`,
 * which only knows ASCII), so Devanagari, Cyrillic or accented Latin words have real boundaries too.
 */

/**
 * Combining diacritics that NFKD splits off Latin, Greek and Cyrillic letters (é → e + U+0301). Only these are
 * removed: the vowel signs and viramas of Indic scripts are combining marks too, but they are part of the word
 * (काम "work" and कम "less" differ only by one), so removing every \p{M} would make different words equal.
 */
const DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

const NOT_ASCII = /[^\x00-\x7f]/;
const ASCII_WORD = /[a-z0-9]+/g;

/** Lower case, compatibility-decomposed, Latin accents removed: "Cancelación" and "CANCELACION" read the same. */
export function normalizeForMatch(text: string): string {
  const lower = text.toLowerCase();
  // Most lines are plain ASCII, which NFKD leaves as it is: skip the Unicode work (matching runs on every final).
  return NOT_ASCII.test(lower) ? lower.normalize('NFKD').replace(DIACRITICS, '') : lower;
}

/** The words of a text, normalised; punctuation, spaces and PII masks (`***`) separate them. */
export function matchWords(text: string): string[] {
  const normalized = normalizeForMatch(text);
  return (NOT_ASCII.test(normalized) ? normalized.match(WORD) : normalized.match(ASCII_WORD)) ?? [];
}

interface IndexedPhrase<T> {
  words: string[];
  phrase: string;
  owner: T;
}

/**
 * Many phrases (of many rules) compiled once: indexed by their first word, so matching a line costs one map look-up
 * per word of the line, whatever the number of phrases.
 */
export class PhraseIndex<T> {
  private readonly byFirstWord = new Map<string, IndexedPhrase<T>[]>();
  readonly size: number;

  constructor(entries: Iterable<{ phrase: string; owner: T }>) {
    let size = 0;
    for (const { phrase, owner } of entries) {
      const words = matchWords(phrase);
      const first = words[0];
      if (first === undefined) continue;
      const list = this.byFirstWord.get(first);
      const entry = { words, phrase, owner };
      if (list) list.push(entry);
      else this.byFirstWord.set(first, [entry]);
      size += 1;
    }
    this.size = size;
  }

  /** The first phrase found per owner, in the order of the line's words. */
  match(words: readonly string[]): Map<T, string> {
    const found = new Map<T, string>();
    for (let index = 0; index < words.length; index += 1) {
      const candidates = this.byFirstWord.get(words[index] as string);
      if (candidates === undefined) continue;
      for (const candidate of candidates) {
        if (found.has(candidate.owner)) continue;
        if (followsAt(words, index, candidate.words)) found.set(candidate.owner, candidate.phrase);
      }
    }
    return found;
  }
}

function followsAt(words: readonly string[], start: number, phrase: readonly string[]): boolean {
  if (start + phrase.length > words.length) return false;
  for (let offset = 1; offset < phrase.length; offset += 1) if (words[start + offset] !== phrase[offset]) return false;
  return true;
}

/** One phrase against one text (the editor's preview; the server matches many phrases at once with PhraseIndex). */
export function containsPhrase(text: string, phrase: string): boolean {
  return new PhraseIndex([{ phrase, owner: 0 }]).match(matchWords(text)).size > 0;
}
