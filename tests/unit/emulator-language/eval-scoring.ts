/**
 * How each language feature is scored on its evaluation items (metrics described in
 * tests/fixtures/eval/README.md). Shared by the tests, which hold floors on the held-out split and print the
 * development split, and by the language-features benchmark, which runs the same calls.
 */
import { analyzeSentiment } from '../../../server/acs-emulator/language/sentiment';
import { findPii, redactPii } from '../../../server/acs-emulator/language/pii-redaction';
import { identifyLanguage } from '../../../server/acs-emulator/language/language-id';
import { formatSummary, summarizeConversation, type SummaryTurn } from '../../../server/acs-emulator/language/summarizer';
import { wordCount, type LanguageIdItem, type PiiItem, type SentimentItem, type SummaryItem } from './eval-fixtures';

export interface Accuracy {
  hits: number;
  total: number;
  /** hits / total; 1 for an empty set so a missing subset never looks like a failure. */
  accuracy: number;
  misses: string[];
}

function accuracyOf(total: number, misses: string[]): Accuracy {
  const hits = total - misses.length;
  return { hits, total, accuracy: total === 0 ? 1 : hits / total, misses };
}

export function formatAccuracy(score: Accuracy): string {
  return `${score.accuracy.toFixed(3)} (${score.hits}/${score.total})`;
}

// ---- Sentiment ----

export function scoreSentiment(items: readonly SentimentItem[]): Accuracy {
  const misses: string[] = [];
  for (const item of items) {
    const got = analyzeSentiment(item.text, item.locale).label;
    if (got !== item.label) misses.push(`  miss [${item.locale}] ${item.label} got ${got}: ${item.text}`);
  }
  return accuracyOf(items.length, misses);
}

// ---- Language identification ----

export function scoreLanguageId(items: readonly LanguageIdItem[]): Accuracy {
  const misses: string[] = [];
  for (const item of items) {
    const got = identifyLanguage(item.text, item.candidates, item.currentLocale);
    if (got !== item.label) misses.push(`  miss ${item.label} got ${got} (current ${item.currentLocale}): ${item.text}`);
  }
  return accuracyOf(items.length, misses);
}

// ---- PII ----

export interface PiiScore {
  expected: number;
  recalled: number;
  /** Entity level: an expected entity counts only if every non-space character of it is masked. */
  recall: number;
  maskedChars: number;
  maskedInsideExpected: number;
  /** Character level: of all masked non-space characters, the share inside some expected entity. */
  precision: number;
  report: string[];
}

const isSpace = (ch: string): boolean => /\s/u.test(ch);

export function scorePii(items: readonly PiiItem[]): PiiScore {
  let expected = 0;
  let recalled = 0;
  let maskedChars = 0;
  let maskedInsideExpected = 0;
  const report: string[] = [];
  for (const item of items) {
    const masked = redactPii(item.text, item.locale).text;
    if (masked.length !== item.text.length) throw new Error(`masking changed the length of: ${item.text}`);
    const inside = new Array<boolean>(item.text.length).fill(false);
    for (const entity of item.entities) {
      const start = item.text.indexOf(entity.text);
      if (start < 0) throw new Error(`entity "${entity.text}" is not in: ${item.text}`);
      inside.fill(true, start, start + entity.text.length);
      expected++;
      let hit = true;
      for (let i = start; i < start + entity.text.length; i++) {
        if (!isSpace(item.text[i] ?? '') && masked[i] !== '*') hit = false;
      }
      if (hit) recalled++;
      else report.push(`  missed [${item.locale}] ${entity.category} "${entity.text}" → ${masked}`);
    }
    let extra = false;
    for (let i = 0; i < item.text.length; i++) {
      if (masked[i] !== '*' || isSpace(item.text[i] ?? '') || item.text[i] === '*') continue;
      maskedChars++;
      if (inside[i]) maskedInsideExpected++;
      else extra = true;
    }
    if (extra) report.push(`  over-masked [${item.locale}]: ${masked}`);
  }
  return {
    expected,
    recalled,
    recall: expected === 0 ? 1 : recalled / expected,
    maskedChars,
    maskedInsideExpected,
    precision: maskedChars === 0 ? 1 : maskedInsideExpected / maskedChars,
    report,
  };
}

// ---- Summaries ----

