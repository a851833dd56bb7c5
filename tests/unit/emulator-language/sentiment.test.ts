import { describe, it, expect } from 'vitest';
import { analyzeSentiment } from '../../../server/acs-emulator/language/sentiment';
import { loadSentiment, type SentimentItem } from './eval-fixtures';
import { formatAccuracy, scoreSentiment } from './eval-scoring';

/**
 * Accuracy = exact label matches / items, on the held-out split alone (items never seen while the lexicons and
 * rules were written). The main floor is over English and Spanish; Hindi (a thin machine-translated lexicon)
 * has its own. The development split is printed for information: it scores far higher (0.965), which is why it
 * no longer counts.
 * Measured on the held-out split when it was first run: en+es 0.677 (42/62; en 27/34, es 15/28), hi 0.667
 * (12/18). Each floor leaves about two items of slack: it guards against regressions, it is not a target.
 */
const HELD_OUT_FLOOR = 0.64;
const HINDI_FLOOR = 0.55;

const isHindi = (item: SentimentItem): boolean => item.locale.startsWith('hi');

describe('sentiment evaluation', () => {
  const heldOut = loadSentiment('heldout');
  const dev = loadSentiment('dev');

  it('has a held-out set of at least 60 items covering every label in each language', () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(60);
    for (const language of ['en', 'es', 'hi']) {
      const labels = new Set(heldOut.filter((item) => item.locale.startsWith(language)).map((item) => item.label));
      expect([...labels].sort()).toEqual(['mixed', 'negative', 'neutral', 'positive']);
    }
  });

  it(`reaches ${HELD_OUT_FLOOR} accuracy on held-out English and Spanish and ${HINDI_FLOOR} on held-out Hindi`, () => {
    const scored = scoreSentiment(heldOut.filter((item) => !isHindi(item)));
    const english = scoreSentiment(heldOut.filter((item) => item.locale.startsWith('en')));
    const spanish = scoreSentiment(heldOut.filter((item) => item.locale.startsWith('es')));
    const hindi = scoreSentiment(heldOut.filter(isHindi));
    const devScore = scoreSentiment(dev.filter((item) => !isHindi(item)));
    console.log(
      `sentiment held-out en+es: ${formatAccuracy(scored)} (en ${formatAccuracy(english)}, es ${formatAccuracy(spanish)}); ` +
        `held-out hi: ${formatAccuracy(hindi)}; dev en+es (information only, seen while writing the rules): ${formatAccuracy(devScore)}`,
    );
    for (const miss of [...scored.misses, ...hindi.misses]) console.log(miss);
    expect(scored.accuracy).toBeGreaterThanOrEqual(HELD_OUT_FLOOR);
    expect(hindi.accuracy).toBeGreaterThanOrEqual(HINDI_FLOOR);
  });
});

describe('analyzeSentiment', () => {
  it('flips Spanish polarity inside the negation window', () => {
    expect(analyzeSentiment('Estoy satisfecho con el servicio.', 'es-ES').label).toBe('positive');
    expect(analyzeSentiment('No estoy satisfecho con el servicio.', 'es-ES').label).toBe('negative');
    expect(analyzeSentiment('No está mal.', 'es-ES').label).toBe('positive');
  });

  it('does not let a negator reach across a comma', () => {
    expect(analyzeSentiment('No, el técnico fue muy amable.', 'es-ES').label).toBe('positive');
  });

  it('treats negated service verbs as complaints', () => {
    expect(analyzeSentiment('My phone is working now.', 'en-US').label).toBe('neutral');
    expect(analyzeSentiment("My phone still isn't working.", 'en-US').label).toBe('negative');
    expect(analyzeSentiment('El teléfono sigue sin funcionar.', 'es-ES').label).toBe('negative');
  });

  it('keeps call-centre requests neutral', () => {
    expect(analyzeSentiment("I'd like to pay my bill, please.", 'en-US').label).toBe('neutral');
    expect(analyzeSentiment('Necesito ayuda con mi factura, por favor.', 'es-ES').label).toBe('neutral');
  });

  it('labels praise plus complaint as mixed', () => {
    const result = analyzeSentiment('The staff were great but the wait was terrible.', 'en-US');
    expect(result.label).toBe('mixed');
  });

  it('returns a score in -1..1 whose sign follows the label', () => {
    const good = analyzeSentiment('Amazing, thank you so much!', 'en-US');
    const bad = analyzeSentiment('This is the worst service ever.', 'en-US');
    expect(good.score).toBeGreaterThan(0);
    expect(good.score).toBeLessThanOrEqual(1);
    expect(bad.score).toBeLessThan(0);
    expect(bad.score).toBeGreaterThanOrEqual(-1);
  });

  it('handles empty text and unknown locales', () => {
    expect(analyzeSentiment('', 'en-US')).toEqual({ label: 'neutral', score: 0 });
    expect(analyzeSentiment('  ... ', 'es-ES').label).toBe('neutral');
    expect(analyzeSentiment('Great, thanks!', 'fr-FR').label).toBe('positive');
  });
});
