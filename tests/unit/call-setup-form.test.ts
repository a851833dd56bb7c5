import { describe, expect, it } from 'vitest';
import { checkConnectRoom, checkPlaceCall, compactPhoneNumber, defaultTranscriptionValues, parseLocaleList, targetKind, type PlaceCallFormValues } from '../../lib/call-setup-form';

const place = (overrides: Partial<PlaceCallFormValues> = {}, transcription: Partial<PlaceCallFormValues['transcription']> = {}): PlaceCallFormValues => ({
  target: '+14255550123',
  sourcePhoneNumber: '',
  ...overrides,
  transcription: { ...defaultTranscriptionValues(), ...transcription },
});

describe('place call form', () => {
  it('builds the request the server expects, defaults included', () => {
    const check = checkPlaceCall(place({}, { locales: 'en-US, es-ES', endCallSummary: true }));
    expect(check).toEqual({
      ok: true,
      request: {
        target: { kind: 'phoneNumber', phoneNumber: '+14255550123' },
        transcription: { locale: 'en-US', locales: ['en-US', 'es-ES'], sentimentAnalysis: true, piiRedaction: true, intermediateResults: true, endCallSummary: true, startImmediately: true },
      },
    });
  });

  it('reads an ACS user id and a spaced phone number', () => {
    expect(targetKind('8:acs:res_user')).toBe('communicationUser');
    expect(targetKind('+1 425')).toBe('phoneNumber');
    expect(compactPhoneNumber(' +1 (425) 555-0123 ')).toBe('+14255550123');
    const user = checkPlaceCall(place({ target: '8:acs:resource_user-1' }));
    expect(user.ok && user.request.target).toEqual({ kind: 'communicationUser', communicationUserId: '8:acs:resource_user-1' });
    const spaced = checkPlaceCall(place({ target: '+1 425 555 0123', sourcePhoneNumber: '+1 800 555 0100' }, { speechModelEndpointId: ' model-1 ' }));
    expect(spaced.ok && spaced.request.sourcePhoneNumber).toBe('+18005550100');
    expect(spaced.ok && spaced.request.transcription.speechModelEndpointId).toBe('model-1');
  });

  it('puts the protocol schema’s messages on the fields they concern', () => {
    const check = checkPlaceCall(place({ target: '12345', sourcePhoneNumber: 'abc' }, { locale: 'english', locales: 'en-US es-ES fr-FR de-DE it-IT' }));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.target).toMatch(/E\.164/);
    expect(check.errors.sourcePhoneNumber).toMatch(/E\.164/);
    expect(check.errors.locale).toMatch(/locale/);
    expect(check.errors.locales).toMatch(/at most 4/);
    expect(checkPlaceCall(place({ target: '8:acs:' })).ok).toBe(false);
    expect(checkPlaceCall(place({ target: '  ' }))).toEqual({ ok: false, errors: { target: expect.any(String) } });
    expect(checkPlaceCall(place({}, { locales: 'en-US, spanish' }))).toMatchObject({ ok: false, errors: { locales: expect.stringMatching(/locale/) } });
  });

  it('splits candidate locales on commas and spaces', () => {
    expect(parseLocaleList(' en-US,es-ES ; fr-FR  ')).toEqual(['en-US', 'es-ES', 'fr-FR']);
    expect(parseLocaleList('')).toEqual([]);
  });
});

describe('connect to room form', () => {
  it('builds a room locator request', () => {
    const check = checkConnectRoom({ kind: 'roomCallLocator', id: ' 99466843254286789 ', transcription: { ...defaultTranscriptionValues(), startImmediately: false } });
    expect(check.ok && check.request.locator).toEqual({ kind: 'roomCallLocator', id: '99466843254286789' });
    expect(check.ok && check.request.transcription.startImmediately).toBe(false);
  });

  it('asks for the id, and checks the transcription options', () => {
    expect(checkConnectRoom({ kind: 'groupCallLocator', id: '', transcription: defaultTranscriptionValues() })).toEqual({ ok: false, errors: { id: 'Enter the group call id.' } });
    expect(checkConnectRoom({ kind: 'serverCallLocator', id: 'x'.repeat(600), transcription: defaultTranscriptionValues() })).toMatchObject({ ok: false, errors: { id: expect.any(String) } });
    expect(checkConnectRoom({ kind: 'serverCallLocator', id: 'abc', transcription: { ...defaultTranscriptionValues(), locale: 'xx' } })).toMatchObject({ ok: false, errors: { locale: expect.any(String) } });
  });
});
