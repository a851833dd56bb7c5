import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SearchRequestSchema } from '../../lib/protocol';
import { decodeSearchCursor, encodeSearchCursor } from '../../lib/search-cursor';
import { MAX_QUERY_CHARS, parseSearchQuery, toFts5Match, toTsquery, type SearchQuery } from '../../lib/search-query';

function parse(text: string): SearchQuery {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
}

describe('search query language', () => {
  it('parses bare words, phrases, prefixes and exclusions', () => {
    expect(parse('Cancel  "my Subscription" refun* -spam')).toEqual({
      clauses: [
        { terms: [{ text: 'cancel', prefix: false }], negated: false },
        { terms: [{ text: 'my', prefix: false }, { text: 'subscription', prefix: false }], negated: false },
        { terms: [{ text: 'refun', prefix: true }], negated: false },
        { terms: [{ text: 'spam', prefix: false }], negated: true },
      ],
    });
  });

  it('compiles to FTS5 MATCH and to tsquery with every term quoted', () => {
    const query = parse('cancel "my subscr"* -spam e-mail');
    expect(toFts5Match(query)).toBe('"cancel" AND ("my" + "subscr" *) AND ("e" + "mail") NOT "spam"');
    expect(toTsquery(query)).toBe("'cancel' & ('my' <-> 'subscr':*) & !'spam' & ('e' <-> 'mail')");
  });

  it('keeps accents and Devanagari marks inside one term, normalised to NFC', () => {
    expect(parse('garanti\u0301a हिन्दी')).toEqual({
      clauses: [
        { terms: [{ text: 'garantía', prefix: false }], negated: false },
        { terms: [{ text: 'हिन्दी', prefix: false }], negated: false },
      ],
    });
  });

  it('reads query syntax of either engine as plain words', () => {
    expect(toFts5Match(parse('NEAR(a b)'))).toBe('("near" + "a") AND "b"');
    expect(toFts5Match(parse('text:refund'))).toBe('("text" + "refund")');
    expect(toFts5Match(parse('a OR b'))).toBe('"a" AND "or" AND "b"');
    expect(toTsquery(parse("a' | 'b:* & !c"))).toBe("'a' & 'b' & 'c'");
    expect(toTsquery(parse('x<->y'))).toBe("('x' <-> 'y')");
    expect(toFts5Match(parse('"unclosed phrase'))).toBe('("unclosed" + "phrase")');
  });

  it('refuses queries with nothing to find, too long, or only exclusions', () => {
    for (const text of ['', '   ', '"', ':*', '&|!', '* * *', '-', '"" ""', '()', '\u200b']) expect(parseSearchQuery(text).ok, text).toBe(false);
    expect(parseSearchQuery('-spam -eggs')).toEqual({ ok: false, message: 'needs a word to find, not only words to leave out' });
    expect(parseSearchQuery('x'.repeat(10_000))).toEqual({ ok: false, message: `at most ${MAX_QUERY_CHARS} characters` });
    expect(parseSearchQuery(Array.from({ length: 30 }, (_, index) => `w${index}`).join(' ')).ok).toBe(false);
    expect(parseSearchQuery('a*').ok).toBe(false);
    expect(parseSearchQuery('ab*').ok).toBe(true);
  });

  it('never lets a quote, operator or parenthesis into a compiled term (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), (text) => {
        const parsed = parseSearchQuery(text);
        if (!parsed.ok) return;
        for (const term of parsed.query.clauses.flatMap((clause) => clause.terms)) expect(term.text).toMatch(/^[\p{L}\p{M}\p{N}]+$/u);
        // Outside the quoted terms, only the compilers' own operators remain.
        expect(toFts5Match(parsed.query).replace(/"[^"]*"/g, '')).toMatch(/^[\s()+*ANDOT]*$/);
        expect(toTsquery(parsed.query).replace(/'[^']*'/g, '')).toMatch(/^[\s()&!<\->:*]*$/);
      }),
    );
  });
});

describe('search request', () => {
  const parse = (query: Record<string, string>) => SearchRequestSchema.safeParse(query);
  const problem = (query: Record<string, string>) => {
    const result = parse(query);
    return result.success ? null : result.error.issues.map((issue) => issue.path.join('.'));
  };

  it('takes defaults and reads times as ISO-8601 or epoch ms', () => {
    const ok = parse({ q: 'refund', from: '2026-12-02T10:00:00Z', to: '1764700000000', hasAlerts: 'false', language: 'es' });
    expect(ok.success && ok.data).toMatchObject({ q: 'refund', from: Date.parse('2026-12-02T10:00:00Z'), to: 1764700000000, state: 'all', limit: 20, hasAlerts: false, language: 'es' });
  });

  it('names the bad parameter', () => {
    expect(problem({})).toEqual(['q']);
    expect(problem({ q: '&|!' })).toEqual(['q']);
    expect(problem({ q: 'a', from: 'yesterday' })).toEqual(['from']);
    expect(problem({ q: 'a', to: '2026-13-45' })).toEqual(['to']);
    expect(problem({ q: 'a', state: 'open' })).toEqual(['state']);
    expect(problem({ q: 'a', language: "es'--" })).toEqual(['language']);
    expect(problem({ q: 'a', sentiment: 'mixed' })).toEqual(['sentiment']);
    expect(problem({ q: 'a', hasAlerts: 'yes' })).toEqual(['hasAlerts']);
    expect(problem({ q: 'a', limit: '0' })).toEqual(['limit']);
    expect(problem({ q: 'a', limit: '101' })).toEqual(['limit']);
    expect(problem({ q: 'a', limit: '2.5' })).toEqual(['limit']);
    expect(problem({ q: 'a', cursor: 'not-a-cursor' })).toEqual(['cursor']);
  });
});

describe('search cursor', () => {
  it('round-trips any call id and refuses anything tampered with', () => {
    const cursor = { receivedAt: 1_764_700_000_000, callId: 'call/ü 漢字 "x"', seq: 42 };
    const text = encodeSearchCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSearchCursor(text)).toEqual(cursor);
    const flipped = `${text.slice(0, 5)}${text[5] === 'A' ? 'B' : 'A'}${text.slice(6)}`;
    for (const bad of [flipped, `${text}!`, '', 'e30', encodeSearchCursor({ ...cursor, seq: 0 }), btoa('[1,"a",1.5]'), btoa('[-1,"a",1]'), btoa('[1,"",1]'), 'A'.repeat(5_000)]) {
      expect(decodeSearchCursor(bad), bad).toBeNull();
    }
  });
});
