/**
 * Call summaries for the emulator's `transcriptionUpdate.transcriptionMessage`: a recap, decisions, action
 * items with owners, and key points. Extractive, hand-written: no npm package ships an abstractive model
 * that runs offline (docs/local-ai-notes.md §d), so every line quotes or lightly trims what was said:
 * - action items and decisions come from cue phrases (summary-cues.ts), owners from who spoke;
 * - key points are the top TextRank sentences, in call order;
 * - the recap is a template filled with the customer's reason for calling, the agent's most central
 *   sentence, the outcome, next steps and the customer's sentiment trajectory.
 */
import { languageOf } from './locale';
import { analyzeSentiment, type SentimentLabel } from './sentiment';
import { classifyClause, GREETING, splitClauses, stripFiller } from './summary-cues';
import { contentWords, splitSentences } from './text-units';
import { TEMPLATES, type TemplateLanguage } from './summary-templates';
import { textRank } from './textrank';

export interface SummaryTurn {
  speakerLabel: string;
  role: 'agent' | 'customer' | 'unknown';
  text: string;
  sentiment?: SentimentLabel;
}

export interface CallSummary {
  recap: string;
  decisions: string[];
  actionItems: { owner: string; text: string }[];
  keyPoints: string[];
}

const MIN_CONTENT_WORDS = 3;
const KEY_POINT_COUNT = 3;
const MAX_LIST_ITEMS = 10;
const RECAP_ITEMS = 2;
/** An acceptance longer than this is a statement of its own, not "that works for me". */
const MAX_ACCEPTANCE_WORDS = 10;

interface Sentence {
  turn: number;
  text: string;
  words: string[];
}

/** The label of the party a request is addressed to: the nearest other speaker, of the opposite role if known. */
function otherParty(turns: readonly SummaryTurn[], index: number, language: TemplateLanguage): string {
  const speaker = turns[index];
  const wanted = speaker?.role === 'agent' ? 'customer' : speaker?.role === 'customer' ? 'agent' : undefined;
  for (let distance = 1; distance < turns.length; distance++) {
    for (const j of [index - distance, index + distance]) {
      const turn = turns[j];
      if (turn && turn.speakerLabel !== speaker?.speakerLabel && (wanted === undefined || turn.role === wanted)) return turn.speakerLabel;
    }
  }
  return wanted ? TEMPLATES[language][wanted] : TEMPLATES[language].otherParty;
}

function tidy(clause: string): string {
  const text = stripFiller(clause.trim()).replace(/[,;:\s]+$/u, '');
  return /[.!?।…]$/u.test(text) ? text : `${text}.`;
}

function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}']+/gu) ?? []).length;
}

export function summarizeConversation(turns: SummaryTurn[], locale = 'en-US'): CallSummary {
  const language: TemplateLanguage = languageOf(locale) === 'es' ? 'es' : 'en';
  const text = TEMPLATES[language];
  const sentences: Sentence[] = turns.flatMap((turn, index) =>
    splitSentences(turn.text).map((sentence) => ({
      turn: index,
      text: sentence,
      // Greetings get no content words, so they are never key points or the reason for calling.
      words: GREETING.test(sentence) ? [] : contentWords(sentence),
    })),
  );
  if (sentences.length === 0) return { recap: text.empty, decisions: [], actionItems: [], keyPoints: [] };

  const decisions: string[] = [];
  const actionItems: { owner: string; text: string }[] = [];
  const used = new Set<string>();
  const addDecision = (decision: string): void => {
    if (decisions.length < MAX_LIST_ITEMS && !decisions.some((d) => d.toLowerCase() === decision.toLowerCase())) decisions.push(decision);
  };
  const addAction = (owner: string, item: string): void => {
    if (actionItems.length < MAX_LIST_ITEMS && !actionItems.some((a) => a.text.toLowerCase() === item.toLowerCase())) actionItems.push({ owner, text: item });
  };
  /** The most recent proposal by someone else within the two previous turns, for "that works for me". */
  let lastProposal: { turn: number; speaker: string; text: string } | undefined;

  for (const sentence of sentences) {
    const turn = turns[sentence.turn];
    if (!turn) continue;
    for (const clause of splitClauses(sentence.text)) {
      const kinds = classifyClause(clause);
      if (kinds.has('decision')) {
        addDecision(tidy(clause));
        used.add(sentence.text);
      }
      if (kinds.has('selfAction')) {
        addAction(turn.speakerLabel, tidy(clause));
        used.add(sentence.text);
      } else if (kinds.has('requestAction')) {
        addAction(otherParty(turns, sentence.turn, language), tidy(clause));
        used.add(sentence.text);
      }
      const proposal = lastProposal;
      if (
        kinds.has('acceptance') &&
        wordCount(clause) <= MAX_ACCEPTANCE_WORDS &&
        proposal !== undefined &&
        proposal.speaker !== turn.speakerLabel &&
        sentence.turn - proposal.turn <= 2
      ) {
        addDecision(text.accepted(turn.speakerLabel, tidy(proposal.text)));
        lastProposal = undefined;
      } else if (kinds.has('proposal')) {
        // The whole sentence: "I can book a technician, and then we can rebill" is one offer.
        lastProposal = { turn: sentence.turn, speaker: turn.speakerLabel, text: sentence.text };
      }
    }
  }

  const keyPoints = pickKeyPoints(turns, sentences, used);
  const recap = buildRecap(turns, sentences, decisions, actionItems, locale, language);
  return { recap, decisions, actionItems, keyPoints };
}

