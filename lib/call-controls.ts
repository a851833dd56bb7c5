/**
 * What the call controls show, derived from the call (as the server last sent it), its audit trail, and this
 * browser's own requests. Pure, so every state the controls can be in is unit-tested.
 *
 * An operation is pending from the click until it settles. The server marks it in `call.pending` when it accepts
 * it and removes it when ACS confirms or fails it; the browser's own request fills the two gaps around that: the
 * HTTP round trip, and an HTTP answer that overtakes the `call:updated` carrying the pending entry (two separate
 * connections, so no ordering is promised). The audit entry that settles an operation closes the second gap.
 */
import { CALL_OPERATIONS, decideControl, type CallOperation } from './control-rules';
import { sameLanguage } from './format-language';
import { COMMON_LOCALES, type ApiError, type AuditEntry, type CallDetail, type ControlAction, type OperationFailure } from './protocol';
import { assertNever } from './speaker-label';

/** This browser's request for one operation, from the click on. */
export type LocalRequest =
  | { phase: 'sending'; locale: string | null }
  | { phase: 'accepted'; operationContext: string; locale: string | null }
  /** `lastErrorBefore`: the key of the call's `lastError` when the request was sent, to tell a new one from it. */
  | { phase: 'refused'; error: ApiError; seq: number; lastErrorBefore?: string | null };

export type LocalRequests = Partial<Record<CallOperation, LocalRequest>>;

export interface PendingItem {
  action: ControlAction;
  locale: string | null;
  text: string;
}

export interface Availability {
  enabled: boolean;
  /** Why the control is disabled; null when it is enabled. */
  reason: string | null;
}

export interface ShownFailure {
  action: ControlAction | 'transcription';
  code: string;
  message: string;
  /** Identifies this failure for dismissing it. */
  key: string;
  /** Every key to dismiss with it: a refused request and the same failure recorded on the call. */
  keys: string[];
}

export interface ControlsView {
  /** The locale the picker shows: the one being switched to, else the confirmed one. */
  locale: string | null;
  pending: Record<CallOperation, PendingItem | null>;
  /** Every pending operation, this browser's and anyone else's, call setup included: read out to screen readers. */
  pendingList: PendingItem[];
  availability: Record<CallOperation, Availability>;
  failure: ShownFailure | null;
}

export const ACTION_TEXT: Record<ControlAction | 'transcription', string> = {
  'place-call': 'Placing the call',
  'answer-call': 'Answering the call',
  'connect-call': 'Connecting to the call',
  'start-transcription': 'Starting transcription',
  'stop-transcription': 'Stopping transcription',
  'update-transcription': 'Switching the transcription language',
  summarize: 'Summarizing',
  'hang-up': 'Hanging up',
  transcription: 'Transcription',
};

export function pendingText(action: ControlAction, locale: string | null): string {
  switch (action) {
    case 'place-call':
      return 'Placing call…';
    case 'answer-call':
      return 'Answering…';
    case 'connect-call':
      return 'Connecting…';
    case 'start-transcription':
      return 'Starting…';
    case 'stop-transcription':
      return 'Stopping…';
    case 'update-transcription':
      return locale ? `Switching to ${locale}…` : 'Switching language…';
    case 'summarize':
      return 'Summarizing…';
    case 'hang-up':
      return 'Hanging up…';
    default:
      return assertNever(action);
  }
}

/** True once ACS has confirmed or failed the operation, or the call ended (which settles everything). */
export function isSettled(operationContext: string, call: CallDetail, audit: readonly AuditEntry[]): boolean {
  if (call.state === 'disconnected') return true;
  if (call.pending.some((operation) => operation.operationContext === operationContext)) return false;
  return audit.some((entry) => entry.operationContext === operationContext && entry.outcome !== 'requested');
}

function pendingFor(operation: CallOperation, call: CallDetail, audit: readonly AuditEntry[], local: LocalRequest | undefined): PendingItem | null {
  const item = (locale: string | null): PendingItem => ({ action: operation, locale, text: pendingText(operation, locale) });
  if (local?.phase === 'sending') return item(local.locale);
  if (local?.phase === 'accepted' && !isSettled(local.operationContext, call, audit)) return item(local.locale);
  // Someone else's request (another supervisor, another tab) is pending just the same.
  const serverSide = call.state === 'disconnected' ? undefined : call.pending.find((entry) => entry.action === operation);
  return serverSide ? item(serverSide.locale) : null;
}

export function availability(call: CallDetail | null, pending: Record<CallOperation, PendingItem | null>): Record<CallOperation, Availability> {
  if (call === null) {
    const loading: Availability = { enabled: false, reason: 'The call is still loading.' };
    return { 'start-transcription': loading, 'stop-transcription': loading, 'update-transcription': loading, summarize: loading, 'hang-up': loading };
  }
  // The server's pending list and this browser's own requests in flight, judged by the rule the server enforces.
  const pendingActions = [...call.pending.map((operation) => operation.action), ...CALL_OPERATIONS.filter((operation) => pending[operation] !== null)];
  const subject = { state: call.state, transcription: call.transcription, pendingActions };
  const judge = (operation: CallOperation): Availability => {
    const decision = decideControl(operation, subject);
    return decision.allowed ? { enabled: true, reason: null } : { enabled: false, reason: decision.reason };
  };
  return {
    'start-transcription': judge('start-transcription'),
    'stop-transcription': judge('stop-transcription'),
    'update-transcription': judge('update-transcription'),
    summarize: judge('summarize'),
    'hang-up': judge('hang-up'),
  };
}

