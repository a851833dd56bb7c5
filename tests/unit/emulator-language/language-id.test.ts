import { describe, it, expect } from 'vitest';
import { identifyLanguage } from '../../../server/acs-emulator/language/language-id';
import { loadEval, LanguageIdEvalSchema, wordCount } from './eval-fixtures';

/**
 * Accuracy = utterances whose identified locale equals the label / utterances. The floor applies to
 * utterances of four words or more; shorter replies are reported separately without a floor, since even
 * ACS keeps the current locale on many of them.
 */
describe('language identification evaluation', () => {
  const items = loadEval('language-id.json', LanguageIdEvalSchema).items;
  const long = items.filter((item) => wordCount(item.text) >= 4);
  const short = items.filter((item) => wordCount(item.text) < 4);

  it('has a labelled set of at least 40 items whose labels are candidates', () => {
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(short.length).toBeGreaterThanOrEqual(10);
    for (const item of items) {
      expect(item.candidates).toContain(item.label);
      expect(item.candidates).toContain(item.currentLocale);
    }
  });

  it('reaches 0.95 accuracy on utterances of four words or more', () => {
    const score = (set: typeof items): { hits: number; misses: string[] } => {
      const misses: string[] = [];
      for (const item of set) {
        const got = identifyLanguage(item.text, item.candidates, item.currentLocale);
        if (got !== item.label) misses.push(`  miss: ${item.label} got ${got}: ${item.text}`);
      }
      return { hits: set.length - misses.length, misses };
    };
    const longScore = score(long);
    const shortScore = score(short);
    const accuracy = longScore.hits / long.length;
    console.log(
      `language-id accuracy ≥4 words: ${accuracy.toFixed(3)} (${longScore.hits}/${long.length}); ` +
        `<4 words (no floor): ${(shortScore.hits / short.length).toFixed(3)} (${shortScore.hits}/${short.length})`,
    );
    for (const miss of [...longScore.misses, ...shortScore.misses]) console.log(miss);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('is fast enough to run per utterance', () => {
    for (const item of items) identifyLanguage(item.text, item.candidates, item.currentLocale);
    const started = performance.now();
    for (let pass = 0; pass < 20; pass++) for (const item of items) identifyLanguage(item.text, item.candidates, item.currentLocale);
    const msPerUtterance = (performance.now() - started) / (20 * items.length);
    console.log(`language-id ms/utterance: ${msPerUtterance.toFixed(3)}`);
    expect(msPerUtterance).toBeLessThan(1);
  });
});

describe('identifyLanguage', () => {
  it('uses the script when only one candidate writes in it', () => {
    expect(identifyLanguage('ठीक है', ['en-IN', 'hi-IN'], 'en-IN')).toBe('hi-IN');
  });

  it('keeps the current locale for ambiguous or empty turns', () => {
    expect(identifyLanguage('No.', ['en-US', 'es-MX'], 'es-MX')).toBe('es-MX');
    expect(identifyLanguage('No.', ['en-US', 'es-MX'], 'en-US')).toBe('en-US');
    expect(identifyLanguage('', ['en-US', 'es-MX'], 'es-MX')).toBe('es-MX');
    expect(identifyLanguage('4 5 6 7', ['en-US', 'es-MX'], 'en-US')).toBe('en-US');
  });

  it('always answers with a candidate', () => {
    expect(identifyLanguage('Hola, ¿qué tal?', ['en-US', 'es-ES'], 'fr-FR')).toBe('es-ES');
    expect(identifyLanguage('hmm', ['en-US', 'es-ES'], 'fr-FR')).toBe('en-US');
    expect(identifyLanguage('anything', [], 'de-DE')).toBe('de-DE');
    expect(identifyLanguage('anything at all here', ['es-ES'], 'es-ES')).toBe('es-ES');
  });

  it('prefers the current locale among candidates sharing a language', () => {
    expect(identifyLanguage('I would like to check my balance please', ['en-US', 'en-GB', 'es-ES'], 'en-GB')).toBe('en-GB');
  });

  it('keeps different calls’ candidate lists apart', () => {
    expect(identifyLanguage('Necesito hablar con un supervisor ahora mismo', ['en-US', 'es-ES'], 'en-US')).toBe('es-ES');
    expect(identifyLanguage('Necesito hablar con un supervisor ahora mismo', ['en-US', 'pt-BR'], 'en-US')).not.toBe('es-ES');
    expect(identifyLanguage('Necesito hablar con un supervisor ahora mismo', ['en-US', 'es-MX'], 'en-US')).toBe('es-MX');
  });
});
