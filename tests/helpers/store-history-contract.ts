/**
 * The call history, retention and erasure part of the storage contract, run by both stores: every filter, keyset
 * paging, and deleting a call with every row attached to it (counted in every table that has a `call_id`, so a
 * table added later is covered without touching this test).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NO_HISTORY_FILTER, type CallHistoryFilter } from '../../lib/call-history-filter';
import type { Alert } from '../../lib/rules';
import { newCallRecord, type CallRecord } from '../../server/domain/call-record';
import type { CallPageKey } from '../../server/store/call-history-query';
import type { CallStore } from '../../server/store/call-store';
import { newFinal } from './store-contract';

export interface HistoryStoreUnderTest {
  store: CallStore;
  /** Rows per table that belong to the call: every table with a `call_id` column, `calls` by id, deliveries by alert. */
  callRowCounts(callId: string): Promise<Record<string, number>>;
  dispose(): Promise<void>;
}

function call(id: string, startedAt: number, fields: Partial<CallRecord> = {}): CallRecord {
  return { ...newCallRecord(id, startedAt, null), ...fields };
}

function ended(id: string, startedAt: number, endedAt: number, fields: Partial<CallRecord> = {}): CallRecord {
  return call(id, startedAt, { state: 'disconnected', endedAt, ...fields });
}

function alert(id: string, callId: string): Alert {
  return { id, ruleId: 'r1', ruleName: 'rule', severity: 'warning', kind: 'phrases', callId, seqs: [1], text: 'x', reason: 'said x', at: 5, state: 'open', acknowledgedBy: null, acknowledgedAt: null };
}

const person = (rawId: string, label: string) => ({ rawId, label, kind: 'phoneNumber' as const });

