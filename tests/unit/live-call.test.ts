import { describe, expect, it } from 'vitest';
import { LiveCall } from '../../server/calls/live-call';
import { newCallRecord } from '../../server/domain/call-record';
import { speakerFromRawId } from '../../server/domain/speaker';
import { normalizeTranscriptionData, type NormalizedLine } from '../../server/ingress/normalize-segment';
import type { TranscriptionData } from '../../lib/acs/transcription-packets';

function line(text: string, resultStatus: 'final' | 'intermediate', participantRawID = '4:+14255550100', extra: Partial<TranscriptionData> = {}) {
  return normalizeTranscriptionData({ text, offset: 10_000_000, resultStatus, participantRawID, ...extra }, { streamLocale: 'en-US', piiRedactionEnabled: true });
}

/** What the pipeline does with a final: take it from the stream, then apply it once the store numbered it. */
function finalize(call: LiveCall, normalized: NormalizedLine, now: number) {
  const taken = call.takeFinal(normalized, now);
  if (taken === null) return null;
  const { dedupKey: _key, ...fields } = taken;
  const segment = { ...fields, seq: call.record.lastSeq + 1 };
  call.applyStored(segment, now);
  return segment;
}

describe('segment merging', () => {
  it('replaces intermediate results of an utterance until its final, then numbers the final', () => {
    const call = new LiveCall(newCallRecord('call-1', 0, null), 0);
    const first = call.applyInterim(line('my', 'intermediate'), 1);
    const second = call.applyInterim(line('my name', 'intermediate'), 2);
    expect(second.utteranceId).toBe(first.utteranceId);
    expect([...call.interims.values()].map((segment) => segment.text)).toEqual(['my name']);
    const final = finalize(call, line('My name is ****.', 'final', undefined, { sentimentAnalysisResult: { sentiment: 'neutral' } }), 3);
    expect(final).toMatchObject({ seq: 1, utteranceId: first.utteranceId, status: 'final', piiMasked: true, offsetMs: 1000, language: 'en-US' });
    expect(call.interims.size).toBe(0);
    const next = call.applyInterim(line('and', 'intermediate'), 4);
    expect(next.utteranceId).not.toBe(first.utteranceId);
  });

  it('gives every version of the call a later updatedAt, even when the clock reads the same millisecond or steps back', () => {
    const call = new LiveCall(newCallRecord('call-versions', 5, null), 5);
    const versions = [call.record.updatedAt];
    finalize(call, line('One.', 'final'), 5);
    versions.push(call.record.updatedAt);
    finalize(call, line('Two.', 'final', undefined, { offset: 20_000_000 }), 5);
    versions.push(call.record.updatedAt);
    finalize(call, line('Three.', 'final', undefined, { offset: 30_000_000 }), 3);
    versions.push(call.record.updatedAt);
    finalize(call, line('Four.', 'final', undefined, { offset: 40_000_000 }), 100);
    versions.push(call.record.updatedAt);
    expect(versions).toEqual([5, 6, 7, 8, 100]);
  });

  it('keeps each speaker’s open utterance apart', () => {
    const call = new LiveCall(newCallRecord('call-2', 0, null), 0);
    const caller = call.applyInterim(line('hello', 'intermediate'), 1);
    const agent = call.applyInterim(line('good', 'intermediate', '8:acs:agent_1'), 2);
    expect(agent.utteranceId).not.toBe(caller.utteranceId);
    finalize(call, line('Good morning.', 'final', '8:acs:agent_1'), 3);
    expect([...call.interims.values()].map((segment) => segment.text)).toEqual(['hello']);
    expect(call.record.participants.map((participant) => participant.kind)).toEqual(['communicationUser']);
  });

  it('rolls sentiment, last line, detected language and PII count forward in O(1)', () => {
    const call = new LiveCall(newCallRecord('call-3', 0, null), 0);
    finalize(call, line('Great.', 'final', undefined, { sentimentAnalysisResult: { sentiment: 'positive' } }), 1);
    finalize(call, line('Terrible!', 'final', undefined, { sentimentAnalysisResult: { sentiment: 'negative' }, languageIdentified: 'es-ES' }), 2);
    expect(call.record.sentimentNow).toBeCloseTo(0.2);
    expect(call.record.sentimentTrend).toHaveLength(2);
    expect(call.record.detectedLanguage).toBe('es-ES');
    expect(call.record.lastLine).toMatchObject({ text: 'Terrible!', seq: 2, sentiment: 'negative' });
  });

  it('recognises a repeated final (same speaker, offset, duration, text) and keeps it out of the aggregates', () => {
    const call = new LiveCall(newCallRecord('call-4', 0, null), 0);
    const first = finalize(call, line('Cancel my account.', 'final', undefined, { sentimentAnalysisResult: { sentiment: 'negative' } }), 1);
    expect(first?.seq).toBe(1);
    expect(call.takeFinal(line('Cancel my account.', 'final', undefined, { sentimentAnalysisResult: { sentiment: 'negative' } }), 2)).toBeNull();
    expect(call.record.sentimentTrend).toHaveLength(1);
    // Same text at another offset, or from another speaker, is a new line.
    expect(call.takeFinal(line('Cancel my account.', 'final', undefined, { offset: 99_000_000 }), 3)).not.toBeNull();
    expect(call.takeFinal(line('Cancel my account.', 'final', '8:acs:agent_1'), 4)).not.toBeNull();
  });

  it('remembers the identities it was loaded with (a restart or a second instance)', () => {
    const original = new LiveCall(newCallRecord('call-5', 0, null), 0);
    const taken = original.takeFinal(line('Hello.', 'final'), 1);
    const reloaded = new LiveCall(newCallRecord('call-5', 0, null), 0, taken ? [taken.dedupKey] : []);
    expect(reloaded.takeFinal(line('Hello.', 'final'), 2)).toBeNull();
  });

  it('turns participant raw ids into labelled identifiers', () => {
    expect(speakerFromRawId('4:+917020276722')).toEqual({ rawId: '4:+917020276722', kind: 'phoneNumber', label: 'Caller +91 70202 76722' });
    expect(speakerFromRawId('8:acs:resource_user-abc123')).toMatchObject({ kind: 'communicationUser', label: 'ACS user …abc123' });
    expect(speakerFromRawId(undefined)).toMatchObject({ kind: 'unknown', label: 'Unknown speaker' });
    expect(speakerFromRawId('8:acs:')).toMatchObject({ kind: 'communicationUser' });
  });

  it('does not mark asterisks as PII when the stream said redaction is off', () => {
    const normalized = normalizeTranscriptionData({ text: 'Press * to repeat', offset: 0, resultStatus: 'final' }, { streamLocale: null, piiRedactionEnabled: false });
    expect(normalized.piiMasked).toBe(false);
  });
});
