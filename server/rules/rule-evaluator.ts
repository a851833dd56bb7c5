/**
 * The rule evaluator: pure functions from (compiled rules, a call's rule state, what just happened) to the rules
 * that fire. The live engine (rule-engine.ts) and the replay of a stored call (rule-replay.ts) both use it, so
 * `POST /api/rules/test` answers exactly what the live evaluation would have done.
 */
import type { Participant, SentimentLabel } from '../../lib/protocol';
import { matchWords } from '../../lib/phrase-match';
import type { Rule, RuleSpeaker } from '../../lib/rules';
import type { CompiledRules } from './compiled-rules';
import { callerOf, type CallRuleState, type Side } from './rule-state';

/** A stored final line, as the evaluator needs it. */
export interface LineFacts {
  seq: number;
  /** As stored: PII-masked when ACS masked it. */
  text: string;
  speakerRawId: string;
  sentiment: SentimentLabel | null;
  language: string | null;
  piiMasked: boolean;
  /** Server receive time, epoch ms. */
  at: number;
}

/** The call after the line was applied. */
export interface CallFacts {
  locale: string | null;
  /** In order of first line. */
  participants: readonly Pick<Participant, 'rawId' | 'kind'>[];
  /** Rolling sentiment including this line. */
  sentimentNow: number | null;
  /** Masked lines so far, including this one. */
  piiLineCount: number;
}

/** The call as the timer sees it. */
export interface CallClock {
  startedAt: number;
  /** Transcription is running (silence only counts then). */
  transcribing: boolean;
  /** The call is still connected (a long call only fires while it lasts). */
  live: boolean;
}

export interface Trigger {
  rule: Rule;
  seqs: number[];
  text: string;
  reason: string;
  at: number;
}

/**
 * Runs for every stored final with rules on. Firing and the speaker test are module functions, not closures made per
 * call: under tsx (which keeps function names) every named closure costs a property definition each time it is made.
 */
export function evaluateFinal(rules: CompiledRules, state: CallRuleState, line: LineFacts, call: CallFacts): Trigger[] {
  const triggers: Trigger[] = [];
  state.lastFinalAt = line.at;
  const side: Side = line.speakerRawId === callerOf(call.participants) ? 'caller' : 'agent';

  // Phrases: the line is normalised and split into words once, then every phrase of every rule is looked up at once.
  const matchedByPhrase = new Set<Rule>();
  if (rules.phrases.size > 0) {
    for (const [rule, phrase] of rules.phrases.match(matchWords(line.text))) {
      if (!hears(rule.when.speaker, side)) continue;
      matchedByPhrase.add(rule);
      fireForLine(state, triggers, line, rule, [line.seq], `said “${phrase}”`);
    }
  }
  if (rules.regexes.regexes.length > 0) {
    for (const rule of rules.regexes.matching(line.text)) {
      if (!matchedByPhrase.has(rule) && hears(rule.when.speaker, side)) fireForLine(state, triggers, line, rule, [line.seq], 'matched the pattern');
    }
  }

  // Negative streaks, per side: a line of the other side neither extends nor breaks a one-sided streak.
  if (line.sentiment !== null) {
    for (const speaker of ['any', side] as const) {
      const streak = state.negative[speaker];
      if (line.sentiment === 'negative') streak.extend(line.seq);
      else streak.reset();
    }
  }
  if (line.sentiment === 'negative') {
    for (const rule of rules.negativeStreak) {
      const streak = state.negative[rule.when.speaker];
      // Exactly when the streak reaches the count: a streak that goes on does not fire again.
      if (hears(rule.when.speaker, side) && streak.length === rule.when.count) fireForLine(state, triggers, line, rule, streak.last(rule.when.count), `${rule.when.count} negative ${rule.when.count === 1 ? 'line' : 'lines in a row'}${sideLabel(rule.when.speaker)}`);
    }
  }

  // Rolling sentiment: fires when it crosses below the threshold, again only after it has come back up.
  if (line.sentiment !== null && call.sentimentNow !== null) {
    const before = state.previousSentiment;
    for (const rule of rules.rollingSentiment) {
      if (call.sentimentNow < rule.when.below && (before === null || before >= rule.when.below)) fireForLine(state, triggers, line, rule, [line.seq], `sentiment ${call.sentimentNow.toFixed(2)} below ${rule.when.below}`);
    }
    state.previousSentiment = call.sentimentNow;
  }

  // PII: every `count`-th masked line of the call.
  if (line.piiMasked) {
    for (const rule of rules.piiSpoken) {
      if (call.piiLineCount % rule.when.count === 0) fireForLine(state, triggers, line, rule, [line.seq], `${call.piiLineCount} ${call.piiLineCount === 1 ? 'line' : 'lines'} with PII`);
    }
  }

  // Language: lines in a row in another language than the transcription's (primary subtags: en-GB is not a mismatch for en-US).
  const mismatched = line.language !== null && call.locale !== null && line.language !== call.locale && primaryLanguage(line.language) !== primaryLanguage(call.locale);
  if (mismatched) state.mismatch.extend(line.seq);
  else state.mismatch.reset();
  if (mismatched) {
    for (const rule of rules.languageMismatch) {
      if (state.mismatch.length === rule.when.lines) fireForLine(state, triggers, line, rule, state.mismatch.last(rule.when.lines), `${rule.when.lines} ${rule.when.lines === 1 ? 'line' : 'lines'} in ${line.language ?? 'another language'}, transcribed as ${call.locale ?? 'unknown'}`);
    }
  }
  return triggers;
}