export function describeCallHistoryContract(name: string, open: () => Promise<HistoryStoreUnderTest>) {
  describe(`${name} call history`, () => {
    let subject: HistoryStoreUnderTest | undefined;
    const store = () => {
      if (!subject) throw new Error('store not opened');
      return subject.store;
    };
    afterEach(async () => {
      await subject?.dispose();
      subject = undefined;
    });

    const ids = async (filter: Partial<CallHistoryFilter>, limit = 200) =>
      (await store().listCallPage({ filter: { ...NO_HISTORY_FILTER, ...filter }, after: null, limit })).calls.map((row) => row.callId);

    it('filters by state, start time, language, sentiment, participant, alerts and text', async () => {
      subject = await open();
      const calls = [
        ended('es-1', 100, 900, { locale: 'es-ES', sentimentNow: -0.6, participants: [person('4:+34911000001', 'Lucía Gómez')] }),
        ended('es-2', 200, 800, { detectedLanguage: 'es-MX', sentimentNow: 0.5, lastLine: { speakerLabel: 'Agent', text: 'Gracias por llamar, 100%_done', sentiment: null, seq: 3, piiMasked: false } }),
        ended('en-1', 300, 700, { locale: 'en-US', sentimentNow: 0.1, participants: [person('8:acs:agent-7', 'Sam Agent')] }),
        ended('multi', 400, 600, { metadata: { ...newCallRecord('x', 0, null).metadata, locales: ['en-US', 'es-US'] }, sentimentNow: null }),
        call('live-es', 500, { locale: 'es-ES', sentimentNow: -0.25, participants: [person('4:+34911000002', 'ÁLVARO')] }),
        call('live-en', 600, { state: 'connecting', locale: 'en-GB', sentimentNow: 0.25 }),
      ];
      for (const record of calls) await store().ensureCall(record);
      await store().addAlert(alert('al-1', 'es-1'));
      await store().addAlert(alert('al-2', 'live-en'));

      expect(await ids({})).toEqual(['live-en', 'live-es', 'multi', 'en-1', 'es-2', 'es-1']);
      expect(await ids({ state: 'ended' })).toEqual(['es-1', 'es-2', 'en-1', 'multi']);
      expect(await ids({ state: 'live' })).toEqual(['live-en', 'live-es']);
      expect(await ids({ from: 200, to: 400 })).toEqual(['en-1', 'es-2']);
      expect(await ids({ state: 'ended', language: 'es' })).toEqual(['es-1', 'es-2', 'multi']);
      expect(await ids({ language: 'es-mx' })).toEqual(['es-2']);
      expect(await ids({ language: 'en-gb' })).toEqual(['live-en']);
      expect(await ids({ language: 'fr' })).toEqual([]);
      expect(await ids({ sentiment: 'negative' })).toEqual(['live-es', 'es-1']);
      expect(await ids({ sentiment: 'positive' })).toEqual(['live-en', 'es-2']);
      expect(await ids({ sentiment: 'neutral' })).toEqual(['en-1']);
      // Case-insensitive beyond ASCII, raw id or label.
      expect(await ids({ participant: 'álvaro' })).toEqual(['live-es']);
      expect(await ids({ participant: 'LUCÍA' })).toEqual(['es-1']);
      expect(await ids({ participant: '+3491' })).toEqual(['live-es', 'es-1']);
      expect(await ids({ participant: 'acs:agent' })).toEqual(['en-1']);
      // The JSON around the values is not searched, and LIKE's wildcards are taken literally.
      expect(await ids({ participant: 'rawId' })).toEqual([]);
      expect(await ids({ participant: '%' })).toEqual([]);
      expect(await ids({ participant: '_' })).toEqual([]);
      expect(await ids({ hasAlerts: true })).toEqual(['live-en', 'es-1']);
      expect(await ids({ hasAlerts: false, state: 'ended' })).toEqual(['es-2', 'en-1', 'multi']);
      expect(await ids({ text: 'GRACIAS' })).toEqual(['es-2']);
      expect(await ids({ text: '100%_' })).toEqual(['es-2']);
      expect(await ids({ text: '0%d' })).toEqual([]);
      expect(await ids({ text: 'sam agent' })).toEqual(['en-1']);
      expect(await ids({ text: 'MULTI' })).toEqual(['multi']);
      expect(await ids({ text: "'; DROP TABLE calls; --" })).toEqual([]);
      // Filters combine.
      expect(await ids({ state: 'ended', language: 'es', sentiment: 'negative', hasAlerts: true })).toEqual(['es-1']);
      expect(await ids({ state: 'live', language: 'es', participant: 'alvaro' })).toEqual([]);
    });

    it('finds calls by a word said anywhere in their transcript, pages them exactly, and takes odd text without failing', async () => {
      subject = await open();
      // Nine ended calls of five lines; some say "reembolso" in their third line only (one with an accent), one has it
      // in a participant's name only, and a live call says it too.
      const saying = new Set([1, 3, 4, 7]);
      for (let index = 0; index < 9; index += 1) {
        const id = `c-${index}`;
        const participants = index === 5 ? [person('4:+34911000005', 'Reembolsos Dept')] : [];
        await store().ensureCall(ended(id, 100 + index, 1_000 + index, { participants }));
        const middle = saying.has(index) ? (index === 7 ? 'Ya tramité el reembolsó ayer' : 'Quiero un reembolso de la tarjeta') : 'Necesito cambiar la dirección';
        await store().appendFinals(['Hola, buenos días', 'Le escucho', middle, 'Muy bien', 'Gracias, adiós'].map((text, line) => newFinal(id, text, line * 1_000)));
      }
      await store().ensureCall(call('live-1', 2_000));
      await store().appendFinals([newFinal('live-1', 'Un reembolso, por favor'), newFinal('live-1', 'Claro', 1_000)]);

      // c-5 by its participant's name (a substring, as before), the others by their words.
      const expected = ['c-7', 'c-5', 'c-4', 'c-3', 'c-1'];
      const byWords = ['c-7', 'c-4', 'c-3', 'c-1'];
      expect(await ids({ state: 'ended', text: 'reembolso' })).toEqual(expected);
      expect(await ids({ state: 'ended', text: 'REEMBOLSÓ' })).toEqual(byWords);
      expect(await ids({ text: 'reembolso' })).toEqual(['live-1', ...expected]);
      expect(await ids({ state: 'ended', text: '"quiero un reembolso"' })).toEqual(['c-4', 'c-3', 'c-1']);
      expect(await ids({ state: 'ended', text: 'reemb*' })).toEqual(byWords);
      expect(await ids({ state: 'ended', text: 'reembolso -tarjeta' })).toEqual(['c-7']);
      // Paging by cursor stays exact: every call once, in order.
      const seen: string[] = [];
      let after: CallPageKey | null = null;
      for (let pages = 0; pages < 10; pages += 1) {
        const page: { calls: CallRecord[]; next: CallPageKey | null } = await store().listCallPage({ filter: { ...NO_HISTORY_FILTER, state: 'ended', text: 'reembolso' }, after, limit: 2 });
        seen.push(...page.calls.map((row) => row.callId));
        after = page.next;
        if (after === null) break;
      }
      expect(seen).toEqual(expected);
      // Query syntax, SQL and FTS operators, unicode and long text: an answer, never an error.
      const odd = ['"', '"reembolso', 'reembolso"', 'a*', '*', '-reembolso', 'NEAR(reembolso tarjeta)', 'text:reembolso', 'reembolso OR tarjeta', "' OR 1=1 --", '\\', '%', '(', 'AND', '🙂', 'हिन्दी', '^reembolso', 'x'.repeat(200), 'a '.repeat(100).trim()];
      for (const text of odd) expect(Array.isArray(await ids({ text }))).toBe(true);
      expect(await ids({ state: 'ended', text: '"reembolso' })).toEqual(byWords);
      expect(await ids({ state: 'ended', text: 'NEAR(reembolso tarjeta)' })).toEqual([]);
      expect(await ids({ state: 'ended', text: '-reembolso' })).toEqual([]);
    });

    it('pages through every ended call, newest first, without repeats or gaps', async () => {
      subject = await open();
      // 450 ended calls, many ending in the same millisecond (the id breaks ties), and some live ones.
      for (let index = 0; index < 450; index += 1) await store().ensureCall(ended(`e-${String(index).padStart(3, '0')}`, index, 10_000 + Math.floor(index / 4)));
      for (let index = 0; index < 20; index += 1) await store().ensureCall(call(`l-${index}`, 50_000 + index));
      const seen: string[] = [];
      let after: CallPageKey | null = null;
      let pages = 0;
      do {
        const page: { calls: CallRecord[]; next: CallPageKey | null } = await store().listCallPage({ filter: { ...NO_HISTORY_FILTER, state: 'ended' }, after, limit: 200 });
        seen.push(...page.calls.map((row) => row.callId));
        after = page.next;
        pages += 1;
      } while (after !== null && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(450);
      expect(new Set(seen).size).toBe(450);
      const expected = Array.from({ length: 450 }, (_, index) => `e-${String(index).padStart(3, '0')}`).sort((a, b) => {
        const endA = 10_000 + Math.floor(Number(a.slice(2)) / 4);
        const endB = 10_000 + Math.floor(Number(b.slice(2)) / 4);
        return endB - endA || (a < b ? 1 : -1);
      });
      expect(seen).toEqual(expected);
      // A page exactly at the end says there is no next one.
      const exact = await store().listCallPage({ filter: { ...NO_HISTORY_FILTER, state: 'live' }, after: null, limit: 20 });
      expect(exact.calls).toHaveLength(20);
      expect(exact.next).toBeNull();
      // `all` pages by start time.
      const first = await store().listCallPage({ filter: NO_HISTORY_FILTER, after: null, limit: 15 });
      expect(first.calls.map((row) => row.callId)).toEqual(Array.from({ length: 15 }, (_, index) => `l-${19 - index}`));
      const second = await store().listCallPage({ filter: NO_HISTORY_FILTER, after: first.next, limit: 10 });
      expect(second.calls.map((row) => row.callId)).toEqual(['l-4', 'l-3', 'l-2', 'l-1', 'l-0', 'e-449', 'e-448', 'e-447', 'e-446', 'e-445']);
    });

    it('deletes an ended call with every row attached to it, and leaves live and other calls alone', async () => {
      subject = await open();
      for (const id of ['gone', 'kept', 'live']) {
        await store().ensureCall(id === 'live' ? call(id, 1) : ended(id, 1, 10));
        await store().appendFinals([newFinal(id, `hola ${id}`), newFinal(id, `adiós ${id}`, 1_000)]);
        await store().addSummary({ id: `s-${id}`, callId: id, kind: 'end-of-call', text: 'resumen', locale: 'es-ES', operationContext: null, createdAt: 5 });
        await store().addAudit({ id: `a-${id}`, callId: id, at: 5, actor: 'sam', action: 'summarize', operationContext: null, outcome: 'requested', detail: null });
        await store().addAlert(alert(`al-${id}`, id));
        await store().addDeliveries([{ id: `d-${id}`, alertId: `al-${id}`, targetUrl: 'https://example.test/hook', format: 'earshot', body: '{}', state: 'pending', lastError: null, createdAt: 5 }]);
        await store().claimStream(id, 'instance-a', 1_000);
      }
      const before = await subject.callRowCounts('gone');
      expect(before).toMatchObject({ calls: 1, segments: 2, summaries: 1, audit_entries: 1, alerts: 1, alert_deliveries: 1 });

      expect(await store().deleteEndedCalls(['gone', 'live', 'unknown'])).toEqual(['gone']);
      const after = await subject.callRowCounts('gone');
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      for (const [table, count] of Object.entries(after)) expect({ table, count }).toEqual({ table, count: 0 });
      expect(await subject.callRowCounts('kept')).toEqual(before);
      expect(await subject.callRowCounts('live')).toEqual(before);
      expect(await store().getCall('gone')).toBeNull();
      expect(await ids({ text: 'gone' })).toEqual([]);
      // Idempotent: a second sweep (another instance) finds nothing to do.
      expect(await store().deleteEndedCalls(['gone'])).toEqual([]);
      // A call that comes back under the same id numbers its lines from 1 again.
      await store().ensureCall(call('gone', 20));
      expect((await store().appendFinals([newFinal('gone', 'otra vez')])).map((segment) => segment.seq)).toEqual([1]);
    });

    it('finds calls ended before a time, the longest-ended first', async () => {
      subject = await open();
      await store().ensureCall(ended('old-2', 1, 200));
      await store().ensureCall(ended('old-1', 1, 100));
      await store().ensureCall(ended('recent', 1, 5_000));
      await store().ensureCall(call('live', 1));
      await store().appendFinals([newFinal('old-2', 'uno'), newFinal('old-2', 'dos', 1_000)]);
      expect(await store().listCallsEndedBefore(1_000, 10)).toEqual([
        { callId: 'old-1', lines: 0 },
        { callId: 'old-2', lines: 2 },
      ]);
      expect(await store().listCallsEndedBefore(1_000, 1)).toEqual([{ callId: 'old-1', lines: 0 }]);
      expect(await store().listCallsEndedBefore(0, 10)).toEqual([]);
    });

    it('erases an ended call and records who did it; refuses a live or unknown call', async () => {
      subject = await open();
      await store().ensureCall(ended('done', 1, 10));
      await store().appendFinals([newFinal('done', 'secreto')]);
      await store().ensureCall(call('live', 1));
      const erasure = (id: string, callId: string, at: number) => ({ id, callId, actor: 'sam', at, reason: at === 1_000 ? 'data-subject request' : null });
      expect(await store().eraseCall(erasure('x1', 'live', 900))).toBe('not_ended');
      expect(await store().eraseCall(erasure('x2', 'nobody', 900))).toBe('not_found');
      expect(await store().eraseCall(erasure('x3', 'done', 1_000))).toBe('erased');
      expect(await store().eraseCall(erasure('x4', 'done', 1_100))).toBe('not_found');
      expect(await store().getCall('done')).toBeNull();
      expect(await store().getCall('live')).not.toBeNull();
      expect(Object.values(await subject.callRowCounts('done')).every((count) => count === 0)).toBe(true);
      await store().ensureCall(ended('done-2', 1, 10));
      expect(await store().eraseCall(erasure('x5', 'done-2', 2_000))).toBe('erased');
      expect(await store().listErasures(10)).toEqual([erasure('x5', 'done-2', 2_000), { id: 'x3', callId: 'done', actor: 'sam', at: 1_000, reason: 'data-subject request' }]);
      expect(await store().listErasures(1)).toHaveLength(1);
    });
  });
}
