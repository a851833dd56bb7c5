import { describe, it, expect } from 'vitest';
import {
  findPii,
  maskPii,
  maskWords,
  passesLuhn,
  redactPii,
  type PiiEntity,
} from '../../../server/acs-emulator/language/pii-redaction';
import { loadPii } from './eval-fixtures';
import { scorePii, type PiiScore } from './eval-scoring';

/**
 * Metrics (tests/fixtures/eval/README.md), computed on redactPii's masked text (what ACS would send):
 * - Recall (entity level): an expected entity counts as recalled only if every non-space character of it
 *   is masked. Recall = recalled / expected entities.
 * - Precision (character level): of all non-space characters the redactor masked, the share that lie
 *   inside some expected entity. Over-long spans and false alarms both lower it.
 * Categories are not scored: a masked name is protected whatever it was called. The floors hold on the
 * held-out split alone; the development split is printed for information.
 * Measured on the held-out split when it was first run: recall 0.872 (34/39), precision 0.981 (557/568); the
 * development split scores 1.000 / 1.000, which is why it no longer counts. Misses: Spanish addresses with a
 * floor ("4º izquierda") or a "colonia", a name after "Atiende", a Hindi date and a Hindi address; over-masking:
 * "Dr." masked with the name, and a city (दिल्ली) taken for a name. The floors leave about two entities of slack.
 */
const RECALL_FLOOR = 0.82;
const PRECISION_FLOOR = 0.95;

const summaryOf = (score: PiiScore): string =>
  `recall ${score.recall.toFixed(3)} (${score.recalled}/${score.expected}), ` +
  `precision ${score.precision.toFixed(3)} (${score.maskedInsideExpected}/${score.maskedChars})`;

describe('PII evaluation', () => {
  const heldOut = loadPii('heldout');
  const dev = loadPii('dev');

  it('has a held-out set of at least 60 items in English, Spanish and Hindi, including sentences without PII', () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(60);
    expect(heldOut.filter((item) => item.entities.length === 0).length).toBeGreaterThanOrEqual(15);
    for (const language of ['en', 'es', 'hi']) expect(heldOut.some((item) => item.locale.startsWith(language))).toBe(true);
    for (const item of [...heldOut, ...dev]) for (const entity of item.entities) expect(item.text).toContain(entity.text);
  });

  it(`reaches recall ${RECALL_FLOOR} and precision ${PRECISION_FLOOR} on held-out items`, () => {
    const score = scorePii(heldOut);
    console.log(
      `PII held-out: ${summaryOf(score)}; dev (information only, seen while writing the recognisers): ${summaryOf(scorePii(dev))}`,
    );
    for (const line of score.report) console.log(line);
    expect(score.recall).toBeGreaterThanOrEqual(RECALL_FLOOR);
    expect(score.precision).toBeGreaterThanOrEqual(PRECISION_FLOOR);
  });
});

