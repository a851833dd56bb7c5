/** What the emulator's recogniser makes of a line: deterministic timing and results, and a believable wrong language. */
import { describe, expect, it } from 'vitest';
import { ticksToMs } from '../../../lib/acs/transcription-packets';
import { planUtterance, recognizeUtterance, type RecognitionSettings } from '../../../server/acs-emulator/recognition';

const SETTINGS: RecognitionSettings = { locale: 'en-US', candidateLocales: [], piiRedaction: false, sentimentAnalysis: false };
const LINE = 'Thanks for waiting, I have refunded the duplicate charge and you will see it within three business days.';

describe('recognition', () => {
  it('is deterministic for a seed and varies between seeds', () => {
    const a = recognizeUtterance(planUtterance(LINE, 'en-US', 1_000, 42), SETTINGS);
    const b = recognizeUtterance(planUtterance(LINE, 'en-US', 1_000, 42), SETTINGS);
    const c = recognizeUtterance(planUtterance(LINE, 'en-US', 1_000, 43), SETTINGS);
    expect(b).toEqual(expect.objectContaining({ text: a.text, words: a.words, confidence: a.confidence, duration: a.duration }));
    expect(c.words).not.toEqual(a.words);
  });

  it('speaks at about 150 words a minute over many lines, with word timing inside the utterance', () => {
    let words = 0;
    let ms = 0;
    for (let seed = 0; seed < 200; seed++) {
      const plan = planUtterance(LINE, 'en-US', 0, seed);
      const result = recognizeUtterance(plan, SETTINGS);
      words += result.words.length;
      ms += ticksToMs(result.duration);
      const last = result.words[result.words.length - 1];
      expect((last?.offset ?? 0) + (last?.duration ?? 0)).toBeLessThanOrEqual(result.offset + result.duration + 1);
    }
    const wordsPerMinute = words / (ms / 60_000);
    expect(wordsPerMinute).toBeGreaterThan(140);
    expect(wordsPerMinute).toBeLessThan(160);
  });

  it('recognises Spanish with an en-US model as a low-confidence, accent-less transcript, and correctly with language identification', () => {
    const plan = planUtterance('¿Me puede decir cuándo llegará el técnico, por favor?', 'es-ES', 0, 7);
    const wrong = recognizeUtterance(plan, SETTINGS);
    expect(wrong.correctLanguage).toBe(false);
    expect(wrong.confidence).toBeGreaterThanOrEqual(0.3);
    expect(wrong.confidence).toBeLessThanOrEqual(0.5);
    expect(wrong.text).toBe('me puede decir cuando llegara el tecnico por favor');
    expect(wrong.languageIdentified).toBeUndefined();

    const identified = recognizeUtterance(plan, { ...SETTINGS, candidateLocales: ['en-US', 'es-ES'] });
    expect(identified.languageIdentified).toBe('es-ES');
    expect(identified.correctLanguage).toBe(true);
    expect(identified.confidence).toBeGreaterThanOrEqual(0.8);
    expect(identified.text).toBe('¿Me puede decir cuándo llegará el técnico, por favor?');
  });

  it('renders Hindi heard by an en-US model in Latin letters', () => {
    const wrong = recognizeUtterance(planUtterance('नमस्ते राहुल जी, मेरा रिचार्ज नहीं हुआ।', 'hi-IN', 0, 3), SETTINGS);
    expect(wrong.text).toBe('namaste raahul jee meraa richaarj naheen huaa');
    expect(wrong.words).toHaveLength(7);
  });

  it('masks PII in the text, the words and every intermediate prefix', () => {
    const plan = planUtterance('My card number is 4111 1111 1111 1111, thanks.', 'en-US', 0, 5);
    const result = recognizeUtterance(plan, { ...SETTINGS, piiRedaction: true, sentimentAnalysis: true });
    expect(result.text).toBe('My card number is *******************, thanks.');
    expect(result.words.map((word) => word.text)).toEqual(['my', 'card', 'number', 'is', '****', '****', '****', '****', 'thanks']);
    for (let spoken = 1; spoken <= result.wordCount; spoken++) expect(result.partialText(spoken)).not.toMatch(/\d/);
    expect(result.sentiment).toBeDefined();
  });
});
