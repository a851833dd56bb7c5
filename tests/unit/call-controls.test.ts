import { describe, expect, it } from 'vitest';
import { deriveControlsView, isSettled, localeOptionGroups, pendingText, shownFailure, type LocalRequests } from '../../lib/call-controls';
import { COMMON_LOCALES, type AuditEntry, type CallDetail, type PendingOperation } from '../../lib/protocol';
import { callDetail } from '../helpers/call-fixtures';

const call = callDetail;

const pendingOp = (action: PendingOperation['action'], operationContext: string, locale: string | null = null): PendingOperation => ({ action, operationContext, requestedAt: 1, requestedBy: 'alice', locale });
const audit = (operationContext: string, outcome: AuditEntry['outcome']): AuditEntry => ({ id: `${operationContext}-${outcome}`, callId: 'call-1', at: 2, actor: 'acs', action: 'stop-transcription', operationContext, outcome, detail: null });

describe('call controls: pending from the click until the operation settles', () => {
  it('is pending while the request is on its way', () => {
    const view = deriveControlsView(call(), [], { 'stop-transcription': { phase: 'sending', locale: null } });
    expect(view.pending['stop-transcription']?.text).toBe('Stopping…');
    expect(view.pendingList.map((item) => item.text)).toEqual(['Stopping…']);
    expect(view.availability['stop-transcription'].enabled).toBe(false);
  });

  it('stays pending when the HTTP answer overtakes the call update that lists the operation', () => {
    const requests: LocalRequests = { 'stop-transcription': { phase: 'accepted', operationContext: 'ctx', locale: null } };
    expect(deriveControlsView(call(), [audit('ctx', 'requested')], requests).pending['stop-transcription']).not.toBeNull();
  });

  it('is pending while the call lists it, and settles once ACS confirmed or failed it', () => {
    const requests: LocalRequests = { 'stop-transcription': { phase: 'accepted', operationContext: 'ctx', locale: null } };
    const stopping = call({ transcription: 'stopping', pending: [pendingOp('stop-transcription', 'ctx')] });
    expect(deriveControlsView(stopping, [], requests).pending['stop-transcription']).not.toBeNull();
    const stopped = call({ transcription: 'stopped' });
    expect(deriveControlsView(stopped, [audit('ctx', 'confirmed')], requests).pending['stop-transcription']).toBeNull();
    expect(deriveControlsView(stopped, [audit('ctx', 'failed')], requests).pending['stop-transcription']).toBeNull();
  });

  it('shows operations other supervisors started as pending too', () => {
    const view = deriveControlsView(call({ pending: [pendingOp('update-transcription', 'theirs', 'fr-FR'), pendingOp('summarize', 'theirs-2')] }), [], {});
    expect(view.pending['update-transcription']?.text).toBe('Switching to fr-FR…');
    expect(view.locale).toBe('fr-FR');
    expect(view.pending.summarize?.text).toBe('Summarizing…');
  });

  it('lists call setup as pending, but not on an ended call', () => {
    expect(deriveControlsView(call({ state: 'connecting', pending: [pendingOp('answer-call', 'a')] }), [], {}).pendingList.map((item) => item.text)).toEqual(['Answering…']);
    expect(isSettled('x', call({ state: 'disconnected', pending: [pendingOp('hang-up', 'x')] }), [])).toBe(true);
    expect(deriveControlsView(call({ state: 'disconnected', pending: [pendingOp('hang-up', 'x')] }), [], {}).pendingList).toEqual([]);
  });

  it('is not pending after a refusal', () => {
    const view = deriveControlsView(call(), [], { summarize: { phase: 'refused', error: { code: 'invalid_state', message: 'no' }, seq: 1 } });
    expect(view.pending.summarize).toBeNull();
    expect(view.availability.summarize.enabled).toBe(true);
  });

  it('names every pending action', () => {
    expect(pendingText('update-transcription', 'es-ES')).toBe('Switching to es-ES…');
    expect(pendingText('update-transcription', null)).toBe('Switching language…');
    expect(pendingText('start-transcription', null)).toBe('Starting…');
    expect(pendingText('hang-up', null)).toBe('Hanging up…');
  });
});

describe('call controls: what is enabled', () => {
  const enabled = (detail: CallDetail | null, requests: LocalRequests = {}) =>
    Object.entries(deriveControlsView(detail, [], requests).availability)
      .filter(([, availability]) => availability.enabled)
      .map(([operation]) => operation)
      .sort();

  it('while transcribing: stop, language, summarize, hang up', () => {
    expect(enabled(call())).toEqual(['hang-up', 'stop-transcription', 'summarize', 'update-transcription']);
  });

  it('while stopped or failed: start, summarize, hang up; no language change', () => {
    expect(enabled(call({ transcription: 'stopped' }))).toEqual(['hang-up', 'start-transcription', 'summarize']);
    expect(enabled(call({ transcription: 'failed' }))).toEqual(['hang-up', 'start-transcription', 'summarize']);
    expect(enabled(call({ transcription: 'inactive' }))).toEqual(['hang-up', 'start-transcription', 'summarize']);
  });

  it('while starting: stop is possible, start and language are not', () => {
    expect(enabled(call({ transcription: 'starting' }))).toEqual(['hang-up', 'stop-transcription', 'summarize']);
  });

  it('while stopping: nothing about transcription', () => {
    expect(enabled(call({ transcription: 'stopping' }))).toEqual(['hang-up', 'summarize']);
  });

  it('while connecting: only hang up; once ended or before loading: nothing', () => {
    expect(enabled(call({ state: 'connecting', transcription: 'starting' }))).toEqual(['hang-up']);
    expect(enabled(call({ state: 'disconnected', transcription: 'stopped' }))).toEqual([]);
    expect(enabled(null)).toEqual([]);
    expect(deriveControlsView(call({ state: 'disconnected' }), [], {}).availability.summarize.reason).toBe('The call has ended.');
  });

  it('no second request for an operation that is pending', () => {
    expect(enabled(call(), { summarize: { phase: 'sending', locale: null }, 'hang-up': { phase: 'sending', locale: null } })).toEqual(['stop-transcription', 'update-transcription']);
    expect(enabled(call(), { 'update-transcription': { phase: 'sending', locale: 'es-ES' } })).toEqual(['hang-up', 'stop-transcription', 'summarize']);
  });
});

