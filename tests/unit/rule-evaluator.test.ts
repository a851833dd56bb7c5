import { describe, expect, it } from 'vitest';
import type { SentimentLabel } from '../../lib/protocol';
import { RuleInputSchema, type Rule, type RuleInput } from '../../lib/rules';
import { nextRollingSentiment } from '../../lib/sentiment-score';
import { CompiledRules } from '../../server/rules/compiled-rules';
import { evaluateFinal, evaluateTick, evaluateTranscriptionLoss, type CallFacts, type LineFacts } from '../../server/rules/rule-evaluator';
import { callerOf, CallRuleState } from '../../server/rules/rule-state';

const CALLER = '4:+14255550117';
const AGENT = '8:acs:demo_agent';

let nextId = 0;
function rule(input: Partial<RuleInput> & Pick<RuleInput, 'when'>): Rule {
  nextId += 1;
  return { ...RuleInputSchema.parse({ name: `rule ${nextId}`, severity: 'warning', cooldownSeconds: 0, ...input }), id: `r${nextId}`, createdAt: 0, updatedAt: 0, updatedBy: 'test' };
}

interface Said {
  text?: string;
  speaker?: string;
  sentiment?: SentimentLabel | null;
  language?: string | null;
  pii?: boolean;
  at?: number;
}

/** A call played line by line through the evaluator, as the live pipeline would (participants, rolling sentiment, PII count). */
function play(rules: Rule[], options: { locale?: string; participants?: string[] } = {}) {
  const compiled = new CompiledRules(rules);
  const state = new CallRuleState('call-1', 0);
  const call: CallFacts & { participants: { rawId: string; kind: 'phoneNumber' | 'communicationUser' }[] } = { locale: options.locale ?? 'en-US', participants: [], sentimentNow: null, piiLineCount: 0 };
  // Participants ACS announced (ParticipantsUpdated) before they spoke.
  for (const rawId of options.participants ?? []) call.participants.push({ rawId, kind: rawId.startsWith('4:') ? 'phoneNumber' : 'communicationUser' });
  let seq = 0;
  return {
    state,
    compiled,
    say(said: Said) {
      seq += 1;
      const speaker = said.speaker ?? CALLER;
      if (!call.participants.some((participant) => participant.rawId === speaker)) call.participants.push({ rawId: speaker, kind: speaker.startsWith('4:') ? 'phoneNumber' : 'communicationUser' });
      const sentiment = said.sentiment === undefined ? 'neutral' : said.sentiment;
      if (sentiment !== null) call.sentimentNow = nextRollingSentiment(call.sentimentNow, sentiment);
      if (said.pii) call.piiLineCount += 1;
      const line: LineFacts = { seq, text: said.text ?? 'Okay.', speakerRawId: speaker, sentiment, language: said.language === undefined ? 'en-US' : said.language, piiMasked: said.pii ?? false, at: said.at ?? seq * 1000 };
      return evaluateFinal(compiled, state, line, { ...call, participants: [...call.participants] }).map((trigger) => ({ rule: trigger.rule.id, seqs: trigger.seqs, reason: trigger.reason }));
    },
  };
}

