/** The attention score: what each signal adds, which reasons show, and how calls order by it. */
import { describe, expect, it } from 'vitest';
import { durationMultiple, NEEDS_ATTENTION_SCORE, NO_ATTENTION_SIGNALS, scoreAttention, silenceStep, type AttentionSignals, type AttentionSubject } from '../../lib/attention';
import { compareByAttention } from '../../lib/call-list-state';
import type { CallListRow } from '../../lib/protocol';

function subject(overrides: Partial<AttentionSubject> = {}, signals: Partial<AttentionSignals> = {}): AttentionSubject {
  return {
    state: 'connected',
    transcription: 'active',
    sentimentNow: null,
    sentimentTrend: [],
    piiLineCount: 0,
    health: { stream: 'connected', streamSince: 0, lastPacketAt: 0, lastFinalAt: 0 },
    ...overrides,
    attentionSignals: { ...NO_ATTENTION_SIGNALS, ...signals },
  };
}

const kinds = (s: AttentionSubject) => scoreAttention(s).reasons.map((reason) => reason.kind);

describe('attention score', () => {
  it('is zero with no signal, and for an ended call whatever its signals', () => {
    expect(scoreAttention(subject())).toEqual({ score: 0, reasons: [] });
    expect(scoreAttention(subject({ state: 'disconnected', piiLineCount: 9 }, { negativeStreak: 9 }))).toEqual({ score: 0, reasons: [] });
  });

  it('an open critical alert outranks any other signal at its strongest', () => {
    const alerted = scoreAttention(subject({}, { openAlerts: { critical: 1, warning: 0, info: 0, newestReason: 'said “cancel”' } }));
    const strongest = [
      subject({}, { negativeStreak: 50 }),
      subject({ sentimentNow: -1, sentimentTrend: [1, -1] }),
      subject({}, { silenceStep: 300 }),
      subject({ piiLineCount: 100 }),
      subject({}, { durationMultiple: 3 }),
      subject({ transcription: 'failed' }),
    ].map((other) => scoreAttention(other).score);
    expect(alerted.score).toBeGreaterThan(Math.max(...strongest));
    expect(alerted.reasons).toEqual([{ kind: 'alert', text: 'said “cancel”', points: 100 }]);
  });

  it('names each signal as a chip, the largest first, at most three', () => {
    expect(scoreAttention(subject({}, { negativeStreak: 3 })).reasons).toEqual([{ kind: 'negativeStreak', text: '3 negative in a row', points: 45 }]);
    expect(scoreAttention(subject({}, { silenceStep: 60 })).reasons).toEqual([{ kind: 'silence', text: 'silent 60 s', points: 15 }]);
    expect(scoreAttention(subject({ piiLineCount: 1 })).reasons[0]?.text).toBe('1 PII line');
    expect(scoreAttention(subject({ sentimentNow: -0.5, sentimentTrend: [0.4, 0.1, -0.5] })).reasons[0]).toMatchObject({ kind: 'sentiment', text: 'sentiment falling' });
    expect(kinds(subject({ health: { stream: 'lost', streamSince: 0, lastPacketAt: null, lastFinalAt: null } }))).toEqual(['pipeline']);
    const many = scoreAttention(subject({ piiLineCount: 2 }, { negativeStreak: 4, silenceStep: 30, durationMultiple: 2 }));
    expect(many.reasons.map((reason) => reason.kind)).toEqual(['negativeStreak', 'duration', 'silence']);
    // The score counts every signal, also those past the three chips shown.
    expect(many.score).toBe(60 + 10 + 8 + 6);
  });

  it('a single negative line is not a streak; two in a row, or one warning alert, needs attention', () => {
    expect(kinds(subject({}, { negativeStreak: 1 }))).toEqual([]);
    expect(scoreAttention(subject({}, { negativeStreak: 2 })).score).toBeGreaterThanOrEqual(NEEDS_ATTENTION_SCORE);
    expect(scoreAttention(subject({}, { openAlerts: { critical: 0, warning: 1, info: 0, newestReason: null } })).score).toBeGreaterThanOrEqual(NEEDS_ATTENTION_SCORE);
    expect(scoreAttention(subject({}, { openAlerts: { critical: 0, warning: 1, info: 1, newestReason: null } })).reasons[0]?.text).toBe('2 open alerts');
  });

  it('steps silence and duration so they change a few times, not every second', () => {
    expect([0, 29_999, 30_000, 59_999, 60_000, 119_000, 120_000, 299_999, 300_000, 3_600_000].map(silenceStep)).toEqual([0, 0, 30, 30, 60, 60, 120, 120, 300, 300]);
    expect(durationMultiple(10 * 60_000, 5 * 60_000)).toBe(2);
    expect(durationMultiple(9 * 60_000, 5 * 60_000)).toBe(0);
    expect(durationMultiple(60 * 60_000, 5 * 60_000)).toBe(3);
    // With only short calls the median means nothing yet.
    expect(durationMultiple(50_000, 10_000)).toBe(0);
  });

  it('the list orders live calls by score, then by sentiment', () => {
    const row = (callId: string, score: number, sentimentNow: number | null) => ({ callId, startedAt: 0, sentimentNow, attention: { score, reasons: [] } }) as unknown as CallListRow;
    const ordered = [row('calm', 0, -0.2), row('alerted', 100, 0.5), row('streak', 30, -0.1), row('angry', 0, -0.9)].sort(compareByAttention).map((r) => r.callId);
    expect(ordered).toEqual(['alerted', 'streak', 'angry', 'calm']);
  });
});
