/**
 * Full-text search as a contract: every store (SQLite FTS5, PostgreSQL tsvector) runs these same cases.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NO_HISTORY_FILTER } from '../../lib/call-history-filter';
import type { SearchHit } from '../../lib/protocol';
import { parseSearchQuery } from '../../lib/search-query';
import { newCallRecord, type NewFinal } from '../../server/domain/call-record';
import type { CallPageKey } from '../../server/store/call-history-query';
import type { CallStore } from '../../server/store/call-store';
import type { LineSearch } from '../../server/store/search-store';
import { newFinal } from './store-contract';

export interface SearchStoreUnderTest {
  store: CallStore;
  /** Runs a statement on the database directly, past the store (a deletion by an operator or a retention job). */
  execute(statement: string): Promise<void>;
  dispose(): Promise<void>;
}

interface LineSpec {
  text: string;
  at: number;
  language?: string;
  sentiment?: 'positive' | 'neutral' | 'negative' | null;
  piiMasked?: boolean;
}

function line(callId: string, spec: LineSpec, index: number): NewFinal {
  return {
    ...newFinal(callId, spec.text, index * 1_000),
    receivedAt: spec.at,
    language: spec.language ?? 'en-US',
    sentiment: spec.sentiment === undefined ? 'neutral' : spec.sentiment,
    piiMasked: spec.piiMasked ?? false,
  };
}

