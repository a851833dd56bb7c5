import { describe, expect, it } from 'vitest';
import { initialCallState, reduceCallEvent, type CallEvent, type CallViewState } from '../../lib/call-state';
import { canonicalLocale, selectLanguageSuggestion, suggestLanguage } from '../../lib/language-suggestion';
import type { CallDetail, FinalSegment } from '../../lib/protocol';
import { callDetail } from '../helpers/call-fixtures';

const lines = (...languages: (string | null)[]) => languages.map((language) => ({ language }));

describe('suggestLanguage: the last 3 final lines agree on another language', () => {
  it('suggests the language three lines in a row were heard in', () => {
    expect(suggestLanguage(lines('en-US', 'es-ES', 'es-ES', 'es-ES'), 'en-US')).toBe('es-ES');
  });

  it('does not suggest after fewer lines than the rule needs', () => {
    expect(suggestLanguage(lines('es-ES', 'es-ES'), 'en-US')).toBeNull();
    expect(suggestLanguage([], 'en-US')).toBeNull();
  });

  it('does not suggest when the run is broken by the transcription locale or another language', () => {
    expect(suggestLanguage(lines('es-ES', 'en-US', 'es-ES'), 'en-US')).toBeNull();
    expect(suggestLanguage(lines('es-ES', 'fr-FR', 'es-ES'), 'en-US')).toBeNull();
    expect(suggestLanguage(lines('es-ES', 'es-ES', 'en-US'), 'en-US')).toBeNull();
  });

  it('does not suggest the locale already in use, whatever its case', () => {
    expect(suggestLanguage(lines('es-ES', 'es-ES', 'es-ES'), 'es-ES')).toBeNull();
    expect(suggestLanguage(lines('es-es', 'ES-es', 'es-ES'), 'es-ES')).toBeNull();
  });

  it('ignores lines without a language and calls without a locale', () => {
    expect(suggestLanguage(lines('es-ES', null, 'es-ES'), 'en-US')).toBeNull();
    expect(suggestLanguage(lines(null, null, null), 'en-US')).toBeNull();
    expect(suggestLanguage(lines('es-ES', 'es-ES', 'es-ES'), null)).toBeNull();
  });

  it('suggests the canonical form, and nothing that is not a locale ACS would take', () => {
    expect(suggestLanguage(lines('es-es', 'ES-ES', 'es-ES'), 'en-US')).toBe('es-ES');
    expect(suggestLanguage(lines('es', 'es', 'es'), 'en-US')).toBeNull();
    expect(canonicalLocale(' fr-fr ')).toBe('fr-FR');
    expect(canonicalLocale('zh-Hans-CN')).toBeNull();
  });

  it('takes the line count as a parameter', () => {
    expect(suggestLanguage(lines('es-ES', 'es-ES'), 'en-US', 2)).toBe('es-ES');
    expect(suggestLanguage(lines('es-ES'), 'en-US', 0)).toBeNull();
  });
});

describe('selectLanguageSuggestion: for an open call', () => {
  const CALL = 'call-1';
  const call = (overrides: Partial<CallDetail> = {}): CallDetail => callDetail({ callId: CALL, ...overrides });

  const final = (seq: number, language: string): FinalSegment => ({
    callId: CALL,
    utteranceId: `u${seq}`,
    speaker: { rawId: '4:+1', kind: 'phoneNumber', label: '+1' },
    text: 'hola',
    offsetMs: seq,
    durationMs: 1,
    confidence: 0.9,
    words: [],
    sentiment: null,
    language,
    piiMasked: false,
    receivedAt: seq,
    status: 'final',
    seq,
  });
  const run = (events: CallEvent[], start: CallViewState = initialCallState(CALL)) => events.reduce(reduceCallEvent, start);
  const spanish = run([
    { type: 'history-received', afterSeq: 0, history: { call: call(), segments: [final(1, 'en-US'), final(2, 'es-ES'), final(3, 'es-ES'), final(4, 'es-ES')], hasMore: false, hasOlder: false, interims: [], summaries: [], audit: [] } },
  ]);

  it('suggests once three lines in a row are in another language', () => {
    expect(selectLanguageSuggestion(spanish)).toBe('es-ES');
  });

  it('does not suggest while transcription is not active or the call has ended', () => {
    expect(selectLanguageSuggestion(run([{ type: 'call-updated', call: call({ transcription: 'stopped', updatedAt: 2 }) }], spanish))).toBeNull();
    expect(selectLanguageSuggestion(run([{ type: 'call-updated', call: call({ state: 'disconnected', updatedAt: 2 }) }], spanish))).toBeNull();
  });

  it('only counts lines heard since the locale last changed', () => {
    // The supervisor switched back to en-US: the Spanish lines before that no longer argue for Spanish.
    const viaSpanish = run([
      { type: 'call-updated', call: call({ locale: 'es-ES', updatedAt: 2 }) },
      { type: 'call-updated', call: call({ locale: 'en-US', updatedAt: 3 }) },
    ], spanish);
    expect(selectLanguageSuggestion(viaSpanish)).toBeNull();
    const again = run([5, 6, 7].map((seq): CallEvent => ({ type: 'final-received', segment: final(seq, 'es-ES') })), viaSpanish);
    expect(selectLanguageSuggestion(again)).toBe('es-ES');
  });
});
