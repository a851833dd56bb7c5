import { describe, expect, it } from 'vitest';
import { differingLanguage, sameLanguage } from '../../lib/format-language';
import { formatScore, sentimentTone } from '../../lib/format-sentiment';
import { safeNextPath } from '../../lib/safe-next-path';
import { appendToLog, emptyLog, logToArray } from '../../lib/append-log';

describe('sentiment display', () => {
  it('buckets rolling scores into tones', () => {
    expect(sentimentTone(null)).toBe('unscored');
    expect(sentimentTone(-0.8)).toBe('negative');
    expect(sentimentTone(-0.25)).toBe('negative');
    expect(sentimentTone(0.1)).toBe('neutral');
    expect(sentimentTone(0.4)).toBe('positive');
  });

  it('formats scores with a sign', () => {
    expect(formatScore(0.4)).toBe('+0.40');
    expect(formatScore(-0.617)).toBe('\u22120.62');
    expect(formatScore(0.001)).toBe('0.00');
  });
});

describe('languages', () => {
  it('shows the detected language only when it differs from the locale', () => {
    expect(differingLanguage('en-US', 'es-ES')).toBe('es-ES');
    expect(differingLanguage('en-US', 'en-us')).toBeNull();
    expect(differingLanguage('en-US', null)).toBeNull();
    expect(differingLanguage(null, 'fr-FR')).toBe('fr-FR');
    expect(sameLanguage(null, null)).toBe(true);
  });
});

describe('safeNextPath', () => {
  it('keeps same-origin relative paths', () => {
    expect(safeNextPath('/calls/abc?x=1')).toBe('/calls/abc?x=1');
    expect(safeNextPath('/')).toBe('/');
    expect(safeNextPath(['/calls/a', '/b'])).toBe('/calls/a');
  });

  it('refuses other origins, odd schemes and loops', () => {
    for (const bad of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'calls', '/login?next=/', '/api/calls', '/\tx', '', undefined, null]) {
      expect(safeNextPath(bad)).toBe('/');
    }
  });
});

describe('append log', () => {
  it('shares storage between states and copies only on a divergent append', () => {
    const base = appendToLog(emptyLog<string>(), 'a');
    const left = appendToLog(base, 'b');
    const right = appendToLog(base, 'c');
    expect(logToArray(base)).toEqual(['a']);
    expect(logToArray(left)).toEqual(['a', 'b']);
    expect(logToArray(right)).toEqual(['a', 'c']);
    expect(left.items).toBe(base.items);
  });
});
