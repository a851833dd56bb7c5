/**
 * What the rule engine remembers about one call: a few counters, each updated in O(1) per final line, and when each
 * rule last fired on the call (its cooldown). Nothing here grows with the call's length or its number of lines.
 */
import type { Participant } from '../../lib/protocol';
import type { Rule, RuleSpeaker } from '../../lib/rules';

/** The longest negative streak a rule may ask for (RuleConditionSchema caps `count` at 100). */
const MAX_STREAK_SEQS = 100;

export type Side = 'caller' | 'agent';

/**
 * Who is the caller: the first participant of the call whose raw id is a phone number — the PSTN side, which is the
 * customer on inbound and outbound calls alike, since agents and supervisors join as ACS or Teams users. The call's
 * participants are those ACS announced (ParticipantsUpdated) and then everyone heard, in order of first line. A call
 * with no phone participant (a room, an ACS-to-ACS call) has as caller its first participant. Everyone else is the
 * agent side. ACS says nothing more about roles, so this is what the data supports; on a call known only from its
 * stream, an agent who speaks before the phone participant counts as the caller until then.
 */
export function callerOf(participants: readonly Pick<Participant, 'rawId' | 'kind'>[]): string | null {
  const phone = participants.find((participant) => participant.kind === 'phoneNumber');
  return phone?.rawId ?? participants[0]?.rawId ?? null;
}

class Streak {
  length = 0;
  readonly seqs: number[] = [];

  extend(seq: number) {
    this.length += 1;
    this.seqs.push(seq);
    if (this.seqs.length > MAX_STREAK_SEQS) this.seqs.shift();
  }

  reset() {
    this.length = 0;
    this.seqs.length = 0;
  }

  /** The seqs of the streak's last `count` lines. */
  last(count: number): number[] {
    return this.seqs.slice(-count);
  }
}

export class CallRuleState {
  /** Negative finals in a row: from anyone, from the caller's side, from the agent's side. */
  readonly negative: Record<RuleSpeaker, Streak> = { any: new Streak(), caller: new Streak(), agent: new Streak() };
  /** Lines in a row whose detected language differs from the transcription locale. */
  readonly mismatch = new Streak();
  /** The rolling sentiment before the latest line (null before any scored line). */
  previousSentiment: number | null = null;
  /** Server time of the last final line (or of when silence started to count). */
  lastFinalAt: number;
  /** Silence rule id → the `lastFinalAt` it fired for: one alert per silent gap. */
  readonly silenceFiredFor = new Map<string, number>();
  /** Rule id → when it last fired on this call (from stored alerts when the state is rebuilt). */
  readonly lastFired: Map<string, number>;

  constructor(
    readonly callId: string,
    startedCountingAt: number,
    lastFired: Map<string, number> = new Map(),
  ) {
    this.lastFinalAt = startedCountingAt;
    this.lastFired = lastFired;
  }

  /** Out of cooldown (or never fired): the rule may fire at `at`. */
  mayFire(rule: Rule, at: number): boolean {
    const last = this.lastFired.get(rule.id);
    return last === undefined || at - last >= rule.cooldownSeconds * 1000;
  }

  fired(rule: Rule, at: number) {
    this.lastFired.set(rule.id, at);
  }
}
