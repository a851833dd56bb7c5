/**
 * Pattern recognisers for structured PII: e-mail, phone, payment card, US SSN, Spanish DNI, full dates and
 * street addresses. Hand-written because no npm package returns Azure-style character offsets for these
 * without heavy over-masking (see docs/local-ai-notes.md §b); phones are the exception and use
 * libphonenumber-js, which knows every country's numbering plan.
 */
import { findPhoneNumbersInText, isSupportedCountry } from 'libphonenumber-js';
import { entityAt, type PiiCategory, type PiiEntity } from './pii-types';

function collect(text: string, pattern: RegExp, category: PiiCategory, group = 0, accept?: (match: string) => boolean): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(pattern)) {
    const value = match[group];
    // Patterns with a capture group carry the `d` flag, which records where each group starts.
    const start = group === 0 ? match.index : match.indices?.[group]?.[0];
    if (value === undefined || start === undefined) continue;
    if (accept && !accept(value)) continue;
    found.push(entityAt(text, category, start, value.length));
  }
  return found;
}

// ---- E-mail ----

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

export function findEmails(text: string): PiiEntity[] {
  return collect(text, EMAIL, 'Email');
}

// ---- Phone ----

export function findPhones(text: string, region: string | undefined): PiiEntity[] {
  const defaultCountry = region && isSupportedCountry(region) ? region : 'US';
  return findPhoneNumbersInText(text, { defaultCountry }).map((found) =>
    entityAt(text, 'PhoneNumber', found.startsAt, found.endsAt - found.startsAt),
  );
}

// ---- Payment card ----

/** 13–19 digits, optionally grouped by spaces or hyphens. */
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;

/** The Luhn checksum every payment card carries; it rejects order numbers and "1234 5678 …". */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function findCards(text: string): PiiEntity[] {
  return collect(text, CARD, 'CreditCardNumber', 0, (value) => {
    const digits = value.replace(/\D/g, '');
    return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
  });
}

// ---- US Social Security number ----

/** The SSA never issues area 000, 666 or 900–999, group 00 or serial 0000. */
const SSN_DASHED = /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g;
/** Spaced or bare nine digits count only right after a cue, since they look like any other number. */
const SSN_CUED =
  /\b(?:social security(?: number)?|social|SSN|S\.S\.N\.?)(?: number)?(?: is| was|:)?\s+((?!000|666|9\d\d)\d{3}[ -]?(?!00)\d{2}[ -]?(?!0000)\d{4})\b/dgi;

export function findSsns(text: string): PiiEntity[] {
  return [...collect(text, SSN_DASHED, 'USSocialSecurityNumber'), ...collect(text, SSN_CUED, 'USSocialSecurityNumber', 1)];
}

// ---- Spanish DNI ----

const DNI = /\b(\d{8})[- ]?([A-HJ-NP-TV-Z])\b/g;
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function findSpanishDnis(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(DNI)) {
    const [whole, digits, letter] = match;
    // The control letter is the number mod 23: this rejects arbitrary 8-digit-plus-letter codes.
    if (digits && letter && DNI_LETTERS[Number(digits) % 23] === letter && match.index !== undefined) {
      found.push(entityAt(text, 'ESDNI', match.index, whole.length));
    }
  }
  return found;
}

// ---- Dates (DateTime) ----

const EN_MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)';
const ES_MONTH = '(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)';
const YEAR = '(?:19|20)\\d{2}';
const DAY = '(?:[12]\\d|3[01]|0?[1-9])';
const ORDINAL = '(?:st|nd|rd|th)?';
/** Speech-to-text often writes the day as a word: "the seventh of July, 1962". */
const SPOKEN_DAY =
  '(?:(?:twenty|thirty)[- ])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth';

/**
 * Only dates that carry a year are masked: "Monday" or "March 3" in a call is scheduling talk, not an
 * identifier, while a date with a year is usually a date of birth, an expiry or a filing date.
 */