describe('redactPii', () => {
  it('reproduces the seed date-of-birth example exactly', () => {
    const result = redactPii('My date of birth is 9/18/1985.', 'en-US');
    expect(result.text).toBe('My date of birth is *********.');
    expect(result.entities).toEqual([{ category: 'DateTime', offset: 20, length: 9, text: '9/18/1985' }]);
  });

  it('masks spaces and punctuation inside a span and preserves length', () => {
    const text = 'Call me at 425-555-0199 or write to ana.lopez@example.org today.';
    const result = redactPii(text, 'en-US');
    expect(result.text).toBe('Call me at ************ or write to ********************* today.');
    expect(result.text.length).toBe(text.length);
  });

  it('preserves UTF-16 length around astral characters', () => {
    const text = '📞 My number is 206-555-0134 😀';
    const result = redactPii(text, 'en-US');
    expect(result.text.length).toBe(text.length);
    expect(result.text).toBe('📞 My number is ************ 😀');
  });

  it('uses the Luhn check to tell cards from other long numbers', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('1234567812345678')).toBe(false);
    expect(findPii('Card 4111 1111 1111 1111 please.', 'en-US').map((e) => e.category)).toEqual(['CreditCardNumber']);
    expect(findPii('Order 1234 5678 1234 5678 shipped.', 'en-US').filter((e) => e.category === 'CreditCardNumber')).toEqual([]);
  });

  it('reports a card once, never also as a phone number', () => {
    const entities = findPii('It is 5500 0000 0000 0004.', 'en-US');
    expect(entities).toHaveLength(1);
    expect(entities[0]?.category).toBe('CreditCardNumber');
  });

  it('does not mask relative dates or times', () => {
    expect(findPii('Can the engineer come Monday at three, or tomorrow morning?', 'en-US')).toEqual([]);
  });

  it('masks Spanish names after a cue and Spanish phones by locale', () => {
    const result = redactPii('Me llamo Ana Belén Torres y mi móvil es el 655 432 198.', 'es-ES');
    expect(result.text).toBe('Me llamo **************** y mi móvil es el ***********.');
  });

  it('masks Hindi names after a cue, whichever side of है they are on', () => {
    expect(redactPii('मेरा नाम है अनिल शर्मा।', 'hi-IN').text).toBe('मेरा नाम है **********।');
    expect(redactPii('नमस्ते, मैं प्रिया बोल रही हूँ।', 'hi-IN').text).toBe('नमस्ते, मैं ****** बोल रही हूँ।');
  });

  it('does not take organisations or honorifics for people', () => {
    expect(findPii('This is Contoso Bank, how can I help?', 'en-US')).toEqual([]);
    expect(findPii('El Corte Inglés me vendió la tele.', 'es-ES')).toEqual([]);
  });

  it('returns nothing for empty text', () => {
    expect(findPii('', 'en-US')).toEqual([]);
    expect(redactPii('   ', 'es-ES')).toEqual({ text: '   ', entities: [] });
  });
});

describe('maskPii', () => {
  const text = 'Jane Roe, 212-555-0143';
  const entities: PiiEntity[] = [
    { category: 'Person', offset: 0, length: 8, text: 'Jane Roe' },
    { category: 'PhoneNumber', offset: 10, length: 12, text: '212-555-0143' },
  ];

  it('masks overlapping and unsorted spans as their union', () => {
    const overlapping: PiiEntity[] = [
      { category: 'PhoneNumber', offset: 10, length: 12, text: '212-555-0143' },
      { category: 'Person', offset: 0, length: 4, text: 'Jane' },
      { category: 'Person', offset: 2, length: 6, text: 'ne Roe' },
    ];
    expect(maskPii(text, overlapping)).toBe('********, ************');
  });

  it('ignores spans outside the text', () => {
    expect(maskPii('abc', [{ category: 'Person', offset: 2, length: 10, text: 'c' }])).toBe('ab*');
  });

  it('supports maskWithEntityType with numbered tags', () => {
    expect(maskPii(text, entities, 'maskWithEntityType')).toBe('[PERSON_1], [PHONENUMBER_1]');
    const twoPeople = 'Ana called Luis, then Ana again.';
    const people: PiiEntity[] = [
      { category: 'Person', offset: 0, length: 3, text: 'Ana' },
      { category: 'Person', offset: 11, length: 4, text: 'Luis' },
      { category: 'Person', offset: 22, length: 3, text: 'Ana' },
    ];
    expect(maskPii(twoPeople, people, 'maskWithEntityType')).toBe('[PERSON_1] called [PERSON_2], then [PERSON_1] again.');
  });
});

describe('maskWords', () => {
  it('masks every word that falls in a masked span, keeping its length and other fields', () => {
    const original = 'My name is Rebecca Holloway, thanks.';
    const { text: masked } = redactPii(original, 'en-US');
    const words = original.split(' ').map((text, index) => ({ text: text.replace(/[,.]$/, ''), offset: index }));
    const result = maskWords(words, original, masked);
    expect(result.map((word) => word.text)).toEqual(['My', 'name', 'is', '*******', '********', 'thanks']);
    expect(result[3]?.offset).toBe(3);
  });

  it('fails closed for a word it cannot locate next to a masked span', () => {
    const original = 'Born on 9/18/1985 yes';
    const masked = maskPii(original, findPii(original, 'en-US'));
    const words = [{ text: 'Born' }, { text: 'on' }, { text: 'nine' }, { text: 'eighteen' }, { text: 'yes' }];
    expect(maskWords(words, original, masked).map((word) => word.text)).toEqual(['Born', 'on', '****', '********', 'yes']);
  });
});