describe('call controls: the failure shown', () => {
  const refused = (seq: number, code: string): LocalRequests['summarize'] => ({ phase: 'refused', error: { code, message: `${code} message` }, seq });

  it('shows the newest refused request (the HTTP error body) first', () => {
    const failure = shownFailure(call(), { summarize: refused(1, 'invalid_state'), 'stop-transcription': refused(2, 'InternalError') }, new Set());
    expect(failure).toMatchObject({ action: 'stop-transcription', code: 'InternalError', message: 'InternalError message' });
  });

  it('shows the last error ACS reported for the call (asynchronous failures)', () => {
    const lastError = { action: 'start-transcription' as const, code: '8581', message: 'Transport unreachable', at: 5 };
    expect(shownFailure(call({ lastError }), {}, new Set())).toMatchObject({ action: 'start-transcription', code: '8581', message: 'Transport unreachable' });
  });

  it('hides a dismissed failure until a new one arrives', () => {
    const lastError = { action: 'transcription' as const, code: '8581', message: 'x', at: 5 };
    const first = shownFailure(call({ lastError }), {}, new Set());
    expect(first).not.toBeNull();
    const dismissed = new Set([first?.key ?? '']);
    expect(shownFailure(call({ lastError }), {}, dismissed)).toBeNull();
    expect(shownFailure(call({ lastError: { ...lastError, at: 6 } }), {}, dismissed)).not.toBeNull();
  });
});

describe('call controls: locale choices', () => {
  it('offers the call’s candidate locales first, then the common ones, each once', () => {
    const groups = localeOptionGroups(['es-ES', 'hi-IN'], 'en-US');
    expect(groups[0]).toEqual({ label: 'Candidate locales of this call', locales: ['es-ES', 'hi-IN'] });
    expect(groups[1]?.locales).toEqual(COMMON_LOCALES.filter((locale) => locale !== 'es-ES' && locale !== 'hi-IN'));
  });

  it('always offers the current locale', () => {
    const groups = localeOptionGroups([], 'nl-NL');
    expect(groups[0]).toEqual({ label: 'Current', locales: ['nl-NL'] });
    expect(groups.flatMap((group) => group.locales).filter((locale) => locale === 'nl-NL')).toHaveLength(1);
  });
});

describe('call controls: an answer without an error envelope', () => {
  const lastError = { action: 'stop-transcription' as const, code: 'InternalError', message: 'Injected outage', at: 7 };

  it('shows the ACS failure the call received for the same request instead', () => {
    const requests: LocalRequests = { 'stop-transcription': { phase: 'refused', error: { code: 'http_500', message: 'no description' }, seq: 1, lastErrorBefore: null } };
    expect(shownFailure(call({ lastError }), requests, new Set())).toMatchObject({ code: 'InternalError', message: 'Injected outage' });
  });

  it('keeps its own error when the call’s last error is older than the request, or about another action', () => {
    const older: LocalRequests = { 'stop-transcription': { phase: 'refused', error: { code: 'http_500', message: 'no description' }, seq: 1, lastErrorBefore: 'acs:7:stop-transcription:InternalError' } };
    expect(shownFailure(call({ lastError }), older, new Set())).toMatchObject({ code: 'http_500' });
    const other: LocalRequests = { summarize: { phase: 'refused', error: { code: 'http_500', message: 'no description' }, seq: 1, lastErrorBefore: null } };
    expect(shownFailure(call({ lastError }), other, new Set())).toMatchObject({ code: 'http_500' });
  });

  it('prefers a real error envelope even when the call has a failure too', () => {
    const requests: LocalRequests = { 'stop-transcription': { phase: 'refused', error: { code: 'invalid_state', message: 'Transcription is not running.' }, seq: 1, lastErrorBefore: null } };
    expect(shownFailure(call({ lastError }), requests, new Set())).toMatchObject({ code: 'invalid_state' });
  });
});

describe('call controls: dismissing a failure', () => {
  it('dismisses a refused request together with the same failure recorded on the call', () => {
    const lastError = { action: 'stop-transcription' as const, code: 'InternalError', message: 'Injected outage', at: 7 };
    const requests: LocalRequests = { 'stop-transcription': { phase: 'refused', error: { code: 'InternalError', message: 'Injected outage' }, seq: 3, lastErrorBefore: null } };
    const shown = shownFailure(call({ lastError }), requests, new Set());
    expect(shown?.keys).toHaveLength(2);
    expect(shownFailure(call({ lastError }), requests, new Set(shown?.keys))).toBeNull();
  });
});
