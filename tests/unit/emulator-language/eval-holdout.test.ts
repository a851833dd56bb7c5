import { describe, it, expect } from 'vitest';
import { allEvalTexts, scenarioLines } from './eval-fixtures';

/**
 * The evaluation sets are the held-out measure of the emulator's language modules, so none of their
 * utterances may also be a line of a conversation scenario (which a developer could tune against).
 */
describe('evaluation sets are held out from the scenarios', () => {
  const normalise = (text: string): string => text.trim().toLowerCase();

  it('share no utterance with any scenario line', () => {
    const evalTexts = new Set(allEvalTexts().map(normalise));
    const lines = scenarioLines();
    console.log(`hold-out check: ${evalTexts.size} evaluation utterances against ${lines.length} scenario lines`);
    const clashes = lines.filter((line) => evalTexts.has(normalise(line.text))).map((line) => `${line.file}: ${line.text}`);
    expect(clashes).toEqual([]);
  });

  it('has no duplicate utterance within the evaluation sets', () => {
    const texts = allEvalTexts().map(normalise);
    const duplicates = texts.filter((text, index) => texts.indexOf(text) !== index);
    expect(duplicates).toEqual([]);
  });
});