/**
 * The failure to show: this browser's refused request (the HTTP error body, right away), else the last failure
 * ACS reported for the call (which also covers operations that fail later, through a callback).
 */
export function shownFailure(call: CallDetail | null, requests: LocalRequests, dismissed: ReadonlySet<string>): ShownFailure | null {
  let refused: { operation: CallOperation; request: Extract<LocalRequest, { phase: 'refused' }> } | null = null;
  for (const [operation, request] of Object.entries(requests) as [CallOperation, LocalRequest | undefined][]) {
    if (request?.phase === 'refused' && (refused === null || request.seq > refused.request.seq)) refused = { operation, request };
  }
  const lastError: OperationFailure | null = call?.lastError ?? null;
  const lastErrorKey = lastError === null ? null : failureKey(lastError);
  if (refused !== null) {
    const { operation, request } = refused;
    // An answer without an error envelope says nothing useful; when ACS's own failure for this request reached the
    // call meanwhile, that one has the code and message.
    const saysNothing = !isEnvelopeError(request.error);
    const acsOwn = lastError !== null && lastError.action === operation && lastErrorKey !== (request.lastErrorBefore ?? null);
    if (!(saysNothing && acsOwn)) {
      const key = `request:${request.seq}`;
      if (!dismissed.has(key)) return { action: operation, code: request.error.code, message: request.error.message, key, keys: acsOwn && lastErrorKey !== null ? [key, lastErrorKey] : [key] };
    }
  }
  if (lastError === null || lastErrorKey === null || dismissed.has(lastErrorKey)) return null;
  return { action: lastError.action, code: lastError.code, message: lastError.message, key: lastErrorKey, keys: [lastErrorKey] };
}

export function failureKey(failure: OperationFailure): string {
  return `acs:${failure.at}:${failure.action}:${failure.code}`;
}

/** Errors the client makes up when the answer was not a `Result` envelope (see control-client). */
const CLIENT_SIDE_CODES = /^(http_\d+|bad_response)$/;

function isEnvelopeError(error: ApiError): boolean {
  return !CLIENT_SIDE_CODES.test(error.code);
}

export function deriveControlsView(call: CallDetail | null, audit: readonly AuditEntry[], requests: LocalRequests, dismissed: ReadonlySet<string> = new Set()): ControlsView {
  const pending: Record<CallOperation, PendingItem | null> =
    call === null
      ? { 'start-transcription': null, 'stop-transcription': null, 'update-transcription': null, summarize: null, 'hang-up': null }
      : {
          'start-transcription': pendingFor('start-transcription', call, audit, requests['start-transcription']),
          'stop-transcription': pendingFor('stop-transcription', call, audit, requests['stop-transcription']),
          'update-transcription': pendingFor('update-transcription', call, audit, requests['update-transcription']),
          summarize: pendingFor('summarize', call, audit, requests.summarize),
          'hang-up': pendingFor('hang-up', call, audit, requests['hang-up']),
        };
  const pendingList = Object.values(pending).filter((item): item is PendingItem => item !== null);
  // Call setup (place, answer, connect) is not a control here, but it is pending all the same.
  if (call !== null && call.state !== 'disconnected') {
    for (const operation of call.pending) {
      if (operation.action === 'place-call' || operation.action === 'answer-call' || operation.action === 'connect-call') {
        pendingList.unshift({ action: operation.action, locale: operation.locale, text: pendingText(operation.action, operation.locale) });
      }
    }
  }
  return {
    locale: pending['update-transcription']?.locale ?? call?.locale ?? null,
    pending,
    pendingList,
    availability: availability(call, pending),
    failure: shownFailure(call, requests, dismissed),
  };
}

export interface LocaleOptionGroup {
  label: string;
  locales: string[];
}

/** The picker's choices: the call's candidate locales first, then the common ones; the current locale is always there. */
export function localeOptionGroups(candidates: readonly string[], current: string | null): LocaleOptionGroup[] {
  const seen: string[] = [];
  const add = (list: string[], locale: string) => {
    if (seen.some((existing) => sameLanguage(existing, locale))) return;
    seen.push(locale);
    list.push(locale);
  };
  const candidateList: string[] = [];
  for (const locale of candidates) add(candidateList, locale);
  const commonList: string[] = [];
  for (const locale of COMMON_LOCALES) add(commonList, locale);
  const groups: LocaleOptionGroup[] = [];
  if (current !== null && !seen.some((existing) => sameLanguage(existing, current))) groups.push({ label: 'Current', locales: [current] });
  if (candidateList.length > 0) groups.push({ label: 'Candidate locales of this call', locales: candidateList });
  groups.push({ label: 'Common locales', locales: commonList });
  return groups;
}