const DATE_PATTERNS: RegExp[] = [
  new RegExp(`\\b${EN_MONTH}\\s+${DAY}${ORDINAL},?\\s+${YEAR}\\b`, 'gi'),
  new RegExp(`\\b(?:${DAY}${ORDINAL}|${SPOKEN_DAY})\\s+(?:of\\s+)?${EN_MONTH},?\\s+${YEAR}\\b`, 'gi'),
  new RegExp(`\\b${EN_MONTH}\\s+(?:the\\s+)?(?:${SPOKEN_DAY}),?\\s+${YEAR}\\b`, 'gi'),
  new RegExp(`\\b${DAY}\\s+de\\s+${ES_MONTH}\\s+(?:de|del)\\s+${YEAR}\\b`, 'gi'),
  new RegExp(`\\b${DAY}[/.-]${DAY}[/.-]${YEAR}\\b`, 'g'),
  new RegExp(`\\b${YEAR}-(?:0[1-9]|1[0-2])-${DAY}\\b`, 'g'),
];
/** Two-digit years ("9/18/85") are only trusted next to a birth cue. */
const DATE_SHORT_YEAR_AFTER_BIRTH_CUE =
  /\b(?:born(?: on)?|birth(?: is)?|DOB(?: is)?|nacimiento(?: es)?(?: el)?|nac[ií](?: el)?)\s*:?\s+((?:[12]\d|3[01]|0?[1-9])[/.-](?:[12]\d|3[01]|0?[1-9])[/.-]\d{2})\b/dgi;

export function findDates(text: string): PiiEntity[] {
  return [
    ...DATE_PATTERNS.flatMap((pattern) => collect(text, pattern, 'DateTime')),
    ...collect(text, DATE_SHORT_YEAR_AFTER_BIRTH_CUE, 'DateTime', 1),
  ];
}

// ---- Addresses ----

/** Builds `(?:[Ss]treet|…)`: suffixes match in either case while name words must stay capitalised. */
function eitherCase(words: string[]): string {
  return `(?:${words.map((word) => `[${word[0]?.toUpperCase()}${word[0]?.toLowerCase()}]${word.slice(1)}`).join('|')})`;
}

const US_SUFFIX = eitherCase([
  'street', 'st\\.?', 'avenue', 'ave\\.?', 'road', 'rd\\.?', 'boulevard', 'blvd\\.?', 'lane', 'ln\\.?', 'drive', 'dr\\.?',
  'way', 'court', 'ct\\.?', 'place', 'pl\\.?', 'terrace', 'circle', 'parkway', 'pkwy\\.?', 'highway', 'hwy\\.?', 'trail',
  'square', 'loop', 'crescent', 'close',
]);
const CAP_WORD = "[A-Z][\\p{L}'’-]*";
const UNIT = `(?:,?\\s+(?:${eitherCase(['apartment', 'apt\\.?', 'suite', 'unit', 'floor', 'flat'])}|#)\\s*[\\dA-Z][\\w-]*)`;
const CITY = `(?:,\\s*[A-Z][\\p{L}]+(?:\\s+[A-Z][\\p{L}]+){0,2})`;
const STATE_ZIP = `(?:,?\\s+[A-Z]{2}(?:\\s+\\d{5}(?:-\\d{4})?)?|\\s+\\d{5}(?:-\\d{4})?)`;
const US_ADDRESS = new RegExp(
  `\\b\\d{1,6}[A-Z]?\\s+(?:(?:${CAP_WORD}|\\d{1,3}(?:st|nd|rd|th))\\s+){1,3}${US_SUFFIX}\\b(?:\\s+(?:NW|NE|SW|SE|N|S|E|W)\\b)?${UNIT}?${CITY}?${STATE_ZIP}?`,
  'gu',
);

const ES_STREET = eitherCase(['calle', 'avenida', 'avda\\.?', 'av\\.?', 'paseo', 'plaza', 'carrera', 'camino', 'ronda', 'travesía', 'glorieta', 'carretera', 'colonia']);
const ES_NAME = "(?:\\s+(?:(?:de|del|la|las|los|el|y)\\s+)*[A-ZÁÉÍÓÚÑ][\\p{L}'-]*){1,4}";
const ES_NUMBER = '(?:,?\\s+(?:número|núm\\.?|nº|n\\.º|no\\.)?\\s*\\d{1,4}[A-Za-z]?(?:,?\\s+\\d{1,2}º?\\s*[A-Za-z]?\\b)?)';
const ES_ADDRESS = new RegExp(`\\b${ES_STREET}${ES_NAME}${ES_NUMBER}?${CITY}?`, 'gu');

const POSTAL_CUE =
  /\b(?:zip(?: code)?|postal code|post ?code|código postal|C\.P\.)(?: is| es| was|:)?(?: el)?\s+(\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/dgi;

export function findAddresses(text: string): PiiEntity[] {
  return [
    ...collect(text, US_ADDRESS, 'Address'),
    ...collect(text, ES_ADDRESS, 'Address'),
    ...collect(text, POSTAL_CUE, 'Address', 1),
  ];
}
