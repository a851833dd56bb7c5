import { describe, expect, it } from 'vitest';
import { countPiiRuns, splitPiiRuns } from '../../lib/pii-runs';

describe('splitPiiRuns', () => {
  it('splits a card number into one run per masked group', () => {
    expect(splitPiiRuns('I would like to pay with card **** **** **** 1111.')).toEqual([
      { kind: 'text', text: 'I would like to pay with card ' },
      { kind: 'pii', text: '****' },
      { kind: 'text', text: ' ' },
      { kind: 'pii', text: '****' },
      { kind: 'text', text: ' ' },
      { kind: 'pii', text: '****' },
      { kind: 'text', text: ' 1111.' },
    ]);
  });

  it('handles runs at the edges and text without masking', () => {
    expect(splitPiiRuns('***** called')).toEqual([
      { kind: 'pii', text: '*****' },
      { kind: 'text', text: ' called' },
    ]);
    expect(splitPiiRuns('born on ********')).toEqual([
      { kind: 'text', text: 'born on ' },
      { kind: 'pii', text: '********' },
    ]);
    expect(splitPiiRuns('no masking here')).toEqual([{ kind: 'text', text: 'no masking here' }]);
    expect(splitPiiRuns('')).toEqual([]);
  });

  it('keeps every character, in order', () => {
    const text = 'Mi nombre es ***** ****, mi número ***-***-****.';
    expect(splitPiiRuns(text).map((part) => part.text).join('')).toBe(text);
    expect(countPiiRuns(text)).toBe(5);
  });
});
