/**
 * PII detection and masking the way ACS applies Azure AI Language to transcripts (`piiRedactionOptions`).
 * The default policy, MaskWithCharacter, replaces every UTF-16 unit of an entity span with `*` (spaces,
 * hyphens, `@` and `.` inside the span included) so length and offsets never change:
 * "My date of birth is 9/18/1985." → "My date of birth is *********.".
 * Overlap resolution and masking are hand-written: no library returns Azure-shaped spans.
 */
import { languageOf, regionOf } from './locale';
import { findAddresses, findCards, findDates, findEmails, findPhones, findSpanishDnis, findSsns } from './pii-patterns';
import { findPeople } from './pii-person';
import type { PiiCategory, PiiEntity } from './pii-types';

export type { PiiCategory, PiiEntity } from './pii-types';
export { passesLuhn } from './pii-patterns';

export type PiiMaskStyle = 'maskWithCharacter' | 'maskWithEntityType';

const MASK_CHARACTER = '*';

/**
 * When two recognisers claim overlapping text, the more specific one wins: a checksum-validated number
 * (card, SSN, DNI) or an e-mail beats an address or a date, which beat a phone (libphonenumber accepts
 * many digit runs) and a name (the loosest recogniser). Within a rank the longer span wins.
 */
const PRIORITY: Record<PiiCategory, number> = {
  CreditCardNumber: 0,
  USSocialSecurityNumber: 0,
  ESDNI: 0,
  Email: 0,
  Address: 1,
  DateTime: 1,
  PhoneNumber: 2,
  Person: 3,
};

export function resolveOverlaps(candidates: PiiEntity[]): PiiEntity[] {
  const ranked = [...candidates].sort(
    (a, b) => PRIORITY[a.category] - PRIORITY[b.category] || b.length - a.length || a.offset - b.offset,
  );
  const kept: PiiEntity[] = [];
  for (const entity of ranked) {
    if (entity.length <= 0) continue;
    const end = entity.offset + entity.length;
    if (kept.some((other) => entity.offset < other.offset + other.length && other.offset < end)) continue;
    kept.push(entity);
  }
  return kept.sort((a, b) => a.offset - b.offset);
}

/** All PII entities in `text`, non-overlapping, in text order. */
export function findPii(text: string, locale: string): PiiEntity[] {
  if (text.trim() === '') return [];
  const language = languageOf(locale);
  return resolveOverlaps([
    ...findEmails(text),
    ...findCards(text),
    ...findSsns(text),
    ...findSpanishDnis(text),
    ...findDates(text),
    ...findAddresses(text),
    ...findPhones(text, regionOf(locale)),
    ...findPeople(text, language),
  ]);
}

/**
 * Applies a masking policy. Entities may overlap or be unsorted (e.g. merged from two sources):
 * `maskWithCharacter` masks their union; `maskWithEntityType` replaces each span with `[CATEGORY_n]`
 * (Azure's tag style, numbered per distinct value within a category) and skips a span that overlaps
 * one already replaced.
 */
export function maskPii(text: string, entities: readonly PiiEntity[], style: PiiMaskStyle = 'maskWithCharacter'): string {
  const spans = [...entities]
    .map((entity) => ({ ...entity, offset: Math.max(0, entity.offset), end: Math.min(text.length, entity.offset + entity.length) }))
    .filter((span) => span.end > span.offset)
    .sort((a, b) => a.offset - b.offset || b.end - a.end);
  if (style === 'maskWithCharacter') {
    const units = text.split('');
    for (const span of spans) units.fill(MASK_CHARACTER, span.offset, span.end);
    return units.join('');
  }
  const numbers = new Map<string, number>();
  const perCategory = new Map<PiiCategory, number>();
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.offset < cursor) continue;
    const key = `${span.category}\u0000${text.slice(span.offset, span.end).toLowerCase()}`;
    let n = numbers.get(key);
    if (n === undefined) {
      n = (perCategory.get(span.category) ?? 0) + 1;
      perCategory.set(span.category, n);
      numbers.set(key, n);
    }
    out += `${text.slice(cursor, span.offset)}[${span.category.toUpperCase()}_${n}]`;
    cursor = span.end;
  }
  return out + text.slice(cursor);
}

/** Finds and masks PII with MaskWithCharacter, the ACS default. */
export function redactPii(text: string, locale: string): { text: string; entities: PiiEntity[] } {
  const entities = findPii(text, locale);
  return { text: maskPii(text, entities, 'maskWithCharacter'), entities };
}

/**
 * Masks an utterance's `words[]` consistently with its masked display text, so a word list never leaks
 * what the text hides. Each word is located in `originalText` (in order, case-insensitively); if any of
 * its characters differ in `maskedText` (the MaskWithCharacter output for the same text), the whole word
 * becomes `*` of the same length. A word that cannot be located (e.g. a lexical form such as "nineteen"
 * for "19") fails closed: it is masked if anything between its located neighbours was masked.
 * Other fields of each word (offset, duration) are kept.
 */
export function maskWords<W extends { text: string }>(words: readonly W[], originalText: string, maskedText: string): W[] {
  const spans: ({ start: number; end: number } | undefined)[] = [];
  let cursor = 0;
  for (const word of words) {
    const at = word.text === '' ? -1 : findWord(originalText, word.text, cursor);
    spans.push(at >= 0 ? { start: at, end: at + word.text.length } : undefined);
    if (at >= 0) cursor = at + word.text.length;
  }
  const maskedBetween = (from: number, to: number): boolean => {
    for (let i = from; i < to; i++) if (maskedText[i] !== originalText[i]) return true;
    return false;
  };
  return words.map((word, index) => {
    const span = spans[index];
    let masked: boolean;
    if (span) {
      masked = maskedBetween(span.start, span.end);
    } else {
      const from = spans.slice(0, index).findLast((s) => s !== undefined)?.end ?? 0;
      const to = spans.slice(index + 1).find((s) => s !== undefined)?.start ?? originalText.length;
      masked = word.text !== '' && maskedBetween(from, to);
    }
    return masked ? { ...word, text: MASK_CHARACTER.repeat(word.text.length) } : word;
  });
}

/** Next case-insensitive occurrence of `word` at or after `from` that starts a token (not mid-word). */
function findWord(text: string, word: string, from: number): number {
  const lower = word.toLowerCase();
  for (let i = from; i + word.length <= text.length; i++) {
    if (i > 0 && /[\p{L}\p{N}]/u.test(text[i - 1] ?? '') && i !== from) continue;
    if (text.slice(i, i + word.length).toLowerCase() === lower) return i;
  }
  return -1;
}
