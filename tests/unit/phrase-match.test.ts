import { describe, expect, it } from 'vitest';
import { containsPhrase, matchWords, normalizeForMatch, PhraseIndex } from '../../lib/phrase-match';

describe('phrase matching', () => {
  it('matches whole words and phrases, ignoring case, punctuation and PII masks', () => {
    expect(containsPhrase('I want to CANCEL my account!', 'cancel my account')).toBe(true);
    expect(containsPhrase('Put me through to a supervisor, right now.', 'supervisor')).toBe(true);
    expect(containsPhrase('Speak to a... supervisor', 'speak to a supervisor')).toBe(true);
    expect(containsPhrase('My card **** **** 1234, cancel it', 'cancel')).toBe(true);
    expect(containsPhrase('cancel', 'cancel')).toBe(true);
  });

  it('never matches inside a longer word', () => {
    expect(containsPhrase('they put you on the cancellation list', 'cancel')).toBe(false);
    expect(containsPhrase('they put you on the cancellation list', 'cancellation')).toBe(true);
    expect(containsPhrase('it was cancelled', 'cancel')).toBe(false);
    expect(containsPhrase('precancel', 'cancel')).toBe(false);
    expect(containsPhrase('cancel2', 'cancel')).toBe(false);
    expect(containsPhrase('my password manager', 'your manager')).toBe(false);
  });

  it('matches Spanish with and without accents, both ways', () => {
    expect(containsPhrase('Quiero la cancelacion del contrato', 'cancelación')).toBe(true);
    expect(containsPhrase('Quiero la cancelación del contrato', 'cancelacion')).toBe(true);
    expect(containsPhrase('QUIERO LA CANCELACIÓN', 'cancelación')).toBe(true);
    expect(containsPhrase('Voy a llamar a mi abogado', 'abogado')).toBe(true);
    expect(containsPhrase('Pongo una queja', 'queja')).toBe(true);
    expect(containsPhrase('Pongo unas quejas', 'queja')).toBe(false);
    // A decomposed accent (e + U+0301) reads like the precomposed one.
    expect(containsPhrase('cancelacio\u0301n', 'cancelación')).toBe(true);
    expect(normalizeForMatch('Ñandú')).toBe('nandu');
  });

  it('keeps Devanagari words whole: vowel signs and viramas are part of the word', () => {
    expect(containsPhrase('मुझे अपना प्लान रद्द करना है', 'रद्द')).toBe(true);
    expect(containsPhrase('मुझे अपना प्लान रद्द करना है', 'प्लान रद्द')).toBe(true);
    // काम (work) and कम (less) differ only by a vowel sign: one must not match the other.
    expect(containsPhrase('मुझे काम है', 'कम')).toBe(false);
    expect(containsPhrase('मुझे कम है', 'काम')).toBe(false);
    // Boundaries are Unicode-aware: a phrase is not found inside a longer Devanagari word.
    expect(containsPhrase('शिकायतें दर्ज', 'शिकायत')).toBe(false);
    expect(containsPhrase('मेरी शिकायत दर्ज करें', 'शिकायत')).toBe(true);
    // A precomposed nukta letter (U+0958 क़) and its decomposed form (क + ़) are the same word.
    expect(containsPhrase('\u0958ानून', '\u0915\u093c\u093eनून')).toBe(true);
  });

  it('splits words of any script and drops masks', () => {
    expect(matchWords("I'm done — ¡basta! ****")).toEqual(['i', 'm', 'done', 'basta']);
    expect(matchWords('рад Помочь')).toEqual(['рад', 'помочь']);
  });

  it('indexes many phrases of many owners and reports the first phrase found per owner', () => {
    const index = new PhraseIndex([
      { phrase: 'cancel', owner: 'a' },
      { phrase: 'cancel my account', owner: 'b' },
      { phrase: 'supervisor', owner: 'b' },
      { phrase: '  ', owner: 'c' },
    ]);
    expect(index.size).toBe(3);
    expect([...index.match(matchWords('Supervisor! I said cancel my account'))]).toEqual([
      ['b', 'supervisor'],
      ['a', 'cancel'],
    ]);
    expect(index.match(matchWords('cancel my')).get('b')).toBeUndefined();
    expect(index.match([]).size).toBe(0);
  });
});
