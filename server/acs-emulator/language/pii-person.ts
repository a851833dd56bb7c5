/**
 * Person names. English uses compromise's people() (a lexicon of first names and titles); every language
 * also gets hand-written cue phrases ("my name is", "me llamo", "मेरा नाम"), because compromise is
 * English-only and no offline npm package recognises Spanish or Hindi names.
 */
import nlp from 'compromise';
import { entityAt, type PiiEntity } from './pii-types';

/** Capitalised words that follow a cue but are not names ("I'm Calling", "This is Contoso Bank"). */
const NOT_A_NAME = new Set([
  'calling', 'sorry', 'not', 'just', 'still', 'also', 'here', 'really', 'so', 'from', 'the', 'a', 'an', 'with', 'on',
  'bank', 'telecom', 'airlines', 'airline', 'insurance', 'support', 'billing', 'customer', 'service', 'services',
  'team', 'department', 'clinic', 'hospital', 'pharmacy', 'card', 'account', 'visa', 'mastercard', 'yes', 'no',
  'okay', 'ok', 'sure', 'hello', 'hi', 'thanks', 'thank', 'please', 'good', 'fine', 'great',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
  'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'cliente', 'clienta', 'titular', 'usuario', 'usuaria', 'banco', 'servicio', 'atención', 'sí', 'hola', 'buenas',
]);

/** First words of capitalised Spanish sequences that are places or organisations, not people. */
const ES_NOT_A_PERSON_START = new Set([
  'san', 'santa', 'santo', 'nueva', 'nuevo', 'buenos', 'ciudad', 'puerto', 'costa', 'banco', 'caja', 'grupo', 'hospital',
  'clínica', 'centro', 'calle', 'avenida', 'plaza', 'paseo', 'semana', 'seguridad', 'hacienda', 'correos', 'estados',
  'reino', 'país', 'islas', 'sierra', 'río', 'universidad', 'instituto', 'ministerio',
]);

const LATIN_NAME_WORD = "[A-ZÁÉÍÓÚÑÜ][\\p{Ll}'’-]+";

function cueEntities(text: string, pattern: RegExp): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(pattern)) {
    const name = match[1];
    const start = match.indices?.[1]?.[0];
    if (name === undefined || start === undefined) continue;
    // Drop trailing words that are not names ("Soy Alejandro Vega" keeps both; "this is Kevin From" drops From).
    const words = name.split(/\s+/);
    while (words.length > 0 && NOT_A_NAME.has((words[words.length - 1] ?? '').toLowerCase())) words.pop();
    const kept = words.join(' ');
    if (kept === '' || NOT_A_NAME.has((words[0] ?? '').toLowerCase())) continue;
    found.push(entityAt(text, 'Person', start, kept.length));
  }
  return found;
}

const EN_CUE = new RegExp(
  `\\b(?:[Mm]y name is|[Nn]ame's|[Nn]ame on the (?:card|account) is|[Aa]ccount holder is|I'm|I am|[Tt]his is|[Nn]amed|[Ss]peaking with|[Ss]poke (?:to|with)|[Tt]alk(?:ed|ing)? (?:to|with)|[Aa]sk for|Mr\\.?|Mrs\\.?|Ms\\.?|Dr\\.?|Miss)\\s+(${LATIN_NAME_WORD}(?:\\s+${LATIN_NAME_WORD}){0,2})`,
  'dgu',
);

/** Spanish names may hold particles: "María de la Fuente", "José del Río". */
const ES_NAME = `${LATIN_NAME_WORD}(?:\\s+(?:(?:de|del|de la|y)\\s+)?${LATIN_NAME_WORD}){0,3}`;
const ES_CUE = new RegExp(
  `(?:\\b[Mm]e llamo|\\b[Mm]i nombre es|\\b[Ss]oy|\\b[Hh]abla|\\b[Hh]ablé con|\\b[Hh]ablando con|\\b[Aa] nombre de|\\b[Tt]itular es|\\b[Ss]eñora?|\\b[Ss]eñorita|\\b[Dd]oña|\\b[Dd]on|\\bSra?\\.|\\bSrta\\.)\\s+(${ES_NAME})`,
  'dgu',
);
/**
 * Two or more capitalised words in the middle of a Spanish sentence are almost always a full name
 * ("con su compañera Lucía Fernández"): Spanish does not capitalise days, months or common nouns.
 */
