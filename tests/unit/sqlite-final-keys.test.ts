import { describe, expect, it } from 'vitest';
import { StoredFinalKeys } from '../../server/store/sqlite-final-keys';

function keysReadingFrom(table: Record<string, string[]>, maxKeys?: number) {
  const reads: string[] = [];
  const keys = new StoredFinalKeys((callId) => {
    reads.push(callId);
    return table[callId] ?? [];
  }, maxKeys);
  return { keys, reads };
}

describe('StoredFinalKeys', () => {
  it("reads a call's stored keys once, then answers from memory with what was added since", () => {
    const { keys, reads } = keysReadingFrom({ a: ['k1', 'k2'] });
    expect(keys.of('a').has('k1')).toBe(true);
    expect(keys.of('a').has('k3')).toBe(false);
    keys.add('a', 'k3');
    keys.add('a', 'k3');
    expect(keys.of('a').has('k3')).toBe(true);
    expect(keys.of('b').size).toBe(0);
    expect(reads).toEqual(['a', 'b']);
    expect(keys.size).toBe(3);
  });

  it('past the bound drops the calls that wrote least recently, and reads them again when they write', () => {
    const { keys, reads } = keysReadingFrom({ a: ['a1', 'a2'], b: ['b1', 'b2'], c: ['c1', 'c2'] }, 4);
    keys.of('a');
    keys.of('b');
    keys.of('a');
    keys.of('c');
    keys.trim();
    // b wrote least recently: it goes, a and c stay.
    expect(keys.size).toBe(4);
    expect(keys.of('a').has('a1')).toBe(true);
    expect(keys.of('c').has('c2')).toBe(true);
    expect(reads).toEqual(['a', 'b', 'c']);
    expect(keys.of('b').has('b1')).toBe(true);
    expect(reads).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps the most recent call whatever its size', () => {
    const { keys } = keysReadingFrom({ big: ['1', '2', '3', '4', '5'] }, 2);
    keys.of('big');
    keys.trim();
    expect(keys.of('big').size).toBe(5);
  });

  it('forgets deleted calls and, after a failed transaction, everything', () => {
    const table: Record<string, string[]> = { a: ['a1'], b: ['b1'] };
    const { keys, reads } = keysReadingFrom(table);
    keys.add('a', 'a2');
    keys.of('b');
    table.a = [];
    keys.forget(['a']);
    expect(keys.of('a').has('a1')).toBe(false);
    expect(keys.size).toBe(1);
    keys.clear();
    expect(keys.size).toBe(0);
    expect(keys.of('b').has('b1')).toBe(true);
    expect(reads).toEqual(['a', 'b', 'a', 'b']);
  });
});
