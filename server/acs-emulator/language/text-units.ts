/**
 * Sentence splitting and content words for the summarizer. Hand-written: compromise's sentence splitter is
 * English-only and costs ~2 ms per turn, while call transcripts only need "split after . ! ? । unless the
 * dot ends a title or an initial".
 */

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'sr', 'sra', 'srta', 'jr', 'vs', 'etc', 'no', 'núm', 'ave', 'apt', 'inc', 'ltd', 'a.m', 'p.m',
]);

/** Splits one turn into sentences, keeping the punctuation. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?।]+(?=\s+|$)/gu)) {
    const end = match.index + match[0].length;
    const before = text.slice(start, match.index);
    const lastWord = (/([\p{L}.]+)$/u.exec(before)?.[1] ?? '').toLowerCase();
    // "Dr. Patel" and "J. Smith" do not end a sentence.
    if (match[0] === '.' && (ABBREVIATIONS.has(lastWord) || /^\p{L}$/u.test(lastWord))) continue;
    const sentence = text.slice(start, end).trim();
    if (sentence !== '') sentences.push(sentence);
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest !== '') sentences.push(rest);
  return sentences;
}

const STOPWORDS = new Set(
  (
    // English function words and call fillers.
    'a an the and or but so if then than that this these those there here it its it\'s is are was were be been being am ' +
    'i i\'m i\'ve i\'ll i\'d me my mine we we\'re we\'ve we\'ll us our you you\'re you\'ve you\'ll your yours he she they them ' +
    'his her their theirs what which who whom whose when where why how all any both each few more most other some such ' +
    'no nor not only own same too very can can\'t will won\'t just don\'t doesn\'t didn\'t should would could do does did ' +
    'have has had having of at by for with about against between into through during before after above below to from ' +
    'up down in out on off over under again further once also okay ok yeah yes yep right sure well um uh oh hi hello ' +
    'bye thanks thank please sorry great perfect alright let let\'s get got go going know see one just really actually ' +
    // Spanish function words and fillers.
    'el la los las un una unos unas y o pero si no que qué de del al a en con por para sin sobre entre es son fue ser ' +
    'está están estoy estaba he ha han hemos hay mi mis tu tus su sus yo me te se le les lo nos usted ustedes ' +
    'este esta esto ese esa eso muy más ya sí vale bueno hola gracias favor claro perfecto pues entonces también como cuando'
  ).split(/\s+/),
);

/** Lower-cased content words, cut to a 5-letter prefix so "charged"/"charges" and "cobro"/"cobrado" meet. */
export function contentWords(sentence: string): string[] {
  const words = sentence.toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}\p{M}\p{N}']+/gu) ?? [];
  return words.filter((word) => word.length > 1 && !STOPWORDS.has(word)).map((word) => word.slice(0, 5));
}
