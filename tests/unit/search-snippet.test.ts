import { describe, expect, it } from 'vitest';
import { searchApiQuery, searchExportPath, searchFormFrom, searchPageQuery, EMPTY_SEARCH } from '../../lib/search-params';
import { splitSnippet } from '../../lib/search-snippet';

describe('search snippets', () => {
  it('splits on the two markers only; anything else, HTML included, stays text', () => {
    expect(splitSnippet('I want to <mark>cancel</mark> my <mark>order</mark>')).toEqual([
      { text: 'I want to ', marked: false },
      { text: 'cancel', marked: true },
      { text: ' my ', marked: false },
      { text: 'order', marked: true },
    ]);
    expect(splitSnippet('<b>bold</b> <img src=x onerror=alert(1)> <mark>x</mark>')).toEqual([
      { text: '<b>bold</b> <img src=x onerror=alert(1)> ', marked: false },
      { text: 'x', marked: true },
    ]);
    expect(splitSnippet('card **** <mark>1234</mark>')).toEqual([
      { text: 'card **** ', marked: false },
      { text: '1234', marked: true },
    ]);
    // Stray or unbalanced markers cannot mark more than they enclose, nor leave an empty part.
    expect(splitSnippet('</mark>a<mark></mark>b<mark>c')).toEqual([
      { text: 'ab', marked: false },
      { text: 'c', marked: true },
    ]);
    expect(splitSnippet('')).toEqual([]);
  });
});

describe('search page URL', () => {
  it('round-trips the form, keeps defaults out of the URL, and ignores what it does not know', () => {
    const form = { q: ' "cancel my" order ', state: 'ended' as const, language: 'es', sentiment: 'negative' as const, hasAlerts: 'true' as const, from: '2026-12-01', to: '2026-12-02' };
    const query = searchPageQuery(form);
    expect(query).toBe('q=%22cancel+my%22+order&state=ended&language=es&sentiment=negative&hasAlerts=true&from=2026-12-01&to=2026-12-02');
    expect(searchFormFrom(Object.fromEntries(new URLSearchParams(query)))).toEqual({ ...form, q: '"cancel my" order' });
    expect(searchPageQuery({ ...EMPTY_SEARCH, q: 'x' })).toBe('q=x');
    expect(searchFormFrom({ q: ['a', 'b'], state: 'open', sentiment: 'mixed', hasAlerts: 'yes', from: 'yesterday' })).toEqual({ ...EMPTY_SEARCH, q: 'a' });
  });

  it('sends local days as epoch ms bounds, and the cursor', () => {
    const params = new URLSearchParams(searchApiQuery({ ...EMPTY_SEARCH, q: 'x', from: '2026-12-01', to: '2026-12-01' }, 'abc', 25));
    expect(Number(params.get('to')) - Number(params.get('from'))).toBe(86_400_000 - 1);
    expect(Number(params.get('from'))).toBe(new Date(2026, 11, 1).getTime());
    expect(params.get('cursor')).toBe('abc');
    expect(params.get('limit')).toBe('25');
    expect(params.get('state')).toBe('all');
  });

  it('exports the calls the search finds: the same query and filters, no paging, and the format', () => {
    const form = { ...EMPTY_SEARCH, q: '"cancel my" order', state: 'ended' as const, sentiment: 'negative' as const, from: '2026-12-01' };
    const path = searchExportPath(form, 'csv');
    expect(path.startsWith('/api/export?')).toBe(true);
    const params = new URLSearchParams(path.slice('/api/export?'.length));
    const api = new URLSearchParams(searchApiQuery(form, null, 25));
    api.delete('limit');
    api.set('format', 'csv');
    expect([...params].sort()).toEqual([...api].sort());
  });
});