const SPEAKER_LABELS = { agent: 'Agent', customer: 'Customer' } as const;

/**
 * The turns as the emulator hands them to the summarizer with PII redaction on: text masked by redactPii,
 * sentiment from the clear text (computed before masking, as the service does), speakers labelled by role.
 */
export function emulatorTurns(item: SummaryItem): SummaryTurn[] {
  return item.turns.map((turn) => ({
    speakerLabel: SPEAKER_LABELS[turn.role],
    role: turn.role,
    text: redactPii(turn.text, item.locale).text,
    sentiment: analyzeSentiment(turn.text, item.locale).label,
  }));
}

/** The plain-text summary the emulator would send in `transcriptionMessage`. */
export function summarizeAsEmulator(item: SummaryItem): string {
  return formatSummary(summarizeConversation(emulatorTurns(item), item.locale));
}

function normalise(text: string): string {
  return text.normalize('NFC').replace(/[\u2018\u2019\u02BC]/g, "'").toLowerCase();
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A keyword (`|`-separated alternatives) occurs when one alternative starts a word of the summary. */
export function keywordOccurs(summary: string, keyword: string): boolean {
  const text = normalise(summary);
  return keyword
    .split('|')
    .map((alternative) => normalise(alternative.trim()))
    .some((alternative) => alternative !== '' && new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(alternative)}`, 'u').test(text));
}

export function factCovered(summary: string, fact: SummaryItem['facts'][number]): boolean {
  const found = fact.keywords.filter((keyword) => keywordOccurs(summary, keyword)).length;
  return found >= (fact.need ?? fact.keywords.length);
}

/** Whole-word, case-sensitive: is this piece of personal data readable in the summary? */
export function shownInClear(summary: string, pii: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(pii)}(?![\\p{L}\\p{N}])`, 'u').test(summary);
}

export interface SummaryScore {
  facts: number;
  covered: number;
  /** covered / facts, over every fact of every item. */
  factRecall: number;
  perItem: { id: string; covered: number; facts: number; summaryWords: number; transcriptWords: number }[];
  missedFacts: string[];
  /** Text the redactor masked in a turn that the summary shows in clear: must stay empty. */
  maskedLeaks: string[];
  /** Labelled personal data shown in clear because the redactor never masked it (a PII recall miss). */
  unmaskedPii: string[];
}

export function scoreSummaries(items: readonly SummaryItem[]): SummaryScore {
  let facts = 0;
  let covered = 0;
  const perItem: SummaryScore['perItem'] = [];
  const missedFacts: string[] = [];
  const maskedLeaks: string[] = [];
  const unmaskedPii: string[] = [];
  for (const item of items) {
    const summary = summarizeAsEmulator(item);
    let itemCovered = 0;
    for (const fact of item.facts) {
      if (factCovered(summary, fact)) itemCovered++;
      else missedFacts.push(`  missed [${item.id}] ${fact.fact} (${fact.keywords.join(' + ')})`);
    }
    facts += item.facts.length;
    covered += itemCovered;
    for (const turn of item.turns) {
      for (const entity of findPii(turn.text, item.locale)) {
        if (shownInClear(summary, entity.text)) maskedLeaks.push(`  leak [${item.id}] ${entity.category} "${entity.text}"`);
      }
    }
    for (const pii of item.pii) {
      if (shownInClear(summary, pii)) unmaskedPii.push(`  in clear [${item.id}] "${pii}"`);
    }
    perItem.push({
      id: item.id,
      covered: itemCovered,
      facts: item.facts.length,
      summaryWords: wordCount(summary),
      transcriptWords: item.turns.reduce((sum, turn) => sum + wordCount(turn.text), 0),
    });
  }
  return { facts, covered, factRecall: facts === 0 ? 1 : covered / facts, perItem, missedFacts, maskedLeaks, unmaskedPii };
}

/**
 * One very long call: the turns of every item in `locale`'s language in a row, to show that the summary does
 * not grow with the call.
 */
export function longCall(items: readonly SummaryItem[], locale: string): SummaryItem {
  const language = (locale: string): string => locale.split('-')[0] ?? '';
  return {
    id: 'long-call',
    locale,
    turns: items.filter((item) => language(item.locale) === language(locale)).flatMap((item) => item.turns),
    facts: [{ fact: 'unused', keywords: ['unused'] }],
    pii: [],
  };
}
