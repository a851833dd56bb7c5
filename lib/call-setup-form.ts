/**
 * The Place call and Connect to room forms: what the supervisor typed, turned into the protocol's request and
 * checked with the protocol's own schemas, so the browser refuses exactly what the server would refuse.
 */
import type { z } from 'zod';
import { ConnectCallRequestSchema, PlaceCallRequestSchema } from './protocol';

export interface TranscriptionFormValues {
  locale: string;
  /** Candidate locales as typed: separated by commas or spaces. */
  locales: string;
  sentimentAnalysis: boolean;
  piiRedaction: boolean;
  intermediateResults: boolean;
  endCallSummary: boolean;
  startImmediately: boolean;
  speechModelEndpointId: string;
}

export interface PlaceCallFormValues {
  /** An E.164 phone number or an ACS user id (`8:acs:…`). */
  target: string;
  /** Caller id for phone targets; empty for the resource's default. */
  sourcePhoneNumber: string;
  transcription: TranscriptionFormValues;
}

export const LOCATOR_KINDS = ['roomCallLocator', 'serverCallLocator', 'groupCallLocator'] as const satisfies readonly z.input<typeof ConnectCallRequestSchema>['locator']['kind'][];
export type LocatorKind = (typeof LOCATOR_KINDS)[number];

export const LOCATOR_TEXT: Record<LocatorKind, { label: string; placeholder: string }> = {
  roomCallLocator: { label: 'Room id', placeholder: '99466843254286789' },
  serverCallLocator: { label: 'Server call id', placeholder: 'aHR0cHM6Ly9hcGkuZmxpZ2h0cHJveHku…' },
  groupCallLocator: { label: 'Group call id', placeholder: '1f4bc6a4-93bd-4b0b-9f4e-2b7f5c1c8a10' },
};

export interface ConnectRoomFormValues {
  kind: LocatorKind;
  id: string;
  transcription: TranscriptionFormValues;
  /** The team to give the call ('' or absent: none, the participants decide). */
  teamId?: string;
}

export type PlaceCallField = 'target' | 'sourcePhoneNumber' | TranscriptionField;
export type ConnectRoomField = 'id' | TranscriptionField;
export type TranscriptionField = 'locale' | 'locales' | 'speechModelEndpointId';

export type FieldErrors<F extends string> = Partial<Record<F | 'form', string>>;

export type FormCheck<T, F extends string> = { ok: true; request: T } | { ok: false; errors: FieldErrors<F> };

export type PlaceCallBody = z.output<typeof PlaceCallRequestSchema>;
export type ConnectCallBody = z.output<typeof ConnectCallRequestSchema>;

export function defaultTranscriptionValues(): TranscriptionFormValues {
  return {
    locale: 'en-US',
    locales: '',
    sentimentAnalysis: true,
    piiRedaction: true,
    intermediateResults: true,
    endCallSummary: false,
    startImmediately: true,
    speechModelEndpointId: '',
  };
}

export type TargetKind = 'phoneNumber' | 'communicationUser';

/** ACS user ids start with `8:`; anything else is read as a phone number. */
export function targetKind(input: string): TargetKind {
  return input.trim().startsWith('8:') ? 'communicationUser' : 'phoneNumber';
}

/** `+1 (425) 555-0123` → `+14255550123`: people paste numbers with spacing; E.164 has none. */
export function compactPhoneNumber(input: string): string {
  return input.trim().replace(/[\s().-]/g, '');
}

export function parseLocaleList(input: string): string[] {
  return input
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function transcriptionInput(values: TranscriptionFormValues) {
  const speechModel = values.speechModelEndpointId.trim();
  return {
    locale: values.locale.trim(),
    locales: parseLocaleList(values.locales),
    sentimentAnalysis: values.sentimentAnalysis,
    piiRedaction: values.piiRedaction,
    intermediateResults: values.intermediateResults,
    endCallSummary: values.endCallSummary,
    startImmediately: values.startImmediately,
    ...(speechModel !== '' ? { speechModelEndpointId: speechModel } : {}),
  };
}

function transcriptionField(path: readonly PropertyKey[]): TranscriptionField | null {
  if (path[0] !== 'transcription') return null;
  switch (path[1]) {
    case 'locale':
      return 'locale';
    case 'locales':
      return 'locales';
    case 'speechModelEndpointId':
      return 'speechModelEndpointId';
    default:
      return null;
  }
}

/** The first message per field: one clear reason is enough to fix a field. */
function collectErrors<F extends string>(issues: readonly z.core.$ZodIssue[], fieldOf: (path: readonly PropertyKey[]) => F | null): FieldErrors<F> {
  const errors: FieldErrors<F> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path) ?? 'form';
    if (errors[field] === undefined) {
      const where = field === 'form' && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
      errors[field] = `${where}${issue.message}`;
    }
  }
  return errors;
}

export function checkPlaceCall(values: PlaceCallFormValues): FormCheck<PlaceCallBody, PlaceCallField> {
  const kind = targetKind(values.target);
  const target = kind === 'communicationUser' ? { kind, communicationUserId: values.target.trim() } : { kind, phoneNumber: compactPhoneNumber(values.target) };
  const source = compactPhoneNumber(values.sourcePhoneNumber);
  if (values.target.trim() === '') return { ok: false, errors: { target: 'Enter a phone number or an ACS user id.' } };
  const parsed = PlaceCallRequestSchema.safeParse({
    target,
    ...(source !== '' ? { sourcePhoneNumber: source } : {}),
    transcription: transcriptionInput(values.transcription),
  });
  if (parsed.success) return { ok: true, request: parsed.data };
  return {
    ok: false,
    errors: collectErrors<PlaceCallField>(parsed.error.issues, (path) => (path[0] === 'target' ? 'target' : path[0] === 'sourcePhoneNumber' ? 'sourcePhoneNumber' : transcriptionField(path))),
  };
}

export function checkConnectRoom(values: ConnectRoomFormValues): FormCheck<ConnectCallBody, ConnectRoomField> {
  const id = values.id.trim();
  if (id === '') return { ok: false, errors: { id: `Enter the ${LOCATOR_TEXT[values.kind].label.toLowerCase()}.` } };
  const teamId = values.teamId ? { teamId: values.teamId } : {};
  const parsed = ConnectCallRequestSchema.safeParse({ locator: { kind: values.kind, id }, transcription: transcriptionInput(values.transcription), ...teamId });
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, errors: collectErrors<ConnectRoomField>(parsed.error.issues, (path) => (path[0] === 'locator' ? 'id' : transcriptionField(path))) };
}
