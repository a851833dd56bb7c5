/**
 * The search box's query language, parsed to a small AST and compiled for each store. Users type bare words (all
 * must match), "quoted phrases", prefixes `cancel*`, and exclusions `-word`. Nothing the user types reaches SQLite
 * FTS5 MATCH or PostgreSQL to_tsquery as syntax: a term is only ever a run of letters, combining marks and digits
 * (`[\p{L}\p{M}\p{N}]+`), and each one is quoted again when compiled. Everything else is a separator, the same way
 * both stores' tokenizers split the indexed text.
 *
 * Hand-written rather than a parser library: the grammar is four token kinds, and its safety argument (terms are
 * letters only) is easier to check in fifty lines than through a generated parser.
 */
import { z } from 'zod';

/** Characters in `q`; a query is words to find, not a document. */
export const MAX_QUERY_CHARS = 500;
/** Terms across every clause: each is an index lookup. */
export const MAX_QUERY_TERMS = 24;
/** Letters a prefix needs, so `a*` does not walk most of the index. */
export const MIN_PREFIX_CHARS = 2;

export interface SearchTerm {
  text: string;
  /** `text*`: any word starting with `text`. */
  prefix: boolean;
}

/** One clause: a bare word is a one-term phrase; a chunk like `e-mail` is the phrase `e mail` (the indexes split it so). */
export interface SearchClause {
  terms: SearchTerm[];
  /** `-word`: lines containing it are left out. */
  negated: boolean;
}

export interface SearchQuery {
  clauses: SearchClause[];
}

export type ParsedQuery = { ok: true; query: SearchQuery } | { ok: false; message: string };

const TERM = /([\p{L}\p{M}\p{N}]+)(\*?)/gu;

function termsOf(chunk: string): SearchTerm[] {
  return [...chunk.matchAll(TERM)].map((match) => ({ text: (match[1] ?? '').toLowerCase(), prefix: match[2] === '*' }));
}

/** Parses `q`. An unclosed quote runs to the end (a phrase still being typed). */
export function parseSearchQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_CHARS) return { ok: false, message: `at most ${MAX_QUERY_CHARS} characters` };
  const text = input.normalize('NFC');
  const clauses: SearchClause[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (/\s/u.test(char)) {
      index += 1;
      continue;
    }
    const negated = char === '-' && index + 1 < text.length && !/\s/u.test(text.charAt(index + 1));
    if (negated) index += 1;
    let chunk: string;
    if (text.charAt(index) === '"') {
      const close = text.indexOf('"', index + 1);
      const end = close === -1 ? text.length : close;
      chunk = text.slice(index + 1, end);
      index = end + 1;
      // `"cancel my acc"*`: the star after a phrase belongs to its last word.
      if (text.charAt(index) === '*') {
        chunk += '*';
        index += 1;
      }
    } else {
      const rest = /^[^\s"]+/u.exec(text.slice(index));
      chunk = rest?.[0] ?? text.charAt(index);
      index += chunk.length;
    }
    const terms = termsOf(chunk);
    if (terms.length > 0) clauses.push({ terms, negated });
  }
  const termCount = clauses.reduce((sum, clause) => sum + clause.terms.length, 0);
  if (termCount === 0) return { ok: false, message: 'type a word to search for (letters or digits)' };
  if (termCount > MAX_QUERY_TERMS) return { ok: false, message: `at most ${MAX_QUERY_TERMS} words` };
  if (!clauses.some((clause) => !clause.negated)) return { ok: false, message: 'needs a word to find, not only words to leave out' };
  const shortPrefix = clauses.flatMap((clause) => clause.terms).find((term) => term.prefix && [...term.text].length < MIN_PREFIX_CHARS);
  if (shortPrefix) return { ok: false, message: `a prefix (${shortPrefix.text}*) needs at least ${MIN_PREFIX_CHARS} letters` };
  return { ok: true, query: { clauses } };
}

/** A term as an FTS5 string: double-quoted (a quote inside doubled, though terms never hold one), `*` outside. */
function fts5Term(term: SearchTerm): string {
  return `"${term.text.replaceAll('"', '""')}"${term.prefix ? ' *' : ''}`;
}

/**
 * FTS5 MATCH text: `"a" AND ("b" + "c") NOT "d"`. FTS5's NOT is binary (`x NOT y`), so exclusions follow the
 * positive clauses.
 */
export function toFts5Match(query: SearchQuery): string {
  const phrase = (clause: SearchClause) => (clause.terms.length === 1 ? fts5Term(clause.terms[0] as SearchTerm) : `(${clause.terms.map(fts5Term).join(' + ')})`);
  const positive = query.clauses.filter((clause) => !clause.negated).map(phrase);
  const negative = query.clauses.filter((clause) => clause.negated).map(phrase);
  return [positive.join(' AND '), ...negative].join(' NOT ');
}

/** A term as a tsquery operand: single-quoted with `'` and `\` escaped (terms never hold either), `:*` for a prefix. */
function tsqueryTerm(term: SearchTerm): string {
  return `'${term.text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'${term.prefix ? ':*' : ''}`;
}

/** PostgreSQL to_tsquery text: `'a' & ('b' <-> 'c') & !('d')`. */
export function toTsquery(query: SearchQuery): string {
  return query.clauses
    .map((clause) => {
      const phrase = clause.terms.map(tsqueryTerm).join(' <-> ');
      const grouped = clause.terms.length === 1 ? phrase : `(${phrase})`;
      return clause.negated ? `!${grouped}` : grouped;
    })
    .join(' & ');
}

/** The words a query looks for (not its exclusions), for highlighting on the client. */
export function positiveTerms(query: SearchQuery): SearchTerm[] {
  return query.clauses.filter((clause) => !clause.negated).flatMap((clause) => clause.terms);
}

/** A zod refinement for `q`: the message of a parse failure, on the field. */
export const SearchTextSchema = z
  .string()
  .max(MAX_QUERY_CHARS, `at most ${MAX_QUERY_CHARS} characters`)
  .superRefine((value, context) => {
    const parsed = parseSearchQuery(value);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.message });
  });
