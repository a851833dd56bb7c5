import { describe, expect, it } from 'vitest';
import { describeCondition, formatSigned, RULE_KIND_LABEL } from '../../lib/rule-text';
import { RULE_KINDS } from '../../lib/rules';

describe('rule summaries in words', () => {
  it('says who says which phrases, at most three quoted', () => {
    expect(describeCondition({ kind: 'phrases', phrases: ['refund my order'], speaker: 'any' })).toBe('Anyone says “refund my order”');
    expect(describeCondition({ kind: 'phrases', phrases: ['a', 'b'], speaker: 'caller' })).toBe('The caller says “a” or “b”');
    expect(describeCondition({ kind: 'phrases', phrases: ['a', 'b', 'c', 'd', 'e'], speaker: 'agent' })).toBe('The agent says “a”, “b”, “c” or 2 more');
    expect(describeCondition({ kind: 'phrases', phrases: ['a'], regex: 'x+', speaker: 'any' })).toBe('Anyone says “a”, or a line matches /x+/');
    expect(describeCondition({ kind: 'phrases', phrases: [], regex: 'x+', speaker: 'caller' })).toBe('A line matches /x+/ (the caller)');
  });

  it('describes every other kind, with singular and plural', () => {
    expect(describeCondition({ kind: 'negativeStreak', count: 3, speaker: 'caller' })).toBe('3 negative lines in a row from the caller');
    expect(describeCondition({ kind: 'negativeStreak', count: 1, speaker: 'any' })).toBe('1 negative line in a row from anyone');
    expect(describeCondition({ kind: 'rollingSentiment', below: -0.5 })).toBe('Rolling sentiment drops below \u22120.5');
    expect(describeCondition({ kind: 'silence', seconds: 40 })).toBe('No line for 40 seconds while transcribing');
    expect(describeCondition({ kind: 'piiSpoken', count: 1 })).toBe('1 line with personal data masked');
    expect(describeCondition({ kind: 'languageMismatch', lines: 3 })).toBe("3 lines in a row in another language than the transcription's");
    expect(describeCondition({ kind: 'longCall', minutes: 30 })).toBe('The call lasts over 30 minutes');
    expect(describeCondition({ kind: 'transcriptionFailed' })).toBe('Transcription fails or its stream is lost');
  });

  it('has a label for every kind, and writes signs', () => {
    expect(RULE_KINDS.every((kind) => RULE_KIND_LABEL[kind].length > 0)).toBe(true);
    expect([formatSigned(-1), formatSigned(0), formatSigned(0.3)]).toEqual(['\u22121', '0', '+0.3']);
  });
});
