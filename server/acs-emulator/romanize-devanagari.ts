/**
 * A rough Latin rendering of Devanagari, for one purpose: showing Hindi speech as an English (or other Latin-script)
 * recogniser would mis-transcribe it, phonetically in Latin letters ("namaste raahul jee"), instead of in a script
 * that recogniser cannot produce. It is deliberately simple (no conjunct rules beyond the virama, word-final schwa
 * dropped as Hindi speakers do): a plausible wrong transcript, not a transliteration standard.
 */

const INDEPENDENT_VOWELS: Record<string, string> = {
  'अ': 'a', 'आ': 'aa', 'इ': 'i', 'ई': 'ee', 'उ': 'u', 'ऊ': 'oo', 'ऋ': 'ri', 'ए': 'e', 'ऐ': 'ai', 'ओ': 'o', 'औ': 'au', 'ऑ': 'o',
};

const CONSONANTS: Record<string, string> = {
  'क': 'k', 'ख': 'kh', 'ग': 'g', 'घ': 'gh', 'ङ': 'n', 'च': 'ch', 'छ': 'chh', 'ज': 'j', 'झ': 'jh', 'ञ': 'n',
  'ट': 't', 'ठ': 'th', 'ड': 'd', 'ढ': 'dh', 'ण': 'n', 'त': 't', 'थ': 'th', 'द': 'd', 'ध': 'dh', 'न': 'n',
  'प': 'p', 'फ': 'ph', 'ब': 'b', 'भ': 'bh', 'म': 'm', 'य': 'y', 'र': 'r', 'ल': 'l', 'व': 'v', 'श': 'sh',
  'ष': 'sh', 'स': 's', 'ह': 'h', 'ळ': 'l', 'क़': 'q', 'ख़': 'kh', 'ग़': 'gh', 'ज़': 'z', 'ड़': 'r', 'ढ़': 'rh', 'फ़': 'f',
};

const VOWEL_SIGNS: Record<string, string> = {
  'ा': 'aa', 'ि': 'i', 'ी': 'ee', 'ु': 'u', 'ू': 'oo', 'ृ': 'ri', 'े': 'e', 'ै': 'ai', 'ो': 'o', 'ौ': 'au', 'ॅ': 'e', 'ॉ': 'o',
};

const VIRAMA = '्';
const NUKTA = '़';
const NASALS: Record<string, string> = { 'ं': 'n', 'ँ': 'n', 'ः': 'h' };

export function containsDevanagari(text: string): boolean {
  return /[\u0900-\u097F]/u.test(text);
}

export function romanizeDevanagari(text: string): string {
  // NFC folds consonant + nukta into the precomposed letters the table knows, where Unicode has them.
  const chars = [...text.normalize('NFC')];
  let out = '';
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] ?? '';
    const consonant = CONSONANTS[char];
    if (consonant !== undefined) {
      let next = chars[index + 1];
      if (next === NUKTA) {
        index += 1;
        next = chars[index + 1];
      }
      out += consonant;
      if (next !== undefined && VOWEL_SIGNS[next] !== undefined) {
        out += VOWEL_SIGNS[next];
        index += 1;
      } else if (next === VIRAMA) {
        index += 1;
      } else if (next !== undefined && /[\u0900-\u097F]/u.test(next) && NASALS[next] === undefined) {
        // An inherent "a" between letters; dropped at the end of a word, as spoken Hindi drops it.
        out += 'a';
      } else if (next !== undefined && NASALS[next] !== undefined) {
        out += 'a';
      }
      continue;
    }
    const vowel = INDEPENDENT_VOWELS[char] ?? VOWEL_SIGNS[char] ?? NASALS[char];
    if (vowel !== undefined) {
      out += vowel;
      continue;
    }
    const digit = char.codePointAt(0) ?? 0;
    if (digit >= 0x0966 && digit <= 0x096f) {
      out += String(digit - 0x0966);
      continue;
    }
    if (char === '।' || char === '॥' || char === NUKTA || char === VIRAMA) continue;
    out += char;
  }
  return out;
}
