/**
 * The storage contract as tests: every CallStore implementation runs this same suite (SQLite today; a
 * PostgreSQL store plugs in with its own `open`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation, FinalSegment } from '../../lib/protocol';
import type { Alert, Rule, RuleDefinition } from '../../lib/rules';
import { newCallRecord, type NewFinal } from '../../server/domain/call-record';
import { finalKey } from '../../server/domain/final-key';
import type { CallStore } from '../../server/store/call-store';
import type { NewDelivery } from '../../server/store/delivery-store';

export interface StoreUnderTest {
  store: CallStore;
  /** Opens the same database again (a restart). */
  reopen(): Promise<CallStore>;
  /** Writes a raw value into a call's column, to simulate a corrupt row. */
  corruptCall(callId: string, column: string, value: string): Promise<void>;
  dispose(): Promise<void>;
}

export function newFinal(callId: string, text: string, offsetMs = 0, speaker = '4:+14255550100'): NewFinal {
  return {
    status: 'final',
    callId,
    utteranceId: `u-${text}`,
    speaker: { rawId: speaker, kind: 'phoneNumber', label: speaker.slice(2) },
    text,
    offsetMs,
    durationMs: 900,
    confidence: 0.9,
    words: [{ text, offsetMs, durationMs: 400 }],
    sentiment: 'neutral',
    language: 'en-US',
    piiMasked: false,
    receivedAt: 1,
    dedupKey: finalKey({ speakerRawId: speaker, offsetMs, durationMs: 900, text }),
  };
}

const seqs = (segments: FinalSegment[]) => segments.map((segment) => `${segment.callId}:${segment.seq}:${segment.text}`);

