import { describe, it, expect } from 'vitest';
import {
  allSummaryTurnTexts,
  allUtteranceTexts,
  loadLanguageId,
  loadPii,
  loadSentiment,
  scenarioLines,
  type Split,
} from './eval-fixtures';

/**
 * The evaluation sets measure the emulator's language modules, so none of their utterances (development or
 * held-out, summary calls included) may also be a line of a conversation scenario, which a developer tunes
 * against; and a held-out item must not be a development item in disguise: not the same text, not the same
 * words in another order, and (for PII) not the same entity value in another sentence.
 */
describe('evaluation sets are held out', () => {
  const normalise = (text: string): string => text.trim().toLowerCase();
  const wordSet = (text: string): string =>
    [...new Set(text.toLowerCase().match(/[\p{L}\p{M}\p{N}']+/gu) ?? [])].sort().join(' ');

  it('share no utterance with any scenario line', () => {
    const evalTexts = new Set([...allUtteranceTexts(), ...allSummaryTurnTexts()].map(normalise));
    const lines = scenarioLines();
    console.log(`hold-out check: ${evalTexts.size} evaluation utterances against ${lines.length} scenario lines`);
    expect(lines.length).toBeGreaterThan(0);
    const clashes = lines.filter((line) => evalTexts.has(normalise(line.text))).map((line) => `${line.file}: ${line.text}`);
    expect(clashes).toEqual([]);
  });

  it('has no duplicate utterance within or across the evaluation sets', () => {
    const texts = allUtteranceTexts().map(normalise);
    const duplicates = texts.filter((text, index) => texts.indexOf(text) !== index);
    expect(duplicates).toEqual([]);
  });

  it('has no held-out utterance made of exactly the words of a development one', () => {
    const texts = (split: Split): string[] => [
      ...loadSentiment(split).map((item) => item.text),
      ...loadPii(split).map((item) => item.text),
      ...loadLanguageId(split).map((item) => item.text),
    ];
    const dev = new Set(texts('dev').map(wordSet));
    expect(texts('heldout').filter((text) => dev.has(wordSet(text)))).toEqual([]);
  });

  it('has no held-out PII entity whose value is also a development entity', () => {
    const devValues = new Set(loadPii('dev').flatMap((item) => item.entities.map((entity) => normalise(entity.text))));
    const reused = loadPii('heldout').flatMap((item) => item.entities.filter((entity) => devValues.has(normalise(entity.text))));
    expect(reused).toEqual([]);
  });
});