describe('phrase rules', () => {
  it('fire on the line that says a phrase, with its seq and the phrase in the reason', () => {
    const cancel = rule({ when: { kind: 'phrases', phrases: ['cancel my account', 'cancelar'] } });
    const call = play([cancel]);
    expect(call.say({ text: 'Hello there.' })).toEqual([]);
    expect(call.say({ text: 'I want to cancel my account.' })).toEqual([{ rule: cancel.id, seqs: [2], reason: 'said “cancel my account”' }]);
    expect(call.say({ text: 'Quiero CANCELAR el contrato.' })).toEqual([{ rule: cancel.id, seqs: [3], reason: 'said “cancelar”' }]);
    expect(call.say({ text: 'The cancellation list.' })).toEqual([]);
  });

  it('hear only the side they ask for: the caller is the phone participant, the agent everyone else', () => {
    const callerOnly = rule({ when: { kind: 'phrases', phrases: ['supervisor'], speaker: 'caller' } });
    const agentOnly = rule({ when: { kind: 'phrases', phrases: ['supervisor'], speaker: 'agent' } });
    // The agent speaks first; the phone participant ACS announced is still the caller.
    const call = play([callerOnly, agentOnly], { participants: [AGENT, CALLER] });
    expect(call.say({ text: 'I will get my supervisor.', speaker: AGENT })).toEqual([{ rule: agentOnly.id, seqs: [1], reason: 'said “supervisor”' }]);
    expect(call.say({ text: 'Get me a supervisor now.', speaker: CALLER })).toEqual([{ rule: callerOnly.id, seqs: [2], reason: 'said “supervisor”' }]);
    // A supervisor joining as another ACS user is on the agent side.
    expect(call.say({ text: 'I am the supervisor.', speaker: '8:acs:demo_supervisor' })).toEqual([{ rule: agentOnly.id, seqs: [3], reason: 'said “supervisor”' }]);
  });

  it('run a regular expression case-insensitively on the stored text, in RE2', () => {
    const pattern = rule({ when: { kind: 'phrases', regex: 'refund(ed)? \\d+ dollars' } });
    const call = play([pattern]);
    expect(call.say({ text: 'They REFUNDED 40 dollars.' })).toEqual([{ rule: pattern.id, seqs: [1], reason: 'matched the pattern' }]);
    expect(call.say({ text: 'A refund of forty dollars.' })).toEqual([]);
  });

  it('finish a catastrophic backtracking pattern over a long line (RE2 runs in linear time)', () => {
    const pattern = rule({ when: { kind: 'phrases', regex: '(a+)+$' } });
    const call = play([pattern]);
    expect(call.say({ text: `${'a'.repeat(100_000)}!` })).toEqual([]);
    expect(call.say({ text: 'aaaa' })).toHaveLength(1);
  });

  it('match many rules’ patterns in one RE2 set, catastrophic ones included', () => {
    const catastrophic = rule({ when: { kind: 'phrases', regex: '(a+)+$' } });
    const refund = rule({ when: { kind: 'phrases', regex: 'REFUND' } });
    const both = rule({ when: { kind: 'phrases', phrases: ['refund'], regex: 'refund' } });
    const call = play([catastrophic, refund, both]);
    expect(call.say({ text: `${'a'.repeat(100_000)}!` })).toEqual([]);
    // A rule whose phrase and pattern both match fires once, for its phrase.
    expect(call.say({ text: 'a refund' })).toEqual([
      { rule: both.id, seqs: [2], reason: 'said “refund”' },
      { rule: refund.id, seqs: [2], reason: 'matched the pattern' },
    ]);
    expect(call.say({ text: 'baaa' }).map((trigger) => trigger.rule)).toEqual([catastrophic.id]);
  });
});

describe('cooldown', () => {
  it('keeps a rule quiet on the call for cooldownSeconds after it fired, by line time', () => {
    const cancel = rule({ cooldownSeconds: 60, when: { kind: 'phrases', phrases: ['cancel'] } });
    const call = play([cancel]);
    expect(call.say({ text: 'cancel', at: 1_000 })).toHaveLength(1);
    expect(call.say({ text: 'cancel', at: 30_000 })).toHaveLength(0);
    expect(call.say({ text: 'cancel', at: 60_999 })).toHaveLength(0);
    expect(call.say({ text: 'cancel', at: 61_000 })).toHaveLength(1);
  });

  it('starts from the last firing a rebuilt state was given (stored alerts)', () => {
    const cancel = rule({ cooldownSeconds: 60, when: { kind: 'phrases', phrases: ['cancel'] } });
    const compiled = new CompiledRules([cancel]);
    const state = new CallRuleState('call-1', 0, new Map([[cancel.id, 10_000]]));
    const line = (at: number): LineFacts => ({ seq: 1, text: 'cancel', speakerRawId: CALLER, sentiment: null, language: null, piiMasked: false, at });
    const facts: CallFacts = { locale: 'en-US', participants: [{ rawId: CALLER, kind: 'phoneNumber' }], sentimentNow: null, piiLineCount: 0 };
    expect(evaluateFinal(compiled, state, line(20_000), facts)).toHaveLength(0);
    expect(evaluateFinal(compiled, state, line(70_000), facts)).toHaveLength(1);
  });
});

