import { describe, expect, it } from 'vitest';
import { alertCallPath, callLinePath, lineAnchorId, seqFromHash } from '../../lib/line-link';
import { parseAlertPreferences } from '../../lib/alert-preferences';

describe('links to a transcript line', () => {
  it('builds /calls/{id}#seq-{n} with the id as one encoded segment', () => {
    expect(callLinePath('a/b #c', 42)).toBe('/calls/a%2Fb%20%23c#seq-42');
    expect(lineAnchorId(7)).toBe('seq-7');
  });

  it('links an alert to its first line, or to the call when it names none', () => {
    expect(alertCallPath('c1', [9, 7, 8])).toBe('/calls/c1#seq-7');
    expect(alertCallPath('c1', [])).toBe('/calls/c1');
  });

  it('reads only #seq-{positive integer} hashes', () => {
    expect(seqFromHash('#seq-42')).toBe(42);
    expect(seqFromHash('seq-1')).toBe(1);
    for (const hash of ['', '#', '#seq-0', '#seq-01', '#seq--1', '#seq-1.5', '#seq-abc', '#line-3', '#seq-99999999999']) expect(seqFromHash(hash), hash).toBeNull();
  });
});

describe('alert preferences from storage', () => {
  it('reads anything stored as valid preferences, off by default', () => {
    expect(parseAlertPreferences(null)).toEqual({ sound: false, desktop: false });
    expect(parseAlertPreferences('{"sound":true}')).toEqual({ sound: true, desktop: false });
    expect(parseAlertPreferences('{"sound":"yes","desktop":true}')).toEqual({ sound: false, desktop: true });
    expect(parseAlertPreferences('not json')).toEqual({ sound: false, desktop: false });
    expect(parseAlertPreferences('[1]')).toEqual({ sound: false, desktop: false });
  });
});