const ES_MID_SENTENCE_NAME = new RegExp(`(?<=[\\p{Ll},]\\s+)(${LATIN_NAME_WORD}(?:\\s+(?:(?:de|del|de la)\\s+)?${LATIN_NAME_WORD}){1,3})`, 'dgu');

const DEVANAGARI_WORD = '[\\p{Script=Devanagari}]+';
const HI_CUE = new RegExp(
  `(?:मेरा नाम|मेरा नाम है|नाम है)\\s+(${DEVANAGARI_WORD}(?:\\s+${DEVANAGARI_WORD}){0,2}?)(?=\\s+(?:है|हूँ|हूं)|\\s*[।.,]|$)|मैं\\s+(${DEVANAGARI_WORD}(?:\\s+${DEVANAGARI_WORD})?)(?=\\s+बोल\\s+(?:रहा|रही))`,
  'dgu',
);

interface CompromisePerson {
  text: string;
  offset: { start: number; length: number };
}

function isCompromisePerson(value: unknown): value is CompromisePerson {
  if (typeof value !== 'object' || value === null) return false;
  const { text, offset } = value as { text?: unknown; offset?: { start?: unknown; length?: unknown } };
  return typeof text === 'string' && typeof offset?.start === 'number' && typeof offset.length === 'number';
}

function compromisePeople(text: string): PiiEntity[] {
  const people: unknown = nlp(text).people().json({ offset: true });
  if (!Array.isArray(people)) return [];
  const found: PiiEntity[] = [];
  for (const person of people) {
    if (!isCompromisePerson(person)) continue;
    let { start, length } = person.offset;
    // compromise includes trailing punctuation and possessives in the span ("Maria," / "Lee's").
    const raw = text.slice(start, start + length);
    const trimmed = raw.replace(/(?:['’]s)?[\s,.;:!?)"'’]*$/u, '');
    const lead = trimmed.length - trimmed.replace(/^[\s("'‘]+/u, '').length;
    start += lead;
    length = trimmed.length - lead;
    const value = text.slice(start, start + length);
    // Names in display text are capitalised; a lower-case hit is a common word compromise guessed at.
    if (length > 0 && /^\p{Lu}/u.test(value) && !NOT_A_NAME.has(value.toLowerCase())) {
      found.push(entityAt(text, 'Person', start, length));
    }
  }
  return found;
}

export function findPeople(text: string, language: string): PiiEntity[] {
  switch (language) {
    case 'en':
      return [...compromisePeople(text), ...cueEntities(text, EN_CUE)];
    case 'es':
      return [
        ...cueEntities(text, ES_CUE),
        ...cueEntities(text, ES_MID_SENTENCE_NAME).filter((entity) => !ES_NOT_A_PERSON_START.has((entity.text.split(/\s/)[0] ?? '').toLowerCase())),
      ];
    case 'hi':
      return [...hindiCue(text), ...cueEntities(text, EN_CUE)];
    default:
      return cueEntities(text, EN_CUE);
  }
}

function hindiCue(text: string): PiiEntity[] {
  const found: PiiEntity[] = [];
  for (const match of text.matchAll(HI_CUE)) {
    const group = match[1] !== undefined ? 1 : 2;
    const name = match[group];
    const start = match.indices?.[group]?.[0];
    if (name !== undefined && start !== undefined) found.push(entityAt(text, 'Person', start, name.length));
  }
  return found;
}