describe('negative streaks', () => {
  it('fire on the count-th negative line in a row, with the streak’s seqs, not before and not again while it goes on', () => {
    const streak = rule({ when: { kind: 'negativeStreak', count: 3 } });
    const call = play([streak]);
    expect(call.say({ sentiment: 'negative' })).toEqual([]);
    expect(call.say({ sentiment: 'negative' })).toEqual([]);
    expect(call.say({ sentiment: 'neutral' })).toEqual([]);
    expect(call.say({ sentiment: 'negative' })).toEqual([]);
    expect(call.say({ sentiment: 'negative', speaker: AGENT })).toEqual([]);
    expect(call.say({ sentiment: 'negative' })).toEqual([{ rule: streak.id, seqs: [4, 5, 6], reason: '3 negative lines in a row' }]);
    expect(call.say({ sentiment: 'negative' })).toEqual([]);
  });

  it('count one side only when asked: the other side’s lines neither extend nor break it', () => {
    const caller = rule({ when: { kind: 'negativeStreak', count: 2, speaker: 'caller' } });
    const call = play([caller]);
    expect(call.say({ sentiment: 'negative' })).toEqual([]);
    expect(call.say({ sentiment: 'positive', speaker: AGENT })).toEqual([]);
    expect(call.say({ sentiment: 'negative', speaker: AGENT })).toEqual([]);
    expect(call.say({ sentiment: 'negative' })).toEqual([{ rule: caller.id, seqs: [1, 4], reason: '2 negative lines in a row from the caller' }]);
  });

  it('ignore lines without sentiment', () => {
    const streak = rule({ when: { kind: 'negativeStreak', count: 2 } });
    const call = play([streak]);
    expect(call.say({ sentiment: 'negative' })).toEqual([]);
    expect(call.say({ sentiment: null })).toEqual([]);
    expect(call.say({ sentiment: 'negative' })).toHaveLength(1);
  });
});

describe('rolling sentiment', () => {
  it('fires when the rolling score crosses below the threshold, and again only after it came back up', () => {
    const low = rule({ when: { kind: 'rollingSentiment', below: -0.5 } });
    const call = play([low]);
    expect(call.say({ sentiment: 'neutral' })).toEqual([]); // 0
    expect(call.say({ sentiment: 'negative' })).toEqual([]); // -0.4
    expect(call.say({ sentiment: 'negative' })).toEqual([{ rule: low.id, seqs: [3], reason: 'sentiment -0.64 below -0.5' }]);
    expect(call.say({ sentiment: 'negative' })).toEqual([]); // -0.784, still below
    expect(call.say({ sentiment: 'positive' })).toEqual([]); // -0.07: back up
    expect(call.say({ sentiment: 'negative' })).toEqual([]); // -0.442
    expect(call.say({ sentiment: 'negative' })).toEqual([{ rule: low.id, seqs: [7], reason: 'sentiment -0.67 below -0.5' }]);
  });
});

describe('PII', () => {
  it('fires on every count-th masked line of the call', () => {
    const pii = rule({ when: { kind: 'piiSpoken', count: 2 } });
    const call = play([pii]);
    expect(call.say({ text: 'My card is ****.', pii: true })).toEqual([]);
    expect(call.say({ text: 'Thanks.' })).toEqual([]);
    expect(call.say({ text: 'Born on ****.', pii: true })).toEqual([{ rule: pii.id, seqs: [3], reason: '2 lines with PII' }]);
    expect(call.say({ text: '****', pii: true })).toEqual([]);
    expect(call.say({ text: '****', pii: true })).toHaveLength(1);
  });
});

describe('language mismatch', () => {
  it('fires when the detected language differs from the locale for N lines in a row (by primary language)', () => {
    const mismatch = rule({ when: { kind: 'languageMismatch', lines: 2 } });
    const call = play([mismatch], { locale: 'en-US' });
    expect(call.say({ language: 'es-ES' })).toEqual([]);
    expect(call.say({ language: 'en-GB' })).toEqual([]);
    expect(call.say({ language: 'es-ES' })).toEqual([]);
    expect(call.say({ language: null })).toEqual([]);
    expect(call.say({ language: 'es-MX' })).toEqual([]);
    expect(call.say({ language: 'es-ES' })).toEqual([{ rule: mismatch.id, seqs: [5, 6], reason: '2 lines in es-ES, transcribed as en-US' }]);
  });
});