export function describeCallStoreContract(name: string, open: () => Promise<StoreUnderTest>) {
  describe(`${name} call store`, () => {
    let subject: StoreUnderTest | undefined;
    const store = () => {
      if (!subject) throw new Error('store not opened');
      return subject.store;
    };
    afterEach(async () => {
      await subject?.dispose();
      subject = undefined;
    });

    it('round-trips a call with every field, and updates only the fields it is given', async () => {
      subject = await open();
      const call = {
        ...newCallRecord('a', 10, 'corr'),
        locale: 'es-ES',
        pending: [{ action: 'summarize' as const, operationContext: 'ctx', requestedAt: 5, requestedBy: 'sam', locale: null }],
        lastError: { action: 'transcription' as const, code: '8581', message: 'x', at: 6 },
      };
      call.metadata = { ...call.metadata, locales: ['es-ES', 'en-US'], sentimentAnalysis: true, piiRedaction: { enabled: true, redactionType: 'MaskWithCharacter' } };
      expect((await store().ensureCall(call)).created).toBe(true);
      expect((await store().ensureCall({ ...call, locale: 'fr-FR' })).created).toBe(false);
      expect(await store().getCall('a')).toEqual(call);
      // Two writers touching different fields: neither clobbers the other.
      await store().updateCalls([{ callId: 'a', patch: { state: 'disconnected', endedAt: 20 } }]);
      await store().updateCalls([{ callId: 'a', patch: { sentimentNow: -0.5, sentimentTrend: [-0.5] } }]);
      const others = Array.from({ length: 95 }, (_, index) => newCallRecord(`c${index}`, index, null));
      for (const other of others) await store().ensureCall(other);
      await store().updateCalls(others.map((other) => ({ callId: other.callId, patch: { state: 'disconnected' as const } })));
      expect(await store().getCall('a')).toEqual({ ...call, state: 'disconnected', endedAt: 20, sentimentNow: -0.5, sentimentTrend: [-0.5] });
      expect((await store().getCall('c94'))?.state).toBe('disconnected');
      expect((await store().listCalls(10)).map((row) => row.callId)).toEqual(['c94', 'c93', 'c92', 'c91', 'c90', 'c89', 'c88', 'c87', 'c86', 'c85']);
    });

    it('numbers finals per call with no gap, in the order given, and stores a repeat once', async () => {
      subject = await open();
      await store().ensureCall(newCallRecord('x', 0, null));
      await store().ensureCall(newCallRecord('y', 0, null));
      const first = await store().appendFinals([newFinal('x', 'one'), newFinal('y', 'uno'), newFinal('x', 'two', 1000), newFinal('x', 'one')]);
      expect(seqs(first)).toEqual(['x:1:one', 'y:1:uno', 'x:2:two']);
      const again = await store().appendFinals([newFinal('x', 'two', 1000), newFinal('x', 'three', 2000), newFinal('y', 'uno'), newFinal('y', 'dos', 1000)]);
      expect(seqs(again)).toEqual(['x:3:three', 'y:2:dos']);
      expect((await store().segmentsAfter('x', 0, 10)).map((segment) => segment.text)).toEqual(['one', 'two', 'three']);
      expect((await store().segmentsAfter('x', 1, 10)).map((segment) => segment.seq)).toEqual([2, 3]);
      expect((await store().getCall('x'))?.lastSeq).toBe(3);
      const round = (await store().segmentsAfter('y', 0, 1))[0];
      const { dedupKey: _key, ...expected } = newFinal('y', 'uno');
      expect(round).toEqual({ ...expected, seq: 1 });
    });

    it('lists every live call and the most recently ended calls, by state', async () => {
      subject = await open();
      // Many more live calls than ended ones, started after them: "the newest N" would not do.
      for (let index = 0; index < 30; index += 1) {
        await store().ensureCall({ ...newCallRecord(`ended-${index}`, index, null), state: 'disconnected', endedAt: 1_000 + ((index * 7) % 30) });
      }
      for (let index = 0; index < 250; index += 1) await store().ensureCall({ ...newCallRecord(`live-${index}`, 100 + index, null), state: index % 10 === 0 ? 'connecting' : 'connected' });
      const live = await store().listLiveCalls(10_000);
      expect(live).toHaveLength(250);
      expect(live[0]?.callId).toBe('live-0');
      expect(live.at(-1)?.callId).toBe('live-249');
      expect((await store().listLiveCalls(5)).map((call) => call.callId)).toEqual(['live-0', 'live-1', 'live-2', 'live-3', 'live-4']);
      const ended = await store().listEndedCalls(4);
      expect(ended.map((call) => call.endedAt)).toEqual([1_029, 1_028, 1_027, 1_026]);
      expect(ended.every((call) => call.state === 'disconnected')).toBe(true);
    });

    it('pages final lines without their words, forward and backward', async () => {
      subject = await open();
      await store().ensureCall(newCallRecord('p', 0, null));
      await store().appendFinals(Array.from({ length: 12 }, (_, index) => newFinal('p', `line ${index + 1}`, index * 1_000)));
      const texts = (lines: { text: string }[]) => lines.map((line) => line.text);
      expect(texts(await store().linesBefore('p', null, 3))).toEqual(['line 10', 'line 11', 'line 12']);
      expect(texts(await store().linesBefore('p', 10, 4))).toEqual(['line 6', 'line 7', 'line 8', 'line 9']);
      expect(texts(await store().linesBefore('p', 3, 10))).toEqual(['line 1', 'line 2']);
      expect(await store().linesBefore('p', 1, 10)).toEqual([]);
      expect(texts(await store().linesAfter('p', 9, 10))).toEqual(['line 10', 'line 11', 'line 12']);
      const [line] = await store().linesAfter('p', 0, 1);
      const { words: _words, ...segment } = (await store().segmentsAfter('p', 0, 1))[0] as FinalSegment;
      expect(line).toEqual(segment);
      expect(line).not.toHaveProperty('words');
    });

    it('recognises a repeat after a restart, and keeps numbering where it stopped', async () => {
      subject = await open();
      await store().ensureCall(newCallRecord('r', 0, null));
      await store().appendFinals([newFinal('r', 'before'), newFinal('r', 'crash', 500)]);
      const reopened = await subject.reopen();
      expect(await reopened.recentFinalKeys('r', 10)).toEqual([newFinal('r', 'crash', 500).dedupKey, newFinal('r', 'before').dedupKey]);
      expect(seqs(await reopened.appendFinals([newFinal('r', 'crash', 500), newFinal('r', 'after', 900)]))).toEqual(['r:3:after']);
    });

    it('records processed event ids once and forgets old ones', async () => {
      subject = await open();
      expect(await store().hasProcessedEvent('e1')).toBe(false);
      expect(await store().recordProcessedEvent('e1', 100)).toBe(true);
      expect(await store().recordProcessedEvent('e1', 200)).toBe(false);
      expect(await store().hasProcessedEvent('e1')).toBe(true);
      await store().recordProcessedEvent('e2', 300);
      expect(await store().deleteProcessedEventsBefore(250)).toBe(1);
      expect(await store().hasProcessedEvent('e1')).toBe(false);
      expect(await store().hasProcessedEvent('e2')).toBe(true);
    });

    it('fails loudly on a stored value it cannot read, and keeps listing the other calls', async () => {
      subject = await open();
      await store().ensureCall(newCallRecord('good', 1, null));
      await store().ensureCall(newCallRecord('bad', 2, null));
      await subject.corruptCall('bad', 'state', 'exploded');
      await expect(store().getCall('bad')).rejects.toThrow('Corrupt value in calls.state of row bad');
      expect((await store().listCalls(10)).map((call) => call.callId)).toEqual(['good']);
      await subject.corruptCall('good', 'participants_json', '{not json');
      await expect(store().getCall('good')).rejects.toThrow('calls.participants_json');
    });

    it('lets exactly one taker have a ringing call', async () => {
      subject = await open();
      await store().addRingingCall({ id: 'ring-1', incomingCallContext: 'ctx', fromRawId: null, toRawId: null, callerDisplayName: null, receivedAt: 1, expiresAt: 10_000 });
      const takes = await Promise.all([store().takeRingingCall('ring-1'), store().takeRingingCall('ring-1'), store().takeRingingCall('ring-1')]);
      expect(takes.filter((take) => take !== null)).toHaveLength(1);
    });

    // ---- Alert webhook deliveries (DeliveryStore) ----
    const delivery = (id: string, alertId: string, createdAt: number, overrides: Partial<NewDelivery> = {}): NewDelivery => ({
      id,
      alertId,
      targetUrl: `https://hooks.example.com/${id}`,
      format: 'earshot',
      body: `{"id":"${id}"}`,
      state: 'pending',
      lastError: null,
      createdAt,
      ...overrides,
    });

    it('queues deliveries, lets exactly one claimer take each, and counts attempts at the claim', async () => {
      subject = await open();
      await store().addDeliveries([delivery('d1', 'a1', 100), delivery('d2', 'a1', 100, { format: 'slack' }), delivery('d3', 'a2', 100, { state: 'failed', lastError: 'queue full', body: '' })]);
      expect(await store().countPendingDeliveries()).toBe(2);
      const claims = await Promise.all([store().claimDelivery('d1', 'i1', 150, 1_000), store().claimDelivery('d1', 'i2', 150, 1_000), store().claimDelivery('d1', 'i3', 150, 1_000)]);
      const won = claims.filter((claim) => claim !== null);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ id: 'd1', alertId: 'a1', state: 'pending', attempts: 1, lastAttemptAt: 150, claimedUntil: 1_000, body: '{"id":"d1"}', format: 'earshot' });
      // A failed delivery, a delivery not yet due and an unknown id cannot be claimed.
      expect(await store().claimDelivery('d3', 'i1', 150, 1_000)).toBeNull();
      expect(await store().claimDelivery('d2', 'i1', 99, 1_000)).toBeNull();
      expect(await store().claimDelivery('nope', 'i1', 150, 1_000)).toBeNull();
      expect((await store().listDeliveries('a1')).map((row) => [row.id, row.format, row.state])).toEqual([
        ['d1', 'earshot', 'pending'],
        ['d2', 'slack', 'pending'],
      ]);
      expect(await store().listDeliveries('a2')).toMatchObject([{ id: 'd3', state: 'failed', lastError: 'queue full', attempts: 0, nextAttemptAt: null }]);
    });

    it('stores a delivery its instance sends at once already claimed, with its first attempt counted', async () => {
      subject = await open();
      await store().addDeliveries([delivery('d1', 'a1', 100, { claim: { instanceId: 'i1', until: 1_000 } }), delivery('d2', 'a1', 100), delivery('d3', 'a1', 100, { state: 'failed', lastError: 'refused', body: '', claim: { instanceId: 'i1', until: 1_000 } })]);
      expect(await store().listDeliveries('a1')).toMatchObject([
        { id: 'd1', state: 'pending', attempts: 1, claimedBy: 'i1', claimedUntil: 1_000, lastAttemptAt: 100, nextAttemptAt: 100 },
        { id: 'd2', state: 'pending', attempts: 0, claimedBy: null, claimedUntil: null, lastAttemptAt: null },
        // A claim means nothing on a delivery that is not pending.
        { id: 'd3', state: 'failed', attempts: 0, claimedBy: null, nextAttemptAt: null },
      ]);
      expect(await store().claimDelivery('d1', 'i2', 999, 2_000)).toBeNull();
      expect((await store().claimDueDeliveries('i2', 999, 2_000, 10)).map((row) => row.id)).toEqual(['d2']);
      expect(await store().finishDeliveryAttempt('d1', 'i1', { state: 'delivered', lastStatus: 200, lastError: null, nextAttemptAt: null })).toBe(true);
      // Had i1 died instead, the lease runs out and another instance takes it, counting a second attempt.
      await store().addDeliveries([delivery('d4', 'a2', 100, { claim: { instanceId: 'crashed', until: 1_000 } })]);
      expect(await store().claimDelivery('d4', 'i2', 1_000, 2_000)).toMatchObject({ id: 'd4', claimedBy: 'i2', attempts: 2 });
    });

    it('records an attempt only for the instance holding the claim, and lets another take over once the lease runs out', async () => {
      subject = await open();
      await store().addDeliveries([delivery('d1', 'a1', 100)]);
      const claimerId = (await store().claimDelivery('d1', 'crashed', 100, 200))?.claimedBy;
      expect(claimerId).toBe('crashed');
      expect(await store().claimDueDeliveries('other', 199, 1_000, 10)).toEqual([]);
      const taken = await store().claimDueDeliveries('other', 200, 1_000, 10);
      expect(taken.map((row) => [row.id, row.claimedBy, row.attempts])).toEqual([['d1', 'other', 2]]);
      // The crashed instance's late result is ignored; the holder's is kept and drops the claim.
      expect(await store().finishDeliveryAttempt('d1', 'crashed', { state: 'delivered', lastStatus: 200, lastError: null, nextAttemptAt: null })).toBe(false);
      expect(await store().finishDeliveryAttempt('d1', 'other', { state: 'pending', lastStatus: 503, lastError: 'HTTP 503', nextAttemptAt: 5_000 })).toBe(true);
      expect(await store().listDeliveries('a1')).toMatchObject([{ state: 'pending', attempts: 2, lastStatus: 503, lastError: 'HTTP 503', nextAttemptAt: 5_000, claimedBy: null, claimedUntil: null }]);
      expect(await store().claimDueDeliveries('other', 4_999, 9_000, 10)).toEqual([]);
      expect((await store().claimDueDeliveries('other', 5_000, 9_000, 10)).map((row) => row.attempts)).toEqual([3]);
      expect(await store().finishDeliveryAttempt('d1', 'other', { state: 'delivered', lastStatus: 204, lastError: null, nextAttemptAt: 99 })).toBe(true);
      expect(await store().listDeliveries('a1')).toMatchObject([{ state: 'delivered', attempts: 3, lastStatus: 204, lastError: null, nextAttemptAt: null }]);
      expect(await store().countPendingDeliveries()).toBe(0);
      expect(await store().claimDueDeliveries('other', 1_000_000, 2_000_000, 10)).toEqual([]);
    });

    it('splits due deliveries between pollers claiming at once, none twice, the longest-due first, and resumes after a restart', async () => {
      subject = await open();
      await store().addDeliveries(Array.from({ length: 30 }, (_, index) => delivery(`d${index}`, `a${index % 3}`, 100 + index)));
      await store().addDeliveries([delivery('later', 'a0', 10_000)]);
      const rounds = await Promise.all(['p1', 'p2', 'p3'].map((instance) => store().claimDueDeliveries(instance, 1_000, 2_000, 12)));
      const ids = rounds.flat().map((row) => row.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      expect(ids).not.toContain('later');
      const first = await store().claimDueDeliveries('p4', 3_000, 4_000, 2);
      expect(first.map((row) => row.id)).toEqual(['d0', 'd1']);
      const reopened = await subject.reopen();
      expect(await reopened.countPendingDeliveries()).toBe(31);
      expect((await reopened.claimDueDeliveries('after-restart', 20_000, 30_000, 100)).length).toBe(31);
    });

    // ------------------------------------------------------------ triage: rules and alerts

    it('stores rules as their JSON definition: create, read, list oldest first (and count), replace, delete', async () => {
      subject = await open();
      const first = triageRule('r1', 10, { name: 'Cancel', severity: 'warning', enabled: true, cooldownSeconds: 300, when: { kind: 'phrases', phrases: ['cancel', 'cancelación'], regex: 'refund(ed)?', speaker: 'caller' }, webhooks: ['https://hooks.example/a', { url: 'https://hooks.slack.example/x', format: 'slack' }] });
      const second = triageRule('r2', 5, { name: 'Quiet', severity: 'info', enabled: false, cooldownSeconds: 0, when: { kind: 'silence', seconds: 30 } });
      expect(await store().createRule(first)).toBe(true);
      expect(await store().createRule(second)).toBe(true);
      expect(await store().listRules()).toHaveLength(2);
      expect(await store().getRule('r1')).toEqual(first);
      expect(await store().listRules()).toEqual([second, first]);
      const replaced = { ...first, name: 'Cancel (es)', when: { kind: 'negativeStreak' as const, count: 3, speaker: 'any' as const }, updatedAt: 20, updatedBy: 'alex' };
      expect(await store().replaceRule(replaced)).toEqual(replaced);
      expect(await store().replaceRule({ ...replaced, id: 'nope' })).toBeNull();
      expect(await store().deleteRule('r2')).toBe(true);
      expect(await store().deleteRule('r2')).toBe(false);
      expect(await store().getRule('r2')).toBeNull();
      expect(await store().listRules()).toEqual([replaced]);
    });

    it('creates rules up to a bound, never past it, however many creations arrive at once', async () => {
      subject = await open();
      const definition = { name: 'Bound', severity: 'info' as const, enabled: true, cooldownSeconds: 0, when: { kind: 'silence' as const, seconds: 30 } };
      expect(await store().createRule(triageRule('b0', 1, definition), 5)).toBe(true);
      // Twelve at the same moment (on PostgreSQL, on several connections of the pool): exactly four more fit.
      const created = await Promise.all(Array.from({ length: 12 }, (_, index) => store().createRule(triageRule(`b${index + 1}`, 2, definition), 5)));
      expect(created.filter(Boolean)).toHaveLength(4);
      expect(await store().listRules()).toHaveLength(5);
      expect(await store().createRule(triageRule('b-late', 3, definition), 5)).toBe(false);
      // After a deletion there is room for one again.
      expect(await store().deleteRule('b0')).toBe(true);
      expect(await store().createRule(triageRule('b-after', 4, definition), 5)).toBe(true);
      expect(await store().listRules()).toHaveLength(5);
    });

    it('stores alerts and lists them newest first, open or all, by call, within the limit', async () => {
      subject = await open();
      const alerts = [
        triageAlert('a1', 'c1', 'r1', 100),
        triageAlert('a2', 'c2', 'r1', 300, { seqs: [], kind: 'silence', text: 'No final line for 31 s.', reason: 'silent 31 s' }),
        triageAlert('a3', 'c1', 'r2', 200, { state: 'acknowledged', acknowledgedBy: 'sam', acknowledgedAt: 250, severity: 'critical' }),
      ];
      await store().addAlert(alerts[0] as Alert);
      // A batch; an alert already stored is skipped, not an error.
      await store().addAlerts([alerts[1] as Alert, alerts[2] as Alert, alerts[0] as Alert]);
      await store().addAlerts([]);
      expect(await store().getAlert('a2')).toEqual(alerts[1]);
      expect(await store().getAlert('none')).toBeNull();
      expect((await store().listAlerts({ state: 'open', limit: 10 })).map((alert) => alert.id)).toEqual(['a2', 'a1']);
      expect((await store().listAlerts({ state: 'all', limit: 10 })).map((alert) => alert.id)).toEqual(['a2', 'a3', 'a1']);
      expect((await store().listAlerts({ state: 'all', callId: 'c1', limit: 10 })).map((alert) => alert.id)).toEqual(['a3', 'a1']);
      expect((await store().listAlerts({ state: 'all', limit: 1 })).map((alert) => alert.id)).toEqual(['a2']);
      expect(await store().listAlerts({ state: 'open', callId: 'c3', limit: 10 })).toEqual([]);
    });

    it('stores a large batch of alerts in one call', async () => {
      subject = await open();
      const many = Array.from({ length: 250 }, (_, index) => triageAlert(`m${index}`, `call-${index % 7}`, 'r1', 1_000 + index));
      await store().addAlerts(many);
      expect((await store().listAlerts({ state: 'all', limit: 500 })).map((alert) => alert.id)).toEqual(many.map((alert) => alert.id).reverse());
    });

    it('acknowledges an alert once, atomically: of two acks at once exactly one changes it', async () => {
      subject = await open();
      await store().addAlert(triageAlert('a1', 'c1', 'r1', 100));
      const both = await Promise.all([store().acknowledgeAlert('a1', 'sam', 500), store().acknowledgeAlert('a1', 'alex', 501)]);
      expect(both.filter((result) => result?.changed)).toHaveLength(1);
      const winner = both.find((result) => result?.changed)?.alert;
      expect(winner).toMatchObject({ id: 'a1', state: 'acknowledged' });
      // Both callers see the one stored acknowledgement.
      for (const result of both) expect(result?.alert).toEqual(winner);
      expect(await store().acknowledgeAlert('a1', 'kim', 900)).toEqual({ alert: winner, changed: false });
      expect(await store().acknowledgeAlert('none', 'kim', 900)).toBeNull();
      expect(await store().listAlerts({ state: 'open', limit: 10 })).toEqual([]);
    });

    it("counts a call's open alerts by severity, every one of them, with the newest one's reason", async () => {
      subject = await open();
      expect(await store().countOpenAlerts('c1')).toEqual({ critical: 0, warning: 0, info: 0, newestReason: null });
      const many = Array.from({ length: 60 }, (_, index) => triageAlert(`w${index}`, 'c1', 'r1', 1_000 + index, { severity: 'warning', reason: `warning ${index}` }));
      await store().addAlerts([
        ...many,
        triageAlert('k1', 'c1', 'r2', 500, { severity: 'critical', reason: 'older critical' }),
        triageAlert('k2', 'c1', 'r2', 2_000, { severity: 'critical', reason: 'acknowledged', state: 'acknowledged', acknowledgedBy: 'sam', acknowledgedAt: 2_100 }),
        triageAlert('i1', 'c2', 'r3', 3_000, { severity: 'info', reason: 'another call' }),
      ]);
      expect(await store().countOpenAlerts('c1')).toEqual({ critical: 1, warning: 60, info: 0, newestReason: 'warning 59' });
      // Two alerts at the same moment: the one with the greater id is the newest, as the alert list orders them.
      await store().addAlert(triageAlert('w99', 'c1', 'r1', 1_059, { severity: 'info', reason: 'tie, greater id' }));
      expect(await store().countOpenAlerts('c1')).toEqual({ critical: 1, warning: 60, info: 1, newestReason: 'tie, greater id' });
      await store().acknowledgeAlert('k1', 'sam', 5_000);
      expect(await store().countOpenAlerts('c1')).toMatchObject({ critical: 0 });
      expect(await store().countOpenAlerts('c2')).toEqual({ critical: 0, warning: 0, info: 1, newestReason: 'another call' });
    });

    it('tells when each rule last fired on a call', async () => {
      subject = await open();
      for (const alert of [triageAlert('a1', 'c1', 'r1', 100), triageAlert('a2', 'c1', 'r1', 400), triageAlert('a3', 'c1', 'r2', 200), triageAlert('a4', 'c2', 'r1', 900)]) await store().addAlert(alert);
      expect(await store().lastAlertTimes('c1')).toEqual(new Map([['r1', 400], ['r2', 200]]));
      expect(await store().lastAlertTimes('c3')).toEqual(new Map());
      // A restart reads the same.
      const reopened = await subject.reopen();
      expect(await reopened.lastAlertTimes('c1')).toEqual(new Map([['r1', 400], ['r2', 200]]));
    });

    it('records each supervisor\'s last look at a call, returns the one it replaces, and never moves its line back', async () => {
      subject = await open();
      await store().ensureCall(newCallRecord('looked', 0, null));
      expect(await store().recordCallLook({ username: 'sam', callId: 'looked', lastSeq: 3, lookedAt: 100 })).toBeNull();
      expect(await store().recordCallLook({ username: 'ana', callId: 'looked', lastSeq: 1, lookedAt: 110 })).toBeNull();
      expect(await store().recordCallLook({ username: 'sam', callId: 'looked', lastSeq: 7, lookedAt: 200 })).toEqual({ username: 'sam', callId: 'looked', lastSeq: 3, lookedAt: 100 });
      // A second tab that had fewer lines leaves later: the time moves on, the line does not go back.
      await store().recordCallLook({ username: 'sam', callId: 'looked', lastSeq: 5, lookedAt: 300 });
      const reopened = await subject.reopen();
      expect(await reopened.recordCallLook({ username: 'sam', callId: 'looked', lastSeq: 7, lookedAt: 400 })).toEqual({ username: 'sam', callId: 'looked', lastSeq: 7, lookedAt: 300 });
      expect(await reopened.recordCallLook({ username: 'ana', callId: 'looked', lastSeq: 2, lookedAt: 410 })).toEqual({ username: 'ana', callId: 'looked', lastSeq: 1, lookedAt: 110 });
      expect(await reopened.getCallLook('ana', 'looked')).toEqual({ username: 'ana', callId: 'looked', lastSeq: 2, lookedAt: 410 });
      expect(await reopened.getCallLook('bob', 'looked')).toBeNull();
      // A look belongs to a stored call.
      await expect(reopened.recordCallLook({ username: 'sam', callId: 'no-such-call', lastSeq: 1, lookedAt: 1 })).rejects.toThrow();
    });

    it('gives up many stream leases at once, only those this instance still holds', async () => {
      subject = await open();
      const mine = Array.from({ length: 620 }, (_, index) => `lease-${index}`);
      for (const callId of [...mine, 'taken-over']) {
        await store().ensureCall(newCallRecord(callId, 0, null));
        await store().claimStream(callId, 'instance-a', 10_000);
      }
      // ACS reconnected one stream to instance B before A saw its socket close.
      await store().claimStream('taken-over', 'instance-b', 10_000);
      const released = await store().releaseStreams([...mine, 'taken-over', 'unknown-call'], 'instance-a');
      expect(released.sort()).toEqual([...mine].sort());
      const unowned = new Set((await store().listUnownedOpenCalls(5_000, 1_000)).map((call) => call.callId));
      expect(unowned.has('lease-0') && unowned.has('lease-619')).toBe(true);
      expect(unowned.has('taken-over')).toBe(false);
      // Given up already: a second release finds nothing of A's.
      expect(await store().releaseStreams(mine.slice(0, 3), 'instance-a')).toEqual([]);
      expect(await store().releaseStreams([], 'instance-a')).toEqual([]);
    });

    it('records a supervisor\'s looks at many calls at once, keeping the furthest line and skipping calls that are gone', async () => {
      subject = await open();
      // More calls than one statement takes, so the chunks meet.
      const callIds = Array.from({ length: 450 }, (_, index) => `many-${index}`);
      for (const callId of callIds) await store().ensureCall(newCallRecord(callId, 0, null));
      await store().recordCallLook({ username: 'sam', callId: 'many-0', lastSeq: 9, lookedAt: 100 });
      await store().recordCallLook({ username: 'ana', callId: 'many-1', lastSeq: 4, lookedAt: 100 });
      const looks = [...callIds.map((callId, index) => ({ callId, lastSeq: index % 5 })), { callId: 'gone', lastSeq: 3 }, { callId: 'many-2', lastSeq: 8 }];
      await store().recordCallLooks('sam', looks, 500);
      // The line never goes back (many-0 stays at 9), the time moves on; a call listed twice keeps its furthest line.
      expect(await store().getCallLook('sam', 'many-0')).toEqual({ username: 'sam', callId: 'many-0', lastSeq: 9, lookedAt: 500 });
      expect(await store().getCallLook('sam', 'many-2')).toEqual({ username: 'sam', callId: 'many-2', lastSeq: 8, lookedAt: 500 });
      expect(await store().getCallLook('sam', 'many-449')).toEqual({ username: 'sam', callId: 'many-449', lastSeq: 4, lookedAt: 500 });
      expect(await store().getCallLook('sam', 'gone')).toBeNull();
      // Another supervisor's looks are their own.
      expect(await store().getCallLook('ana', 'many-1')).toEqual({ username: 'ana', callId: 'many-1', lastSeq: 4, lookedAt: 100 });
      expect(await store().getCallLook('ana', 'many-2')).toBeNull();
      await store().recordCallLooks('sam', [], 600);
      await store().recordCallLooks('sam', [{ callId: 'gone', lastSeq: 1 }], 600);
      const reopened = await subject.reopen();
      expect(await reopened.getCallLook('sam', 'many-3')).toEqual({ username: 'sam', callId: 'many-3', lastSeq: 3, lookedAt: 500 });
    });

    it('stores bookmarks and notes per call, oldest first; only the author deletes one; they go with their call', async () => {
      subject = await open();
      await store().ensureCall(newCallRecord('n1', 0, null));
      await store().ensureCall(newCallRecord('n2', 0, null));
      const note = (id: string, callId: string, createdAt: number, extra: Partial<Annotation> = {}): Annotation => ({ id, callId, seq: null, kind: 'note', text: `note ${id}`, author: 'sam', createdAt, ...extra });
      const bookmark = note('b1', 'n1', 200, { seq: 3, kind: 'bookmark', text: null, author: 'kim' });
      await store().addAnnotation(note('a2', 'n1', 300, { text: 'Ünïcödé — नमस्ते 👋' }));
      await store().addAnnotation(bookmark);
      await store().addAnnotation(note('a1', 'n1', 100, { seq: 7 }));
      await store().addAnnotation(note('c1', 'n2', 50));
      expect((await store().listAnnotations('n1', 10)).map((annotation) => annotation.id)).toEqual(['a1', 'b1', 'a2']);
      expect((await store().listAnnotations('n1', 10))[1]).toEqual(bookmark);
      expect((await store().listAnnotations('n1', 10))[2]?.text).toBe('Ünïcödé — नमस्ते 👋');
      expect(await store().listAnnotations('n1', 2)).toHaveLength(2);
      expect(await store().countAnnotations('n1')).toBe(3);
      expect(await store().deleteAnnotation('n1', 'b1', 'sam')).toBe('not_author');
      expect(await store().deleteAnnotation('n2', 'b1', 'kim')).toBe('not_found');
      expect(await store().deleteAnnotation('n1', 'nope', 'kim')).toBe('not_found');
      expect(await store().deleteAnnotation('n1', 'b1', 'kim')).toBe('deleted');
      expect(await store().deleteAnnotation('n1', 'b1', 'kim')).toBe('not_found');
      expect((await store().listAnnotations('n1', 10)).map((annotation) => annotation.id)).toEqual(['a1', 'a2']);
      // A note on an unknown call is refused by the foreign key.
      await expect(store().addAnnotation(note('x1', 'missing', 1))).rejects.toThrow();
      const reopened = await subject.reopen();
      expect(await reopened.countAnnotations('n2')).toBe(1);
    });

    it('keeps users with roles and teams, ends a user\'s sessions, and never leaves no enabled admin', async () => {
      subject = await open();
      const s = store();
      expect(await s.createSupervisor({ username: 'root', passwordHash: 'h0', createdAt: 1 })).toBe(true);
      expect(await s.getUser('root')).toEqual({ username: 'root', role: 'admin', disabled: false, teamIds: [], createdAt: 1 });
      const team = { id: 't1', name: 'Seattle', match: ['4:+1425555*', '8:acs:bot'], createdAt: 2 };
      expect(await s.createTeam(team)).toEqual({ ok: true, team });
      expect(await s.createTeam({ ...team, id: 't2' })).toEqual({ ok: false, reason: 'duplicate_name' });
      expect(await s.createTeam({ id: 't2', name: 'Ünïcödé 👋', match: [], createdAt: 3 })).toMatchObject({ ok: true });
      expect(await s.createUser({ username: 'vic', passwordHash: 'h1', role: 'viewer', teamIds: ['t1', 'nope'], createdAt: 4 })).toBe('unknown_team');
      expect(await s.getUser('vic')).toBeNull();
      expect(await s.createUser({ username: 'vic', passwordHash: 'h1', role: 'viewer', teamIds: ['t2', 't1'], createdAt: 4 })).toBe('created');
      expect(await s.createUser({ username: 'vic', passwordHash: 'h2', role: 'admin', teamIds: [], createdAt: 5 })).toBe('exists');
      expect(await s.getUser('vic')).toEqual({ username: 'vic', role: 'viewer', disabled: false, teamIds: ['t1', 't2'], createdAt: 4 });
      expect((await s.getSupervisor('vic'))?.passwordHash).toBe('h1');
      expect((await s.listUsers()).map((user) => `${user.username}:${user.role}`)).toEqual(['root:admin', 'vic:viewer']);
      expect((await s.listTeams()).map((entry) => entry.name)).toEqual(['Seattle', 'Ünïcödé 👋']);

      expect(await s.updateUser('vic', { role: 'supervisor', teamIds: ['t2'], disabled: true, passwordHash: 'h3' })).toEqual({
        ok: true,
        user: { username: 'vic', role: 'supervisor', disabled: true, teamIds: ['t2'], createdAt: 4 },
      });
      expect(await s.getSupervisor('vic')).toMatchObject({ passwordHash: 'h3', disabled: true });
      expect(await s.updateUser('vic', { teamIds: ['gone'] })).toEqual({ ok: false, reason: 'unknown_team' });
      expect(await s.updateUser('ghost', { disabled: true })).toEqual({ ok: false, reason: 'not_found' });
      // The only enabled admin can be neither demoted nor disabled; nothing of the refused change is kept.
      expect(await s.updateUser('root', { role: 'viewer', teamIds: ['t1'] })).toEqual({ ok: false, reason: 'last_admin' });
      expect(await s.updateUser('root', { disabled: true })).toEqual({ ok: false, reason: 'last_admin' });
      expect(await s.getUser('root')).toMatchObject({ role: 'admin', disabled: false, teamIds: [] });
      expect(await s.updateUser('vic', { role: 'admin', disabled: false })).toMatchObject({ ok: true });
      expect(await s.updateUser('root', { role: 'viewer' })).toMatchObject({ ok: true, user: { role: 'viewer' } });
      await s.ensureAdmin('root');
      expect(await s.getUser('root')).toMatchObject({ role: 'admin', disabled: false });

      for (const tokenHash of ['a', 'b', 'c']) await s.createSession({ tokenHash, username: 'vic', createdAt: 1, expiresAt: 99 });
      await s.createSession({ tokenHash: 'r', username: 'root', createdAt: 1, expiresAt: 99 });
      expect((await s.deleteSessionsOf('vic', 'b')).sort()).toEqual(['a', 'c']);
      expect(await s.getSession('b')).not.toBeNull();
      expect(await s.deleteSessionsOf('vic')).toEqual(['b']);
      expect(await s.getSession('r')).not.toBeNull();

      expect(await s.updateTeam('t1', { name: 'Ünïcödé 👋' })).toEqual({ ok: false, reason: 'duplicate_name' });
      expect(await s.updateTeam('t1', { name: 'Redmond', match: ['4:+1425*'] })).toEqual({ ok: true, team: { ...team, name: 'Redmond', match: ['4:+1425*'] } });
      expect(await s.updateTeam('nope', { name: 'x' })).toEqual({ ok: false, reason: 'not_found' });
      expect(await s.updateUser('vic', { teamIds: ['t1', 't2'] })).toMatchObject({ ok: true });
      expect(await s.deleteTeam('t2')).toBe(true);
      expect(await s.deleteTeam('t2')).toBe(false);
      const reopened = await subject.reopen();
      expect(await reopened.getUser('vic')).toMatchObject({ teamIds: ['t1'] });
      expect(await reopened.listTeams()).toEqual([{ ...team, name: 'Redmond', match: ['4:+1425*'] }]);
    });

    it('links accounts to provider identities: never over an existing username, one account per identity', async () => {
      subject = await open();
      const s = store();
      expect(await s.createSupervisor({ username: 'derek@contoso.com', passwordHash: 'local', createdAt: 1 })).toBe(true);
      await s.createTeam({ id: 't1', name: 'Seattle', match: [], createdAt: 1 });
      const identity = { issuer: 'https://idp.example/v2.0', subject: 'oid-1', passwordHash: '!', role: 'supervisor' as const, teamIds: ['t1'], createdAt: 5 };
      // The local account of the same name is never taken over.
      expect(await s.createSsoUser({ ...identity, username: 'derek@contoso.com' })).toBe('username_taken');
      expect(await s.findIdentityUser(identity.issuer, identity.subject)).toBeNull();
      expect(await s.getSupervisor('derek@contoso.com')).toMatchObject({ passwordHash: 'local' });
      expect(await s.createSsoUser({ ...identity, username: 'derek', teamIds: ['nope'] })).toBe('unknown_team');
      expect(await s.createSsoUser({ ...identity, username: 'derek' })).toBe('created');
      expect(await s.getUser('derek')).toEqual({ username: 'derek', role: 'supervisor', disabled: false, teamIds: ['t1'], createdAt: 5 });
      // A second first sign-in of the same identity under another name is rolled back whole.
      expect(await s.createSsoUser({ ...identity, username: 'derek-2' })).toBe('identity_exists');
      expect(await s.getUser('derek-2')).toBeNull();
      expect(await s.findIdentityUser(identity.issuer, identity.subject)).toBe('derek');
      expect(await s.findIdentityUser('https://other.example', identity.subject)).toBeNull();
      expect(await s.hasIdentity('derek')).toBe(true);
      expect(await s.hasIdentity('derek@contoso.com')).toBe(false);
      await s.recordIdentityLogin(identity.issuer, identity.subject, 9);
      const reopened = await subject.reopen();
      expect(await reopened.findIdentityUser(identity.issuer, identity.subject)).toBe('derek');
    });
  });
}

function triageRule(id: string, createdAt: number, definition: RuleDefinition): Rule {
  return { ...definition, id, createdAt, updatedAt: createdAt, updatedBy: 'system' };
}

function triageAlert(id: string, callId: string, ruleId: string, at: number, extra: Partial<Alert> = {}): Alert {
  return { id, ruleId, ruleName: `rule ${ruleId}`, severity: 'warning', kind: 'phrases', callId, seqs: [3, 4], text: 'I want to cancel, my card is ****.', reason: 'said “cancel”', at, state: 'open', acknowledgedBy: null, acknowledgedAt: null, ...extra };
}
