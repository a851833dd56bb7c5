import { describe, expect, it } from 'vitest';
import { acknowledgeAlert, createRule, listDeliveries, listRules, parseTriageBody, RuleSchema, ruleUrl, testRule, type FetchLike } from '../../lib/triage-client';
import { z } from 'zod';

const rule = { id: 'r/1', name: 'Refunds', severity: 'warning', enabled: true, cooldownSeconds: 300, when: { kind: 'phrases', phrases: ['refund'], speaker: 'any' }, createdAt: 1, updatedAt: 1, updatedBy: 'sam' };

function recording(status: number, body: unknown) {
  const seen: { url: string; init: RequestInit }[] = [];
  const fetchImpl: FetchLike = async (url, init) => {
    seen.push({ url, init });
    return new Response(JSON.stringify(body), { status });
  };
  return { seen, fetchImpl };
}

describe('triage client', () => {
  it('keeps a 400’s field messages', () => {
    const body = { ok: false, error: { code: 'invalid_request', message: 'bad rule', fields: [{ path: 'when.count', message: 'count must be at least 1' }] } };
    expect(parseTriageBody(400, body, z.unknown())).toEqual({ ok: false, error: { code: 'invalid_request', message: 'bad rule', fields: [{ path: 'when.count', message: 'count must be at least 1' }] } });
    expect(parseTriageBody(404, { ok: false, error: { code: 'not_found', message: 'no' } }, z.unknown())).toEqual({ ok: false, error: { code: 'not_found', message: 'no' } });
  });

  it('refuses data that does not match the contract', () => {
    expect(parseTriageBody(200, { ok: true, data: { ...rule, severity: 'loud' } }, RuleSchema)).toMatchObject({ ok: false, error: { code: 'bad_response' } });
    expect(parseTriageBody(200, { ok: true, data: rule }, RuleSchema)).toMatchObject({ ok: true, data: { id: 'r/1' } });
    expect(parseTriageBody(502, '<html>', RuleSchema)).toMatchObject({ ok: false, error: { code: 'http_502' } });
  });

  it('sends each call to its route, ids encoded', async () => {
    const created = recording(201, { ok: true, data: rule });
    await createRule({ name: 'Refunds', severity: 'warning', when: { kind: 'phrases', phrases: ['refund'] } }, created.fetchImpl);
    expect(created.seen[0]).toMatchObject({ url: '/api/rules', init: { method: 'POST' } });
    expect(ruleUrl('r/1')).toBe('/api/rules/r%2F1');

    const tested = recording(200, { ok: true, data: [{ seqs: [3], text: 'refund please', reason: 'said “refund”', at: 5 }] });
    const hits = await testRule({ name: 'x', severity: 'info', when: { kind: 'silence', seconds: 5 } }, 'call 1', tested.fetchImpl);
    expect(hits).toMatchObject({ ok: true, data: [{ seqs: [3] }] });
    expect(JSON.parse(String(tested.seen[0]?.init.body))).toEqual({ rule: { name: 'x', severity: 'info', when: { kind: 'silence', seconds: 5 } }, callId: 'call 1' });

    const ack = recording(200, { ok: true, data: null });
    await acknowledgeAlert('a#1', ack.fetchImpl);
    expect(ack.seen[0]?.url).toBe('/api/alerts/a%231/ack');

    const deliveries = recording(200, { ok: true, data: [] });
    await listDeliveries('a1', deliveries.fetchImpl);
    expect(deliveries.seen[0]).toMatchObject({ url: '/api/alerts/a1/deliveries', init: { method: 'GET' } });
  });

  it('reads lists bare (the contract) or wrapped (`{ rules }`, `{ hits }`, as triage-core sends them)', async () => {
    const bare = recording(200, { ok: true, data: [rule] });
    expect(await listRules(bare.fetchImpl)).toMatchObject({ ok: true, data: [{ id: 'r/1' }] });
    const wrapped = recording(200, { ok: true, data: { rules: [rule] } });
    expect(await listRules(wrapped.fetchImpl)).toMatchObject({ ok: true, data: [{ id: 'r/1' }] });
    const hits = recording(200, { ok: true, data: { hits: [] } });
    expect(await testRule({ name: 'x', severity: 'info', when: { kind: 'transcriptionFailed' } }, 'c', hits.fetchImpl)).toEqual({ ok: true, data: [] });
    const wrong = recording(200, { ok: true, data: { alerts: [] } });
    expect(await listRules(wrong.fetchImpl)).toMatchObject({ ok: false, error: { code: 'bad_response' } });
  });

  it('reports the network being down as a value', async () => {
    const down: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await acknowledgeAlert('a', down)).toMatchObject({ ok: false, error: { code: 'network_error' } });
  });
});