describe('time-based kinds', () => {
  const live = { startedAt: 0, transcribing: true, live: true };

  it('silence fires after N seconds without a final while transcribing, once per silent gap', () => {
    const silence = rule({ when: { kind: 'silence', seconds: 30 } });
    const compiled = new CompiledRules([silence]);
    const state = new CallRuleState('call-1', 0);
    expect(evaluateTick(compiled, state, 29_999, live)).toEqual([]);
    expect(evaluateTick(compiled, state, 30_000, live).map((trigger) => trigger.reason)).toEqual(['silent 30 s']);
    expect(evaluateTick(compiled, state, 90_000, live)).toEqual([]);
    // A final starts a new gap.
    evaluateFinal(compiled, state, { seq: 1, text: 'hi', speakerRawId: CALLER, sentiment: null, language: null, piiMasked: false, at: 100_000 }, { locale: null, participants: [], sentimentNow: null, piiLineCount: 0 });
    expect(evaluateTick(compiled, state, 129_000, live)).toEqual([]);
    expect(evaluateTick(compiled, state, 131_000, live)).toHaveLength(1);
  });

  it('silence does not count while transcription is stopped', () => {
    const silence = rule({ when: { kind: 'silence', seconds: 30 } });
    const compiled = new CompiledRules([silence]);
    const state = new CallRuleState('call-1', 0);
    expect(evaluateTick(compiled, state, 40_000, { ...live, transcribing: false })).toEqual([]);
    expect(evaluateTick(compiled, state, 69_000, live)).toEqual([]);
    expect(evaluateTick(compiled, state, 70_000, live)).toHaveLength(1);
  });

  it('a long call fires once, after N minutes, while the call lasts', () => {
    const long = rule({ cooldownSeconds: 60, when: { kind: 'longCall', minutes: 20 } });
    const compiled = new CompiledRules([long]);
    const state = new CallRuleState('call-1', 0);
    expect(evaluateTick(compiled, state, 20 * 60_000 - 1, live)).toEqual([]);
    expect(evaluateTick(compiled, state, 20 * 60_000, live).map((trigger) => trigger.reason)).toEqual(['over 20 min']);
    expect(evaluateTick(compiled, state, 60 * 60_000, live)).toEqual([]);
    expect(evaluateTick(compiled, new CallRuleState('ended', 0), 30 * 60_000, { ...live, live: false })).toEqual([]);
  });

  it('transcription failures and lost streams fire transcriptionFailed rules, within cooldown once', () => {
    const failed = rule({ cooldownSeconds: 60, when: { kind: 'transcriptionFailed' } });
    const compiled = new CompiledRules([failed, rule({ when: { kind: 'silence', seconds: 5 } })]);
    const state = new CallRuleState('call-1', 0);
    expect(evaluateTranscriptionLoss(compiled, state, 'failed', 1_000).map((trigger) => trigger.reason)).toEqual(['transcription failed']);
    expect(evaluateTranscriptionLoss(compiled, state, 'stream_lost', 2_000)).toEqual([]);
    expect(evaluateTranscriptionLoss(compiled, state, 'stream_lost', 61_000).map((trigger) => trigger.reason)).toEqual(['stream lost']);
  });
});

describe('compiled rules', () => {
  it('leave out disabled rules', () => {
    const off = rule({ enabled: false, when: { kind: 'phrases', phrases: ['cancel'] } });
    const call = play([off]);
    expect(call.compiled.enabled).toEqual([]);
    expect(call.compiled.watchesLines).toBe(false);
    expect(call.say({ text: 'cancel' })).toEqual([]);
  });

  it('name the caller: the first phone participant heard, else the first participant', () => {
    expect(callerOf([{ rawId: AGENT, kind: 'communicationUser' }, { rawId: CALLER, kind: 'phoneNumber' }])).toBe(CALLER);
    expect(callerOf([{ rawId: AGENT, kind: 'communicationUser' }, { rawId: '8:acs:other', kind: 'communicationUser' }])).toBe(AGENT);
    expect(callerOf([])).toBeNull();
  });
});
