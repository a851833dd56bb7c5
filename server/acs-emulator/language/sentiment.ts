/**
 * Per-utterance sentiment, as ACS returns it in `sentimentAnalysisResult.sentiment`: the `sentiment` engine
 * (AFINN word weights) with our own word lists and negation rules registered per language.
 *
 * Labels:
 * - positive / negative: the summed word weights S, divided by the number of words, is above 0.05 / below -0.05
 *   (the threshold the local-AI notes measured; a single weak word in a 20-word request stays neutral).
 * - mixed: the utterance carries both clear praise and a clear complaint. Precisely: the positive
 *   contributions sum to at least 2 AND the negative ones to at most -2 (AFINN's "strong" words are ±2 and
 *   above, so one weak ±1 word never makes a line mixed), AND the weaker side is at least half the stronger.
 *   Why: a supervisor reading "the nurse was wonderful but billing is a nightmare" needs to see both halves;
 *   summing them to ~0 would call it neutral, and a 4-to-1 imbalance is really just positive or negative.
 * - score: tanh(S / 4), in -1..1, so one strong word (±3) gives about ±0.64 and the sign follows S.
 */
import Sentiment from 'sentiment';
import { foldApostrophes, languageOf } from './locale';
import { NEGATED_SERVICE_VERB_WEIGHT, rulesFor, type LanguageRules } from './sentiment-lexicons';

export type SentimentLabel = 'positive' | 'neutral' | 'negative' | 'mixed';

export interface SentimentResult {
  label: SentimentLabel;
  /** -1 (very negative) … 1 (very positive). */
  score: number;
}

const COMPARATIVE_THRESHOLD = 0.05;
const MIXED_SIDE_MINIMUM = 2;
const MIXED_BALANCE = 0.5;
/** Marks a clause boundary so a negator never reaches across a comma or full stop. */
const BARRIER = '|';

const engine = new Sentiment();
/** Engine language codes we registered. The engine's registry is process-global, hence the private prefix. */
const registered = new Map<string, string>();

function engineLanguage(language: string): string {
  const known = rulesFor(language) ? language : 'en';
  let code = registered.get(known);
  if (code === undefined) {
    const rules = rulesFor(known);
    if (!rules) throw new Error('English sentiment rules are always available');
    code = `earshot-${known}`;
    engine.registerLanguage(code, { labels: rules.labels, scoringStrategy: { apply: strategy(rules) } });
    registered.set(known, code);
  }
  return code;
}

function strategy(rules: LanguageRules): (tokens: string[], cursor: number, score: number) => number {
  return (tokens, cursor, score) => {
    const token = tokens[cursor] ?? '';
    // "I'd like to…" / "I would like…" is a request, not affection.
    if (token === 'like' && /^(would|i'd|we'd|you'd|he'd|she'd|they'd)$/.test(tokens[cursor - 1] ?? '')) return 0;
    const negated = isNegated(tokens, cursor, rules);
    if (rules.negatedOnly.has(token)) return negated ? Math.min(-score, NEGATED_SERVICE_VERB_WEIGHT) : score;
    return negated ? -score : score;
  };
}

function isNegated(tokens: string[], cursor: number, rules: LanguageRules): boolean {
  for (let i = cursor - 1; i >= 0 && i >= cursor - rules.windowBefore; i--) {
    const token = tokens[i] ?? BARRIER;
    if (token === BARRIER) break;
    if (rules.negators.has(token)) return true;
  }
  for (let i = cursor + 1; i < tokens.length && i <= cursor + rules.windowAfter; i++) {
    const token = tokens[i] ?? BARRIER;
    if (token === BARRIER) break;
    if (rules.negators.has(token)) return true;
  }
  return false;
}

/** The engine only strips ASCII punctuation; clause punctuation in any script becomes a barrier token. */
function prepare(text: string): string {
  return foldApostrophes(text)
    .replace(/[,.;:!?¿¡।॥…—–]+/g, ` ${BARRIER} `)
    .replace(/["“”«»]/g, ' ');
}

export function analyzeSentiment(text: string, locale: string): SentimentResult {
  const prepared = prepare(text);
  if (prepared.replace(/[\s|]/g, '') === '') return { label: 'neutral', score: 0 };
  const result = engine.analyze(prepared, { language: engineLanguage(languageOf(locale)) });
  let positive = 0;
  let negative = 0;
  for (const entry of result.calculation) {
    for (const weight of Object.values(entry)) {
      if (weight > 0) positive += weight;
      else negative -= weight;
    }
  }
  const total = positive - negative;
  const wordCount = result.tokens.filter((token) => token !== BARRIER && token !== '').length;
  const comparative = wordCount > 0 ? total / wordCount : 0;
  const score = Math.round(Math.tanh(total / 4) * 1000) / 1000;
  const balanced = Math.min(positive, negative) >= MIXED_BALANCE * Math.max(positive, negative);
  if (positive >= MIXED_SIDE_MINIMUM && negative >= MIXED_SIDE_MINIMUM && balanced) return { label: 'mixed', score };
  if (comparative > COMPARATIVE_THRESHOLD) return { label: 'positive', score };
  if (comparative < -COMPARATIVE_THRESHOLD) return { label: 'negative', score };
  return { label: 'neutral', score };
}