/**
 * Top TextRank sentences (≥ 3 content words), in call order; sentences already listed elsewhere yield.
 * Agent questions are left out: they are verification and probing ("Can you confirm the address?").
 */
function pickKeyPoints(turns: readonly SummaryTurn[], sentences: readonly Sentence[], used: ReadonlySet<string>): string[] {
  const candidates = sentences.filter(
    (sentence) =>
      sentence.words.length >= MIN_CONTENT_WORDS && !(turns[sentence.turn]?.role === 'agent' && /\?\s*$/.test(sentence.text)),
  );
  const scores = textRank(candidates.map((sentence) => sentence.words));
  const ranked = candidates
    .map((sentence, index) => ({ sentence, index, score: (scores[index] ?? 0) - (used.has(sentence.text) ? 1 : 0) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, KEY_POINT_COUNT)
    .sort((a, b) => a.index - b.index);
  const seen = new Set<string>();
  return ranked.map(({ sentence }) => sentence.text).filter((point) => !seen.has(point.toLowerCase()) && seen.add(point.toLowerCase()));
}

function buildRecap(
  turns: readonly SummaryTurn[],
  sentences: readonly Sentence[],
  decisions: readonly string[],
  actionItems: readonly { owner: string; text: string }[],
  locale: string,
  language: TemplateLanguage,
): string {
  const text = TEMPLATES[language];
  const parts: string[] = [];
  const hasRoles = turns.some((turn) => turn.role === 'customer');
  const substantive = sentences.filter((sentence) => sentence.words.length >= MIN_CONTENT_WORDS);
  const topic =
    substantive.find((sentence) => (hasRoles ? turns[sentence.turn]?.role === 'customer' : true)) ??
    substantive[0] ??
    sentences[0];
  if (topic) {
    const who = turns[topic.turn]?.speakerLabel ?? text.customer;
    const quoted = text.quote(stripFiller(topic.text));
    parts.push(topic.words.length >= MIN_CONTENT_WORDS ? text.calledAbout(who, quoted) : text.said(who, quoted));
  }
  const agentSentences = substantive.filter(
    (sentence) => turns[sentence.turn]?.role === 'agent' && sentence !== topic && !/\?\s*$/.test(sentence.text),
  );
  if (agentSentences.length > 0) {
    const scores = textRank(agentSentences.map((sentence) => sentence.words));
    let best = 0;
    scores.forEach((score, index) => {
      if (score > (scores[best] ?? 0)) best = index;
    });
    const point = agentSentences[best];
    if (point) parts.push(text.agentSaid(turns[point.turn]?.speakerLabel ?? text.agent, text.quote(point.text)));
  }
  if (decisions.length > 0) parts.push(`${text.outcome} ${decisions.slice(0, RECAP_ITEMS).join(' ')}`);
  if (actionItems.length > 0) {
    parts.push(`${text.nextSteps} ${actionItems.slice(0, RECAP_ITEMS).map((item) => `${item.owner}: ${item.text}`).join(' ')}`);
  }
  const trajectory = customerTrajectory(turns, locale, language);
  if (trajectory) parts.push(trajectory);
  return parts.map((part) => (/[.!?…»”]$/u.test(part) ? part : `${part}.`)).join(' ');
}

/** How the customer's mood moved, from the first and last non-neutral customer turns. */
function customerTrajectory(turns: readonly SummaryTurn[], locale: string, language: TemplateLanguage): string | undefined {
  const moods = turns
    .filter((turn) => turn.role === 'customer')
    .map((turn) => turn.sentiment ?? analyzeSentiment(turn.text, locale).label)
    .filter((label) => label !== 'neutral' && label !== 'mixed');
  const first = moods[0];
  const last = moods[moods.length - 1];
  if (first === undefined || last === undefined) return undefined;
  if (first === 'negative' && last === 'positive') return TEMPLATES[language].recovered;
  if (last === 'negative') return TEMPLATES[language].dissatisfied;
  if (last === 'positive') return TEMPLATES[language].satisfied;
  return undefined;
}

/** Plain text with the four headed sections ACS puts in `transcriptionUpdate.transcriptionMessage`. */
export function formatSummary(summary: CallSummary): string {
  const list = (items: readonly string[]): string => (items.length > 0 ? items.map((item) => `- ${item}`).join('\n') : '- None');
  return [
    `Recap:\n${summary.recap}`,
    `Decisions:\n${list(summary.decisions)}`,
    `Action items:\n${list(summary.actionItems.map((item) => `${item.owner}: ${item.text}`))}`,
    `Key points:\n${list(summary.keyPoints)}`,
  ].join('\n\n');
}
