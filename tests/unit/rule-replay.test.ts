import { describe, expect, it } from 'vitest';
import type { FinalLine } from '../../lib/protocol';
import { RuleInputSchema, type Rule, type RuleInput } from '../../lib/rules';
import { newCallRecord, type CallRecord } from '../../server/domain/call-record';
import { speakerFromRawId } from '../../server/domain/speaker';
import { replayRule } from '../../server/rules/rule-replay';

const CALLER = '4:+14255550100';
const AGENT = '8:acs:res_agent';

function rule(input: Partial<RuleInput> & Pick<RuleInput, 'when'>): Rule {
  return { ...RuleInputSchema.parse({ name: 'tested', severity: 'info', cooldownSeconds: 0, ...input }), id: 'test', createdAt: 0, updatedAt: 0, updatedBy: 'test' };
}

function lines(said: [number, string, string?][]): FinalLine[] {
  return said.map(([at, text, speaker = CALLER], index) => ({ status: 'final', callId: 'c', seq: index + 1, utteranceId: `u${index}`, speaker: speakerFromRawId(speaker), text, offsetMs: at, durationMs: 500, confidence: 0.9, sentiment: 'neutral', language: 'en-US', piiMasked: false, receivedAt: at }));
}

function source(stored: FinalLine[]) {
  return { linesAfter: async (_callId: string, afterSeq: number, limit: number) => stored.filter((line) => line.seq > afterSeq).slice(0, limit) };
}

const call = (extra: Partial<CallRecord> = {}): CallRecord => ({ ...newCallRecord('c', 0, null), locale: 'en-US', ...extra });

describe('testing a rule on a stored call', () => {
  it('answers where it would have fired, honouring the cooldown by line time', async () => {
    const stored = lines([[1_000, 'cancel'], [20_000, 'cancel please'], [90_000, 'I said cancel']]);
    expect((await replayRule(rule({ when: { kind: 'phrases', phrases: ['cancel'] } }), call(), source(stored))).map((hit) => hit.seqs)).toEqual([[1], [2], [3]]);
    const hits = await replayRule(rule({ cooldownSeconds: 60, when: { kind: 'phrases', phrases: ['cancel'] } }), call(), source(stored));
    expect(hits).toEqual([
      { seqs: [1], text: 'cancel', reason: 'said “cancel”', at: 1_000 },
      { seqs: [3], text: 'I said cancel', reason: 'said “cancel”', at: 90_000 },
    ]);
  });

  it('finds silences in the gaps between lines and after the last, and a long call', async () => {
    const stored = lines([[1_000, 'hello'], [10_000, 'hold on'], [60_000, 'back'], [70_000, 'bye']]);
    const silences = await replayRule(rule({ when: { kind: 'silence', seconds: 30 } }), call({ endedAt: 120_000 }), source(stored));
    expect(silences.map((hit) => [hit.at, hit.reason])).toEqual([
      [40_000, 'silent 30 s'],
      [100_000, 'silent 30 s'],
    ]);
    expect((await replayRule(rule({ when: { kind: 'longCall', minutes: 1 } }), call({ endedAt: 120_000 }), source(stored))).map((hit) => hit.at)).toEqual([60_000]);
    expect(await replayRule(rule({ when: { kind: 'longCall', minutes: 5 } }), call({ endedAt: 120_000 }), source(stored))).toEqual([]);
  });

  it('uses the call’s participants to tell the caller, even when the agent spoke first', async () => {
    const stored = lines([[1_000, 'I can get a supervisor', AGENT], [2_000, 'yes, a supervisor', CALLER]]);
    const participants = [speakerFromRawId(CALLER), speakerFromRawId(AGENT)];
    expect((await replayRule(rule({ when: { kind: 'phrases', phrases: ['supervisor'], speaker: 'caller' } }), call({ participants }), source(stored))).map((hit) => hit.seqs)).toEqual([[2]]);
  });

  it('reports a failed transcription the stored call ended with', async () => {
    expect(await replayRule(rule({ when: { kind: 'transcriptionFailed' } }), call({ transcription: 'failed', endedAt: 5_000 }), source([]))).toEqual([{ seqs: [], text: 'ACS reported that transcription failed.', reason: 'transcription failed', at: 5_000 }]);
    expect(await replayRule(rule({ when: { kind: 'transcriptionFailed' } }), call(), source([]))).toEqual([]);
  });
});