export function describeSearchContract(name: string, open: () => Promise<SearchStoreUnderTest>) {
  describe(`${name} search`, () => {
    let subject: SearchStoreUnderTest | undefined;
    const store = () => {
      if (!subject) throw new Error('store not opened');
      return subject.store;
    };
    afterEach(async () => {
      await subject?.dispose();
      subject = undefined;
    });

    async function addCall(callId: string, lines: LineSpec[], state: 'connected' | 'disconnected' = 'connected') {
      await store().ensureCall({ ...newCallRecord(callId, 1_000, null), state, endedAt: state === 'disconnected' ? 9_000 : null });
      await store().appendFinals(lines.map((spec, index) => line(callId, spec, index)));
    }

    async function search(q: string, options: Partial<Omit<LineSearch, 'query'>> = {}) {
      const parsed = parseSearchQuery(q);
      if (!parsed.ok) throw new Error(`bad test query ${q}: ${parsed.message}`);
      return store().searchLines({ query: parsed.query, state: 'all', limit: 50, ...options });
    }
    const keys = (hits: SearchHit[]) => hits.map((hit) => `${hit.callId}:${hit.seq}`);

    it('finds English words, phrases and prefixes, newest first, and marks the matched words', async () => {
      subject = await open();
      await addCall('en', [
        { text: 'I want to cancel my subscription today.', at: 100 },
        { text: 'Cancel the order, but my subscription stays.', at: 200 },
        { text: 'Subscriptions are billed monthly.', at: 300 },
      ]);
      expect(keys((await search('cancel subscription')).hits)).toEqual(['en:2', 'en:1']);
      expect(keys((await search('"cancel my subscription"')).hits)).toEqual(['en:1']);
      expect(keys((await search('subscr*')).hits)).toEqual(['en:3', 'en:2', 'en:1']);
      expect(keys((await search('"cancel my subscr"*')).hits)).toEqual(['en:1']);
      expect(keys((await search('subscription -order')).hits)).toEqual(['en:1']);
      const page = await search('"cancel my subscription"');
      const hit = page.hits[0];
      expect(hit).toMatchObject({ callId: 'en', seq: 1, text: 'I want to cancel my subscription today.', speakerLabel: '+14255550100', at: 100, language: 'en-US', sentiment: 'neutral', piiMasked: false });
      // FTS5 marks a matched phrase as one run, ts_headline word by word.
      expect(hit?.snippet).toMatch(/^I want to <mark>cancel(<\/mark>)? (<mark>)?my(<\/mark>)? (<mark>)?subscription<\/mark> today\.?$/);
      expect(page.calls).toEqual([expect.objectContaining({ callId: 'en', state: 'connected', startedAt: 1_000 })]);
      expect(page.next).toBeNull();
    });

    it('folds Spanish accents both ways and keeps Devanagari words whole', async () => {
      subject = await open();
      await addCall('es', [
        { text: 'Quiero usar la garantía del teléfono.', at: 100, language: 'es-ES' },
        { text: 'La GARANTIA no cubre el daño.', at: 200, language: 'es-MX' },
      ]);
      await addCall('hi', [{ text: 'मुझे अपना खाता बंद करना है।', at: 300, language: 'hi-IN' }]);
      expect(keys((await search('garantia')).hits)).toEqual(['es:2', 'es:1']);
      expect(keys((await search('garantía')).hits)).toEqual(['es:2', 'es:1']);
      expect(keys((await search('telefono')).hits)).toEqual(['es:1']);
      expect((await search('garantia telefono')).hits[0]?.snippet).toMatch(/<mark>garantía<\/mark>.*<mark>teléfono<\/mark>/);
      expect(keys((await search('खाता')).hits)).toEqual(['hi:1']);
      expect(keys((await search('"खाता बंद करना"')).hits)).toEqual(['hi:1']);
      expect(keys((await search('खा*')).hits)).toEqual(['hi:1']);
      // A consonant alone is not a word: the vowel signs and virama keep words whole in the index.
      expect((await search('ख')).hits).toEqual([]);
      expect((await search('करन')).hits).toEqual([]);
      expect((await search('खाता')).hits[0]?.snippet).toContain('<mark>खाता</mark>');
    });

    it('never matches what ACS redacted, and keeps the masking in snippets', async () => {
      subject = await open();
      // ACS masked "4111 1111" and "Maria"; only the masked text reaches the store.
      await addCall('pii', [{ text: 'My card number is **** **** and my name is *****.', at: 100, piiMasked: true }]);
      expect((await search('4111')).hits).toEqual([]);
      expect((await search('maria')).hits).toEqual([]);
      const hit = (await search('card')).hits[0];
      expect(hit?.piiMasked).toBe(true);
      expect(hit?.snippet).toContain('<mark>card</mark>');
      expect(hit?.snippet).toContain('**** ****');
      expect(hit?.text).toBe('My card number is **** **** and my name is *****.');
    });

    it('treats query syntax as words: operators, column filters and quotes never reach the index raw', async () => {
      subject = await open();
      await addCall('syntax', [
        { text: 'near the text or not, and so on', at: 100 },
        { text: 'nothing here', at: 200 },
      ]);
      for (const q of ['NEAR(', 'text:near', 'OR', 'not', '"near', 'near" OR "nothing', "near' & 'x", 'near:* | !x', '(near)', 'NEAR(near text)', '^near', '{text}: near']) {
        const parsed = parseSearchQuery(q);
        if (!parsed.ok) continue;
        await expect(store().searchLines({ query: parsed.query, state: 'all', limit: 10 })).resolves.toBeDefined();
      }
      expect(keys((await search('OR')).hits)).toEqual(['syntax:1']);
      expect(keys((await search('text:or')).hits)).toEqual(['syntax:1']);
      expect(keys((await search('near" OR "nothing')).hits)).toEqual([]);
    });

    it('filters by time, state, language, sentiment and alerts', async () => {
      subject = await open();
      await addCall('live', [
        { text: 'refund please', at: 100, language: 'en-US', sentiment: 'negative' },
        { text: 'reembolso por favor refund', at: 200, language: 'es-MX', sentiment: 'neutral' },
      ]);
      await addCall('ended', [
        { text: 'refund done', at: 300, language: 'es-ES', sentiment: 'positive' },
        { text: 'refund again', at: 400, language: 'en-GB', sentiment: null },
      ], 'disconnected');
      await store().addAlert({ id: 'a1', ruleId: 'r', ruleName: 'R', severity: 'warning', kind: 'phrases', callId: 'ended', seqs: [1], text: 'refund done', reason: 'x', at: 300, state: 'open', acknowledgedBy: null, acknowledgedAt: null });
      expect(keys((await search('refund')).hits)).toEqual(['ended:2', 'ended:1', 'live:2', 'live:1']);
      expect(keys((await search('refund', { from: 200, to: 300 })).hits)).toEqual(['ended:1', 'live:2']);
      expect(keys((await search('refund', { state: 'live' })).hits)).toEqual(['live:2', 'live:1']);
      expect(keys((await search('refund', { state: 'ended' })).hits)).toEqual(['ended:2', 'ended:1']);
      expect(keys((await search('refund', { language: 'es' })).hits)).toEqual(['ended:1', 'live:2']);
      expect(keys((await search('refund', { language: 'es-es' })).hits)).toEqual(['ended:1']);
      expect(keys((await search('refund', { language: 'en-GB' })).hits)).toEqual(['ended:2']);
      expect(keys((await search('refund', { language: 'e' + 's-' })).hits)).toEqual([]);
      expect(keys((await search('refund', { sentiment: 'negative' })).hits)).toEqual(['live:1']);
      expect(keys((await search('refund', { sentiment: 'positive' })).hits)).toEqual(['ended:1']);
      expect(keys((await search('refund', { hasAlerts: true })).hits)).toEqual(['ended:2', 'ended:1']);
      expect(keys((await search('refund', { hasAlerts: false })).hits)).toEqual(['live:2', 'live:1']);
      expect(keys((await search('refund', { state: 'ended', sentiment: 'positive', language: 'es', hasAlerts: true, from: 0, to: 1_000 })).hits)).toEqual(['ended:1']);
    });

    it('pages newest first by cursor without repeats or gaps, ties broken by call and line', async () => {
      subject = await open();
      // Three calls whose lines share receive times, so the order rests on (receivedAt, callId, seq).
      for (const callId of ['p-a', 'p-b', 'p-c']) {
        await addCall(callId, Array.from({ length: 15 }, (_, index) => ({ text: `hold music ${index}`, at: 1_000 + Math.floor(index / 2) * 10 })));
      }
      const expected = (await search('hold', { limit: 100 })).hits.map((hit) => `${hit.at}:${hit.callId}:${hit.seq}`);
      expect(expected).toHaveLength(45);
      const sorted = [...expected].sort((left, right) => {
        const [at1, call1, seq1] = left.split(':');
        const [at2, call2, seq2] = right.split(':');
        return Number(at2) - Number(at1) || (call2 ?? '').localeCompare(call1 ?? '') || Number(seq2) - Number(seq1);
      });
      expect(expected).toEqual(sorted);
      const paged: string[] = [];
      let after: LineSearch['after'];
      for (let page = 0; page < 10; page += 1) {
        const result = await search('hold', { limit: 7, after });
        paged.push(...result.hits.map((hit) => `${hit.at}:${hit.callId}:${hit.seq}`));
        if (result.next === null) break;
        after = result.next;
      }
      expect(paged).toEqual(expected);
    });

    it('pages a word found in more than ten thousand lines exactly as a rare one: newest first, filtered, no gap', async () => {
      subject = await open();
      // Enough matches that SQLite walks its time index instead of sorting every match (search-sqlite.ts).
      const count = 6_000;
      for (const [callId, state] of [['big-a', 'connected'], ['big-b', 'disconnected']] as const) {
        await store().ensureCall({ ...newCallRecord(callId, 1_000, null), state });
        for (let start = 0; start < count; start += 1_000) {
          await store().appendFinals(
            Array.from({ length: 1_000 }, (_, offset) => {
              const index = start + offset;
              return line(callId, { text: `common words in line ${index}`, at: 10_000 + index * 10, sentiment: callId === 'big-b' && index < 5 ? 'negative' : 'neutral' }, index);
            }),
          );
        }
      }
      // Both calls have a line at every time: ties broken by call id, then seq.
      const expected = Array.from({ length: count }, (_, index) => count - 1 - index).flatMap((index) => [`big-b:${index + 1}`, `big-a:${index + 1}`]);
      const first = await search('common', { limit: 20 });
      expect(keys(first.hits)).toEqual(expected.slice(0, 20));
      let after = first.next ?? undefined;
      const paged = keys(first.hits);
      for (let page = 0; page < 3; page += 1) {
        const next = await search('common', { limit: 50, after });
        paged.push(...keys(next.hits));
        after = next.next ?? undefined;
      }
      expect(paged).toEqual(expected.slice(0, 170));
      expect(keys((await search('common', { state: 'live', limit: 3 })).hits)).toEqual(['big-a:6000', 'big-a:5999', 'big-a:5998']);
      // The only matches are the oldest lines: the walk gives way to sorting the matches.
      expect(keys((await search('common', { sentiment: 'negative' })).hits)).toEqual(['big-b:5', 'big-b:4', 'big-b:3', 'big-b:2', 'big-b:1']);
      expect(keys((await search('common', { from: 10_000 + 100 * 10, to: 10_000 + 101 * 10 })).hits)).toEqual(['big-b:102', 'big-a:102', 'big-b:101', 'big-a:101']);
      expect(keys((await search('"line 4321"', {})).hits)).toEqual(['big-b:4322', 'big-a:4322']);
      // The call list's text filter over the same words: each call checks its own lines when a word is this common.
      const listed = async (text: string, limit = 10, after: CallPageKey | null = null) =>
        store().listCallPage({ filter: { ...NO_HISTORY_FILTER, text }, after, limit });
      expect((await listed('common')).calls.map((row) => row.callId)).toEqual(['big-b', 'big-a']);
      const firstCall = await listed('common', 1);
      expect(firstCall.calls.map((row) => row.callId)).toEqual(['big-b']);
      expect((await listed('common', 1, firstCall.next)).calls.map((row) => row.callId)).toEqual(['big-a']);
      expect((await listed('"line 4321"')).calls.map((row) => row.callId)).toEqual(['big-b', 'big-a']);
      expect((await listed('"line 4321" -common')).calls.map((row) => row.callId)).toEqual([]);
    }, 60_000);

    it('forgets a deleted call or line at once, even when deleted directly in the database', async () => {
      subject = await open();
      await addCall('gone', [{ text: 'warranty claim one', at: 100 }, { text: 'warranty claim two', at: 200 }]);
      await addCall('kept', [{ text: 'warranty claim three', at: 300 }]);
      expect(keys((await search('warranty')).hits)).toEqual(['kept:1', 'gone:2', 'gone:1']);
      await subject.execute(`DELETE FROM segments WHERE call_id = 'gone' AND seq = 2`);
      expect(keys((await search('warranty')).hits)).toEqual(['kept:1', 'gone:1']);
      await subject.execute(`DELETE FROM calls WHERE id = 'gone'`);
      expect(keys((await search('warranty')).hits)).toEqual(['kept:1']);
      expect(keys((await search('"claim one"')).hits)).toEqual([]);
      // The index is still whole for what stays.
      await addCall('new', [{ text: 'warranty claim four', at: 400 }]);
      expect(keys((await search('warranty claim')).hits)).toEqual(['new:1', 'kept:1']);
    });
  });
}
