/**
 * One- to three-word turns ("Sí.", "Thank you.", "Ja, genau.") carry too few character n-grams for any
 * statistical detector (eld gets 46/60 on them, see docs/local-ai-notes.md §c), so these are looked up in a
 * hand-written list of the replies callers actually give. Words shared by several languages ("no",
 * "ok", "taxi") simply count for each; the caller breaks ties in favour of the current locale.
 */
const SHORT_WORDS: Record<string, readonly string[]> = {
  en: [
    'yes', 'yeah', 'yep', 'yup', 'no', 'nope', 'okay', 'ok', 'alright', 'hello', 'hi', 'hey', 'bye', 'goodbye', 'thanks',
    'thank', 'you', 'please', 'sure', 'right', 'great', 'perfect', 'fine', 'good', 'sounds', 'got', 'it', 'sorry',
    'pardon', 'what', 'one', 'second', 'moment', 'hold', 'on', 'of', 'course', 'exactly', 'correct', 'morning',
    'afternoon', 'evening', 'cheers', 'cool', 'awesome', 'that', "that's", 'me', 'again', 'not', 'really', 'sir',
    'madam', "ma'am", 'wait', 'just', 'a', 'minute', 'welcome', 'done', 'agreed', 'deal', 'excuse',
  ],
  es: [
    'sí', 'no', 'vale', 'hola', 'adiós', 'gracias', 'muchas', 'muchísimas', 'por', 'favor', 'claro', 'perfecto',
    'bueno', 'buenas', 'buenos', 'días', 'tardes', 'noches', 'de', 'acuerdo', 'un', 'momento', 'exacto', 'correcto',
    'venga', 'señor', 'señora', 'perdón', 'perdone', 'disculpe', 'qué', 'cómo', 'dígame', 'diga', 'muy', 'bien',
    'genial', 'ok', 'okey', 'también', 'nada', 'eso', 'es', 'todo', 'listo', 'ya', 'está', 'entendido', 'ahora',
    'segundo', 'espere', 'oiga', 'mire', 'sale', 'órale', 'ándale', 'mande', 'igualmente', 'hasta', 'luego',
  ],
  fr: [
    'oui', 'non', 'merci', 'beaucoup', 'bonjour', 'bonsoir', 'salut', 'au', 'revoir', "d'accord", 'parfait', 'bien',
    'sûr', "s'il", 'vous', 'plaît', 'pardon', 'exactement', 'très', 'bon', 'voilà', 'ok', 'entendu', 'allô',
  ],
  de: [
    'ja', 'nein', 'danke', 'bitte', 'hallo', 'tschüss', 'genau', 'gut', 'richtig', 'moment', 'okay', 'ok', 'alles',
    'klar', 'guten', 'tag', 'morgen', 'abend', 'schön', 'sehr', 'stimmt', 'natürlich', 'gerne', 'wiederhören',
  ],
  pt: [
    'sim', 'não', 'obrigado', 'obrigada', 'olá', 'oi', 'tchau', 'bom', 'dia', 'boa', 'tarde', 'certo', 'perfeito',
    'claro', 'tudo', 'bem', 'ok', 'por', 'favor', 'momento',
  ],
  it: [
    'sì', 'no', 'grazie', 'ciao', 'buongiorno', 'buonasera', 'prego', 'certo', 'va', 'bene', 'perfetto', 'esatto',
    'ok', 'arrivederci', 'momento', 'scusi',
  ],
};

const LOOKUP = new Map<string, Set<string>>(
  Object.entries(SHORT_WORDS).map(([language, words]) => [language, new Set(words)]),
);

/** How many of `words` each of `languages` knows as a short reply word. */
export function shortWordHits(words: readonly string[], languages: readonly string[]): Map<string, number> {
  const hits = new Map<string, number>();
  for (const language of languages) {
    const known = LOOKUP.get(language);
    if (!known) continue;
    hits.set(language, words.filter((word) => known.has(word)).length);
  }
  return hits;
}
