/**
 * `POST /api/rules/test`: where a rule would have fired on a stored call, for tuning it on a past call. The stored
 * lines go through the same evaluator as live ones, in order, with each line's receive time as the clock (so
 * cooldowns count by line time); the time-based kinds are evaluated at the moments they would have come due.
 */
import type { FinalLine, Participant } from '../../lib/protocol';
import type { Rule, RuleTestHit } from '../../lib/rules';
import { nextRollingSentiment } from '../../lib/sentiment-score';
import type { CallRecord } from '../domain/call-record';
import { CompiledRules } from './compiled-rules';
import { evaluateFinal, evaluateTick, evaluateTranscriptionLoss, type Trigger } from './rule-evaluator';
import { CallRuleState } from './rule-state';

/** Hits returned at most: a rule that fires on every line of a long call is already tuned badly enough. */
export const MAX_TEST_HITS = 500;
const PAGE_LINES = 2_000;

export interface ReplaySource {
  linesAfter(callId: string, afterSeq: number, limit: number): Promise<FinalLine[]>;
}

export async function replayRule(rule: Rule, call: CallRecord, source: ReplaySource): Promise<RuleTestHit[]> {
  const rules = new CompiledRules([{ ...rule, enabled: true }]);
  const state = new CallRuleState(call.callId, call.startedAt);
  const hits: RuleTestHit[] = [];
  const add = (triggers: Trigger[]) => {
    for (const { seqs, text, reason, at } of triggers) if (hits.length < MAX_TEST_HITS) hits.push({ seqs, text, reason, at });
  };
  // The participants the call ended with (ACS-announced ones before they spoke, then everyone heard): the caller is
  // the same phone participant for every line, as it was live once ACS had announced the participants.
  const participants: Pick<Participant, 'rawId' | 'kind'>[] = call.participants.map(({ rawId, kind }) => ({ rawId, kind }));
  let sentimentNow: number | null = null;
  let piiLineCount = 0;
  /** Time-based kinds that came due before `until` (a line's time, or the call's end). */
  const timePasses = (until: number) => {
    for (const silence of rules.silence) {
      const due = state.lastFinalAt + silence.when.seconds * 1000;
      if (due <= until) add(evaluateTick(rules, state, due, { startedAt: call.startedAt, transcribing: true, live: true }));
    }
    for (const long of rules.longCall) {
      const due = call.startedAt + long.when.minutes * 60_000;
      if (due <= until) add(evaluateTick(rules, state, due, { startedAt: call.startedAt, transcribing: true, live: true }));
    }
  };

  let afterSeq = 0;
  let lastAt = call.startedAt;
  for (;;) {
    const page = await source.linesAfter(call.callId, afterSeq, PAGE_LINES);
    for (const line of page) {
      timePasses(line.receivedAt);
      if (!participants.some((participant) => participant.rawId === line.speaker.rawId)) participants.push({ rawId: line.speaker.rawId, kind: line.speaker.kind });
      if (line.sentiment !== null) sentimentNow = nextRollingSentiment(sentimentNow, line.sentiment);
      if (line.piiMasked) piiLineCount += 1;
      add(
        evaluateFinal(
          rules,
          state,
          { seq: line.seq, text: line.text, speakerRawId: line.speaker.rawId, sentiment: line.sentiment, language: line.language, piiMasked: line.piiMasked, at: line.receivedAt },
          // The locale the call ended with: a mid-call switch is not in the stored lines.
          { locale: call.locale, participants, sentimentNow, piiLineCount },
        ),
      );
      lastAt = line.receivedAt;
    }
    const last = page[page.length - 1];
    if (last === undefined || page.length < PAGE_LINES || hits.length >= MAX_TEST_HITS) break;
    afterSeq = last.seq;
  }
  if (call.endedAt !== null) timePasses(call.endedAt);
  // The stored call keeps only its last transcription state, so a failure shows if it is the last thing that happened.
  if (call.transcription === 'failed') add(evaluateTranscriptionLoss(rules, state, 'failed', Math.max(lastAt, call.endedAt ?? call.updatedAt)));
  return hits;
}
