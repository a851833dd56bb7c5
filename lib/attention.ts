/**
 * The attention score: which live call needs a supervisor first, and why. The server keeps each call's signals
 * up to date in O(1) per final line (and once a second for the time-based ones, on the instance that holds the
 * stream) and ships the score with its top reasons on the call-list row; the list sorts by it and shows the reasons
 * as chips. Weights are deliberately simple so a supervisor can predict them: an open critical alert outranks
 * everything else, a long run of negative lines outranks a mildly negative mood.
 */
import type { CallHealth, CallState, TranscriptionState } from './protocol';

export interface AttentionSignals {
  /** Consecutive final lines scored negative, up to the last one. */
  negativeStreak: number;
  /** Open (unacknowledged) alerts on the call, by severity, and the newest one's reason. */
  openAlerts: { critical: number; warning: number; info: number; newestReason: string | null };
  /** Seconds since the last final line while transcribing, in steps (0, 30, 60, 120, 300): changes a few times, not every second. */
  silenceStep: number;
  /** How the call's duration compares with the median of the live calls: 0 (under twice), 2 or 3 (times or more). */
  durationMultiple: number;
}

export const NO_ATTENTION_SIGNALS: AttentionSignals = { negativeStreak: 0, openAlerts: { critical: 0, warning: 0, info: 0, newestReason: null }, silenceStep: 0, durationMultiple: 0 };

export const ATTENTION_REASON_KINDS = ['alert', 'pipeline', 'negativeStreak', 'sentiment', 'silence', 'pii', 'duration'] as const;
export type AttentionReasonKind = (typeof ATTENTION_REASON_KINDS)[number];

export interface AttentionReason {
  kind: AttentionReasonKind;
  /** For a chip: "3 negative in a row", "silent 60 s", "said “cancel”". */
  text: string;
  /** This reason's share of the score. */
  points: number;
}

export interface CallAttention {
  score: number;
  /** The reasons that contribute most, highest first (at most MAX_ATTENTION_REASONS). */
  reasons: AttentionReason[];
}

export const MAX_ATTENTION_REASONS = 3;
/** From this score up a call "needs attention" (the list's filter): one warning alert, or two negative lines in a row, is enough. */
export const NEEDS_ATTENTION_SCORE = 30;
export const SILENCE_STEPS_SECONDS = [30, 60, 120, 300] as const;

export interface AttentionSubject {
  state: CallState;
  transcription: TranscriptionState;
  sentimentNow: number | null;
  sentimentTrend: readonly number[];
  piiLineCount: number;
  health: CallHealth;
  attentionSignals: AttentionSignals;
}

export function scoreAttention(call: AttentionSubject): CallAttention {
  if (call.state === 'disconnected') return { score: 0, reasons: [] };
  const reasons: AttentionReason[] = [];
  const add = (kind: AttentionReasonKind, points: number, text: string) => {
    if (points > 0) reasons.push({ kind, points: Math.round(points), text });
  };
  const signals = call.attentionSignals;
  const alerts = signals.openAlerts;
  const alertCount = alerts.critical + alerts.warning + alerts.info;
  if (alertCount > 0) {
    const points = 100 * Math.min(alerts.critical, 3) + 40 * Math.min(alerts.warning, 3) + 10 * Math.min(alerts.info, 3);
    add('alert', points, alerts.newestReason ?? `${alertCount} open ${alertCount === 1 ? 'alert' : 'alerts'}`);
  }
  if (call.transcription === 'failed' || call.health.stream === 'lost') add('pipeline', 50, 'transcript stopped');
  if (signals.negativeStreak >= 2) add('negativeStreak', Math.min(75, 15 * signals.negativeStreak), `${signals.negativeStreak} negative in a row`);
  const falling = sentimentDrop(call.sentimentTrend);
  const mood = call.sentimentNow !== null && call.sentimentNow < 0 ? -call.sentimentNow * 40 : 0;
  if (falling >= 0.3) add('sentiment', mood + 15, 'sentiment falling');
  else if (mood >= 8) add('sentiment', mood, 'negative mood');
  if (signals.silenceStep > 0) add('silence', Math.min(30, signals.silenceStep / 4), `silent ${signals.silenceStep} s`);
  if (call.piiLineCount > 0) add('pii', Math.min(15, 3 * call.piiLineCount), `${call.piiLineCount} PII ${call.piiLineCount === 1 ? 'line' : 'lines'}`);
  if (signals.durationMultiple >= 2) add('duration', 5 * signals.durationMultiple, `${signals.durationMultiple}× median length`);
  reasons.sort((a, b) => b.points - a.points);
  return { score: reasons.reduce((sum, reason) => sum + reason.points, 0), reasons: reasons.slice(0, MAX_ATTENTION_REASONS) };
}

/** How far the rolling sentiment fell over the last five points (0 when it rose or there is too little). */
function sentimentDrop(trend: readonly number[]): number {
  if (trend.length < 2) return 0;
  const last = trend[trend.length - 1] ?? 0;
  const earlier = trend[Math.max(0, trend.length - 6)] ?? last;
  return Math.max(0, earlier - last);
}

/** The silence step for `silentMs` of no final line: the largest step not above it, or 0. */
export function silenceStep(silentMs: number): number {
  let step = 0;
  for (const seconds of SILENCE_STEPS_SECONDS) if (silentMs >= seconds * 1_000) step = seconds;
  return step;
}

/** 0, 2 or 3: how many times the median duration this call has lasted (capped at 3). */
export function durationMultiple(durationMs: number, medianMs: number): number {
  if (medianMs <= 60_000) return 0;
  const multiple = Math.floor(durationMs / medianMs);
  return multiple >= 3 ? 3 : multiple >= 2 ? 2 : 0;
}