/** Time-based kinds, run by one timer per instance over the calls it holds (every call, every second: no closures either). */
export function evaluateTick(rules: CompiledRules, state: CallRuleState, now: number, call: CallClock): Trigger[] {
  const triggers: Trigger[] = [];
  // Silence counts only while transcription runs: a stopped transcription starts the count again.
  if (!call.transcribing || !call.live) state.lastFinalAt = now;
  const silentMs = now - state.lastFinalAt;
  for (const rule of rules.silence) {
    if (silentMs < rule.when.seconds * 1000 || state.silenceFiredFor.get(rule.id) === state.lastFinalAt) continue;
    const seconds = Math.floor(silentMs / 1000);
    if (fireAt(state, triggers, now, rule, `No final line for ${seconds} s while transcription was active.`, `silent ${seconds} s`)) state.silenceFiredFor.set(rule.id, state.lastFinalAt);
  }
  if (call.live) {
    const minutes = Math.floor((now - call.startedAt) / 60_000);
    for (const rule of rules.longCall) {
      // Once per call: it stays long.
      if (state.lastFired.has(rule.id) || now - call.startedAt < rule.when.minutes * 60_000) continue;
      fireAt(state, triggers, now, rule, `The call has lasted ${minutes} minutes.`, `over ${rule.when.minutes} min`);
    }
  }
  return triggers;
}

export type TranscriptionLoss = 'failed' | 'stream_lost';

/** ACS reported TranscriptionFailed, or the call's transcript stream was lost and did not come back. */
export function evaluateTranscriptionLoss(rules: CompiledRules, state: CallRuleState, cause: TranscriptionLoss, at: number): Trigger[] {
  const triggers: Trigger[] = [];
  for (const rule of rules.transcriptionFailed) {
    if (!state.mayFire(rule, at)) continue;
    state.fired(rule, at);
    triggers.push(
      cause === 'failed'
        ? { rule, seqs: [], text: 'ACS reported that transcription failed.', reason: 'transcription failed', at }
        : { rule, seqs: [], text: 'The transcript stream was lost and did not come back.', reason: 'stream lost', at },
    );
  }
  return triggers;
}

function fireForLine(state: CallRuleState, triggers: Trigger[], line: LineFacts, rule: Rule, seqs: number[], reason: string) {
  if (!state.mayFire(rule, line.at)) return;
  state.fired(rule, line.at);
  triggers.push({ rule, seqs, text: line.text, reason, at: line.at });
}

/** A time-based trigger, unless the rule is cooling down; true when it fired. */
function fireAt(state: CallRuleState, triggers: Trigger[], now: number, rule: Rule, text: string, reason: string): boolean {
  if (!state.mayFire(rule, now)) return false;
  state.fired(rule, now);
  triggers.push({ rule, seqs: [], text, reason, at: now });
  return true;
}

function hears(speaker: RuleSpeaker, side: Side): boolean {
  return speaker === 'any' || speaker === side;
}

function sideLabel(speaker: RuleSpeaker): string {
  return speaker === 'any' ? '' : ` from the ${speaker}`;
}

function primaryLanguage(locale: string): string {
  return locale.split('-')[0]?.toLowerCase() ?? locale.toLowerCase();
}
