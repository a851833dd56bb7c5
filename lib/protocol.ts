/**
 * The Earshot wire protocol: every shape that crosses between the server and a browser (socket.io events,
 * acks and the JSON HTTP API). Server, browser and tests all import it from here; there is no second copy.
 * ACS shapes never appear here: the ingress normalises them into these types.
 */
import { z } from 'zod';
import { CallIdSchema, isWellFormedText } from './call-id';
import { SearchCursorSchema } from './search-cursor';
import { SearchTextSchema } from './search-query';
import type { CallAttention } from './attention';
import type { Alert } from './rules';
import type { DirectoryChanged } from './directory';

export const PROTOCOL_VERSION = 1;

export const SENTIMENT_LABELS = ['positive', 'neutral', 'negative', 'mixed'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export const CALL_STATES = ['connecting', 'connected', 'disconnected'] as const;
export type CallState = (typeof CALL_STATES)[number];

export const TRANSCRIPTION_STATES = ['inactive', 'starting', 'active', 'stopping', 'stopped', 'failed'] as const;
export type TranscriptionState = (typeof TRANSCRIPTION_STATES)[number];

export const SPEAKER_KINDS = ['phoneNumber', 'communicationUser', 'microsoftTeamsUser', 'microsoftTeamsApp', 'teamsExtensionUser', 'unknown'] as const;
export type SpeakerKind = (typeof SPEAKER_KINDS)[number];

export interface Speaker {
  /** ACS raw id (`4:+15551230000`, `8:acs:…`), or `unknown` when the packet named nobody. */
  rawId: string;
  kind: SpeakerKind;
  /** Short human label, e.g. `+1 555 123 0000` or `ACS user …a1b2`. */
  label: string;
}

export interface SegmentWord {
  text: string;
  offsetMs: number;
  durationMs: number;
}

interface SegmentBase {
  callId: string;
  /** Shared by an utterance's intermediate results and its final result. */
  utteranceId: string;
  speaker: Speaker;
  /** Display text; when PII redaction is on, masked characters are `*`. */
  text: string;
  /** Offset from the start of the transcription stream (ACS ticks converted to ms). */
  offsetMs: number;
  durationMs: number;
  confidence: number | null;
  words: SegmentWord[];
  sentiment: SentimentLabel | null;
  /** Locale the line was recognised in: `languageIdentified`, else the stream locale. */
  language: string | null;
  /** True when the text carries PII masking (`*` runs) from ACS redaction. */
  piiMasked: boolean;
  /** Server receive time, epoch ms. */
  receivedAt: number;
}

/** A final result: persisted, numbered 1, 2, 3… per call, never changed. */
export interface FinalSegment extends SegmentBase {
  status: 'final';
  seq: number;
}

/** An intermediate result: never persisted; replaced by the next one for the same utterance, then by the final. */
export interface InterimSegment extends SegmentBase {
  status: 'intermediate';
}

export type Segment = FinalSegment | InterimSegment;

export interface Participant {
  rawId: string;
  kind: SpeakerKind;
  label: string;
}

export interface LastLine {
  speakerLabel: string;
  /** The speaker's raw id, so the directory can name them (absent on calls stored before the directory existed). */
  speakerRawId?: string;
  text: string;
  sentiment: SentimentLabel | null;
  seq: number;
  /** True when the `*` in `text` are PII masking. */
  piiMasked: boolean;
}

/**
 * The transcript stream of a call, as Earshot last knew it:
 * - `none`: no stream has opened yet;
 * - `connected`: a stream is open (on some instance);
 * - `closed`: it closed as expected (transcription stopped on request or by ACS, or the call ended);
 * - `reconnecting`: it closed while transcription should be running, and may come back (ACS reconnects);
 * - `lost`: it did not come back within STREAM_RECONNECT_GRACE_SECONDS, or the instance holding it died.
 */
export const STREAM_STATES = ['none', 'connected', 'closed', 'reconnecting', 'lost'] as const;
export type StreamState = (typeof STREAM_STATES)[number];

/** What a supervisor needs to see that a call's transcript pipeline works (or when it stopped working). */
export interface CallHealth {
  stream: StreamState;
  /** Server time `stream` last changed (the call's start before any stream). */
  streamSince: number;
  /** Server time of the last packet of any kind from the call's stream, to the second; null before the first. */
  lastPacketAt: number | null;
  /** Server time of the last final line received; null before the first. */
  lastFinalAt: number | null;
}

/** A call's summary fields: the base of `CallDetail`, and what `GET /api/calls` lists. */
export interface CallListItem {
  callId: string;
  state: CallState;
  transcription: TranscriptionState;
  startedAt: number;
  endedAt: number | null;
  participants: Participant[];
  locale: string | null;
  detectedLanguage: string | null;
  /** Rolling sentiment over the last few final lines, −1 (negative) … 1 (positive); null before any scored line. */
  sentimentNow: number | null;
  /** The rolling sentiment after each of the last final lines, oldest first (bounded). */
  sentimentTrend: number[];
  lastLine: LastLine | null;
  /** Highest final segment sequence number (0 before the first final). */
  lastSeq: number;
  piiLineCount: number;
  health: CallHealth;
  updatedAt: number;
}

export interface PiiRedactionSettings {
  enabled: boolean;
  redactionType: string | null;
}

export interface CallMetadata {
  correlationId: string | null;
  subscriptionId: string | null;
  locales: string[];
  sentimentAnalysis: boolean | null;
  piiRedaction: PiiRedactionSettings | null;
  speechModelEndpointId: string | null;
}

export interface IngestCounters {
  accepted: number;
  rejected: Partial<Record<string, number>>;
}

export const CONTROL_ACTIONS = [
  'place-call',
  'answer-call',
  'connect-call',
  'start-transcription',
  'stop-transcription',
  'update-transcription',
  'summarize',
  'hang-up',
] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** An operation sent to ACS whose confirming event has not arrived yet. */
export interface PendingOperation {
  action: ControlAction;
  operationContext: string;
  requestedAt: number;
  requestedBy: string;
  /** The locale asked for (start / update transcription). */
  locale: string | null;
}

export interface OperationFailure {
  action: ControlAction | 'transcription';
  code: string;
  message: string;
  at: number;
}

export interface CallDetail extends CallListItem {
  metadata: CallMetadata;
  ingest: IngestCounters;
  /** Operations waiting for ACS to confirm them, oldest first. */
  pending: PendingOperation[];
  /** The most recent failure ACS reported for this call, until a later operation succeeds. */
  lastError: OperationFailure | null;
  /** The team a supervisor gave the call when placing or answering it, if any. */
  assignedTeamId?: string | null;
}

/** `unconfirmed`: ACS never sent the confirming event in time; the call's last error says what to do next. */
export const AUDIT_OUTCOMES = ['requested', 'confirmed', 'failed', 'unconfirmed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** What the audit trail records: the call-control operations, and a supervisor's export of the call. */
export const AUDIT_ACTIONS = [...CONTROL_ACTIONS, 'export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did what to a call, when, and how it ended. */
export interface AuditEntry {
  id: string;
  callId: string;
  at: number;
  actor: string;
  action: AuditAction;
  operationContext: string | null;
  outcome: AuditOutcome;
  detail: string | null;
}

export const SUMMARY_KINDS = ['mid-call', 'end-of-call'] as const;
export type SummaryKind = (typeof SUMMARY_KINDS)[number];

export interface CallSummaryRecord {
  id: string;
  callId: string;
  kind: SummaryKind;
  /** Summary text as ACS delivers it (`transcriptionUpdate.transcriptionMessage`). */
  text: string;
  locale: string | null;
  operationContext: string | null;
  createdAt: number;
}

/** Success or a typed error; the same envelope for socket.io acks and HTTP JSON bodies. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface ApiError {
  code: string;
  message: string;
  /** For `invalid_request` on a validated body: each problem with the field it belongs to (`when.count`), for forms. */
  fields?: FieldIssue[];
  /** For a refused CSV import: each bad row with its line (the header is line 1), at most MAX_IMPORT_ERRORS. */
  rows?: { line: number; message: string }[];
}

/** One validation problem: the dotted path of the field (empty for the body itself) and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

export const MAX_HISTORY_PAGE = 2_000;
/** Lines a fresh `call:open` with `fromEnd` returns: many screens of the newest lines, small enough to arrive at once. */
export const LATEST_HISTORY_PAGE = 500;

/**
 * A final line as socket history pages carry it: the segment without its per-word timings, which the dashboard never
 * shows and which are most of a stored line's bytes. Live `call:segment` events and the HTTP API keep them.
 */
export type FinalLine = Omit<FinalSegment, 'words'>;

export interface CallHistory {
  call: CallDetail;
  /**
   * Final lines, ascending, at most MAX_HISTORY_PAGE: those with seq > afterSeq, or with `fromEnd` the newest
   * LATEST_HISTORY_PAGE. Over socket.io without `words`; `GET /api/calls/{callId}` includes them.
   */
  segments: FinalLine[];
  /** True when more segments follow the page: ask again with afterSeq = last seq received. */
  hasMore: boolean;
  /** True when lines older than the page's first exist (only with `fromEnd`): fetch them with `call:history`. */
  hasOlder: boolean;
  /** Current intermediate results, one per speaker at most. */
  interims: InterimSegment[];
  summaries: CallSummaryRecord[];
  audit: AuditEntry[];
  /**
   * What changed since this supervisor last had the call open: only on a fresh open (`fromEnd`), and null the first
   * time they open it. Absent from `GET /api/calls/{callId}`.
   */
  sinceLastLook?: LastLook | null;
}

/** This supervisor's previous look at a call (catch me up). */
export interface LastLook {
  /** When they last had the call open (until they left it), epoch ms. */
  lookedAt: number;
  /** The call's last line then: lines after it are new to them. */
  lastSeq: number;
  /** Alerts raised on the call since, newest first (at most CATCH_UP_ALERTS_LIMIT). */
  newAlerts: Alert[];
}
export const CATCH_UP_ALERTS_LIMIT = 50;

export const CallOpenRequestSchema = z.object({
  callId: CallIdSchema,
  /** Highest seq the browser already has; 0 for a fresh open. */
  afterSeq: z.number().int().nonnegative().default(0),
  /**
   * A fresh open (afterSeq 0) that wants the newest lines first: the page is the call's last LATEST_HISTORY_PAGE
   * lines, and older ones are fetched with `call:history` while the supervisor already reads the latest.
   */
  fromEnd: z.boolean().default(false),
});
export type CallOpenRequest = z.input<typeof CallOpenRequestSchema>;

/** Lines older than `beforeSeq`: the newest MAX_HISTORY_PAGE of them. */
export const CallHistoryRequestSchema = z.object({
  callId: CallIdSchema,
  /** Within a 32-bit integer, as stored sequence numbers are. */
  beforeSeq: z.number().int().positive().max(2_147_483_647),
});
export type CallHistoryRequest = z.input<typeof CallHistoryRequestSchema>;

export interface CallHistoryPage {
  /** Lines with seq < beforeSeq, ascending: the newest MAX_HISTORY_PAGE of them. */
  segments: FinalLine[];
  /** Lines older than the page's first exist. */
  hasOlder: boolean;
}

export const CallCloseRequestSchema = z.object({ callId: CallIdSchema });
export type CallCloseRequest = z.input<typeof CallCloseRequestSchema>;

/** `GET /api/calls`: the newest calls. */
export const CALL_LIST_LIMIT = 200;
/** Ended calls in a `calls:watch` snapshot (the most recently ended) and kept by the dashboard. */
export const RECENT_CALLS_LIMIT = 200;
/** Live calls in a `calls:watch` snapshot: every one, up to this bound (Earshot is sized for 2,000 at once). */
export const LIVE_CALLS_LIMIT = 10_000;
/** Participants a list row carries: the ones the table shows (with `participantCount` for the rest). */
export const LIST_ROW_PARTICIPANTS = 2;
/** Characters of the last line a list row carries: the table shows one truncated line of it. */
export const LIST_ROW_LINE_CHARS = 200;
/**
 * Rows per `calls:changed` event: one interval's changes at 2,000 live calls are over a megabyte of JSON, which a
 * browser would receive and parse in one long task; split, each part is a short one.
 */
export const LIST_BATCH_ROWS = 250;

/** One row of the call list, only what the table shows: sent for thousands of calls, about once a second each. */
export interface CallListRow {
  callId: string;
  state: CallState;
  transcription: TranscriptionState;
  startedAt: number;
  endedAt: number | null;
  /** The first LIST_ROW_PARTICIPANTS participants, in order of first line. */
  participants: Pick<Participant, 'rawId' | 'label'>[];
  participantCount: number;
  locale: string | null;
  detectedLanguage: string | null;
  /** Rolling sentiment, −1 … 1 (three decimals); null before any scored line. */
  sentimentNow: number | null;
  /** The rolling sentiment after each of the last final lines, oldest first, two decimals (a sparkline's worth). */
  sentimentTrend: number[];
  /** The last final line, its text cut at LIST_ROW_LINE_CHARS characters (`…` marks a cut). */
  lastLine: Pick<LastLine, 'speakerLabel' | 'speakerRawId' | 'text' | 'piiMasked' | 'seq'> | null;
  lastSeq: number;
  piiLineCount: number;
  health: CallHealth;
  /** Which call needs a supervisor first, and why (lib/attention.ts); 0 and no reasons once it ended. */
  attention: CallAttention;
  /** ACS's code when transcription failed (`transcription` is `failed`), else null. */
  transcriptionFailure: { code: string; message: string } | null;
  /** Server time of the call's last change: a browser keeps the newest copy of each row. */
  updatedAt: number;
  /** The call's teams (`unassigned` when it matches none); a row is only sent to people who see one of them. */
  teamIds: string[];
}

export interface CallListSnapshot {
  /** Every live call (up to LIVE_CALLS_LIMIT) and the RECENT_CALLS_LIMIT most recently ended calls, in no order. */
  calls: CallListRow[];
  ringing: RingingCall[];
  /** Server time the calls were read: rows a browser got later than that (`updatedAt` newer) are newer than these. */
  asOf: number;
}

/** An incoming call waiting for a supervisor to answer it (when auto-answer is off). */
export interface RingingCall {
  id: string;
  from: Participant | null;
  to: Participant | null;
  callerDisplayName: string | null;
  receivedAt: number;
  /** After this ACS no longer accepts an answer. */
  expiresAt: number;
}

export interface ServerToClientEvents {
  /**
   * Coalesced call-list changes: the rows that changed since the last interval, at most one per call per interval,
   * in events of at most LIST_BATCH_ROWS rows.
   */
  'calls:changed': (calls: CallListRow[]) => void;
  /** The complete list of calls ringing now, whenever it changes. */
  'calls:ringing': (calls: RingingCall[]) => void;
  /** A final line, persisted before it is sent. */
  'call:segment': (segment: FinalSegment) => void;
  /** An intermediate line; may be dropped for slow browsers. */
  'call:interim': (segment: InterimSegment) => void;
  /** Call metadata or state changed. */
  'call:updated': (call: CallDetail) => void;
  'call:summary': (summary: CallSummaryRecord) => void;
  'call:audit': (entry: AuditEntry) => void;
  /** A supervisor bookmarked a line or added a note (to everyone watching the call, on any instance). */
  'call:annotation': (annotation: Annotation) => void;
  'call:annotation-removed': (removed: AnnotationRemoved) => void;
  /** The call was deleted (erased on request, or past retention): to the call list and the call's room. */
  'call:erased': (event: CallErased) => void;
  /** The directory changed: these raw ids read differently now (to every socket; see lib/relabel.ts). */
  'directory:changed': (event: DirectoryChanged) => void;
  /** This socket's session is over; the server disconnects it right after. Log in again, do not reconnect. */
  'session:ended': (event: SessionEnded) => void;
  /**
   * What this person may see changed (their role or teams, or a team's patterns): ask for the call list and the
   * alerts again (`calls:watch`, `alerts:watch`). Rows and alerts of calls no longer visible stop arriving.
   */
  'calls:rescoped': () => void;
  /**
   * A call is no longer visible to this person (a team change, or it left their teams while running): an open page
   * says so and no more events follow; the call list drops its row.
   */
  'call:hidden': (event: CallHidden) => void;
  /** A rule fired (to sockets that sent `alerts:watch`). */
  'alert:raised': (alert: Alert) => void;
  /** An alert changed (acknowledged), on any instance. */
  'alert:updated': (alert: Alert) => void;
}

export interface CallErased {
  callId: string;
}

export interface CallHidden {
  callId: string;
}

/** `logged_out`: the supervisor logged out; `expired`: the session's lifetime ran out; `revoked`: it is gone from the store. */
export const SESSION_END_REASONS = ['logged_out', 'expired', 'revoked'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export interface SessionEnded {
  reason: SessionEndReason;
}

export interface ClientToServerEvents {
  /** Join the call-list feed and get the current list: every live call and the most recently ended ones. */
  'calls:watch': (ack: (result: Result<CallListSnapshot>) => void) => void;
  'calls:unwatch': () => void;
  /** Join a call's room and get its history after `afterSeq` (or its newest lines, `fromEnd`); live events follow. */
  'call:open': (request: CallOpenRequest, ack: (result: Result<CallHistory>) => void) => void;
  /** Older lines of a call, a page before `beforeSeq` (no room is joined). */
  'call:history': (request: CallHistoryRequest, ack: (result: Result<CallHistoryPage>) => void) => void;
  'call:close': (request: CallCloseRequest) => void;
  /** Join the alert feed and get the open alerts, newest first; `alert:raised` / `alert:updated` follow. */
  'alerts:watch': (ack: (result: Result<AlertSnapshot>) => void) => void;
  'alerts:unwatch': () => void;
}

export interface SocketData {
  supervisor: string;
}

export const callRoom = (callId: string) => `call:${callId}` as const;
/**
 * The call list and alerts go to rooms by team (server/realtime/socket-scope.ts): a socket joins the rooms of the
 * teams its user sees (admins the `all` room), and each row or alert is sent to its call's teams' rooms and `all`.
 */
export const LIST_ALL_ROOM = 'calls:all';
export const listTeamRoom = (teamId: string) => `calls:team:${teamId}` as const;
export const ALERTS_ALL_ROOM = 'alerts:all';
export const alertsTeamRoom = (teamId: string) => `alerts:team:${teamId}` as const;
/** Every socket of a user: what only they may see (the ringing calls of their teams). */
export const userRoom = (username: string) => `user:${username}` as const;
/** The browser's own name for its hold on the alert feed (components/realtime/room-holds.ts). */
export const ALERTS_ROOM = 'alerts';

export interface AlertSnapshot {
  /** Open alerts, newest first, at most OPEN_ALERTS_LIMIT. */
  alerts: Alert[];
}
export const OPEN_ALERTS_LIMIT = 500;

export const LoginRequestSchema = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** What `/api/health` tells a client that may not read /metrics: whether this instance serves, nothing more. */
export type PublicHealthReport = Pick<HealthReport, 'status'>;

export interface HealthReport {
  /** `degraded`: Earshot serves, but something needs attention (listed in `problems`). */
  status: 'ok' | 'degraded';
  /** Short, data-free reasons, e.g. `store: SQLITE_FULL`. */
  problems: string[];
  version: string;
  uptimeSeconds: number;
  ingress: {
    activeStreams: number;
    /** Streams held back (socket paused) while their call loads. */
    pausedStreams: number;
    packetsAccepted: number;
    packetsRejected: Partial<Record<string, number>>;
    connectionsRefused: Partial<Record<string, number>>;
  };
  store: {
    ok: boolean;
    reason: string | null;
    failingSince: number | null;
    /** Finals received but not yet stored (they wait while the store fails). */
    bufferedFinals: number;
    maxBufferedFinals: number;
  };
  browsers: number;
  process: ProcessReport;
}

/** The server process's memory and event-loop delay (no call data), for monitoring and the soak test. */
export interface ProcessReport {
  /** Resident set size: everything the process holds in RAM (heap, native buffers, SQLite's cache, code). */
  rssBytes: number;
  /** The V8 heap: in use, and reserved. */
  heapUsedBytes: number;
  heapTotalBytes: number;
  /**
   * Heap in use (outside the young generation) right after the last full (mark-compact) collection: what survives
   * garbage collection, the figure a leak makes grow (heap used itself is a sawtooth). Null until the first one.
   */
  heapUsedAfterGcBytes: number | null;
  /** Memory of C++ objects bound to JavaScript ones (Buffers, sockets), and of those ArrayBuffers alone. */
  externalBytes: number;
  arrayBuffersBytes: number;
  /**
   * Event-loop delay (how late a timer fires) over the last completed window of about 10 s, read and reset every
   * window; before the first window ends, the one in progress.
   */
  eventLoopDelay: {
    /** When the window ended, epoch ms (or when it was read, for the one in progress). */
    windowEndedAt: number;
    windowSeconds: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
  };
}

export const SESSION_COOKIE = 'earshot_session';

/* ------------------------------------------------------------------ call control (HTTP request bodies) */

export const LocaleSchema = z.string().regex(/^[a-z]{2,3}-[A-Z]{2}$/, 'a locale such as en-US');
export const PhoneNumberSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number such as +14255550123');
export const AcsUserIdSchema = z.string().regex(/^8:acs:[\w-]+(?:_[\w-]+)?$/, 'an ACS user id such as 8:acs:<resource>_<user>');
const OperationContextSchema = z.string().min(1).max(200).optional();
const SpeechModelSchema = z.string().min(1).max(200).optional();

/** Locales offered in the dashboard's language picker, besides a call's candidate locales. */
export const COMMON_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'es-ES', 'es-MX', 'fr-FR', 'de-DE', 'hi-IN', 'pt-BR', 'it-IT', 'ja-JP', 'zh-CN'] as const;

export const TranscriptionRequestOptionsSchema = z.object({
  locale: LocaleSchema.default('en-US'),
  /** Candidate locales for language identification (preview), at most 4. */
  locales: z.array(LocaleSchema).max(4, 'at most 4 candidate locales').default([]),
  sentimentAnalysis: z.boolean().default(true),
  piiRedaction: z.boolean().default(true),
  intermediateResults: z.boolean().default(true),
  endCallSummary: z.boolean().default(false),
  /** Start transcribing when the call connects; otherwise start it later from the call page. */
  startImmediately: z.boolean().default(true),
  speechModelEndpointId: SpeechModelSchema,
});
export type TranscriptionRequestOptions = z.infer<typeof TranscriptionRequestOptionsSchema>;

const TeamIdSchema = z.string().min(1).max(64);

export const PlaceCallRequestSchema = z.object({
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('phoneNumber'), phoneNumber: PhoneNumberSchema }),
    z.object({ kind: z.literal('communicationUser'), communicationUserId: AcsUserIdSchema }),
  ]),
  /** Caller id for PSTN targets: a number your ACS resource owns. */
  sourcePhoneNumber: PhoneNumberSchema.optional(),
  transcription: TranscriptionRequestOptionsSchema.default(TranscriptionRequestOptionsSchema.parse({})),
  /** The team to give the new call (one of the asker's teams; any for an admin): server/auth/call-visibility.ts. */
  teamId: TeamIdSchema.optional(),
  operationContext: OperationContextSchema,
});
export type PlaceCallRequest = z.input<typeof PlaceCallRequestSchema>;

export const ConnectCallRequestSchema = z.object({
  locator: z.object({ kind: z.enum(['roomCallLocator', 'serverCallLocator', 'groupCallLocator']), id: z.string().min(1).max(512) }),
  transcription: TranscriptionRequestOptionsSchema.default(TranscriptionRequestOptionsSchema.parse({})),
  /** The team to give the new call (one of the asker's teams; any for an admin): server/auth/call-visibility.ts. */
  teamId: TeamIdSchema.optional(),
  operationContext: OperationContextSchema,
});
export type ConnectCallRequest = z.input<typeof ConnectCallRequestSchema>;

export const StartTranscriptionRequestSchema = z.object({ locale: LocaleSchema.optional(), speechModelEndpointId: SpeechModelSchema, operationContext: OperationContextSchema });
export const StopTranscriptionRequestSchema = z.object({ operationContext: OperationContextSchema });
export const UpdateTranscriptionRequestSchema = z.object({ locale: LocaleSchema, speechModelEndpointId: SpeechModelSchema, operationContext: OperationContextSchema });
export const SummarizeRequestSchema = z.object({ locale: LocaleSchema.optional(), operationContext: OperationContextSchema });
export const AnswerCallRequestSchema = z.object({
  /** Defaults to the server's configured transcription options. */
  transcription: TranscriptionRequestOptionsSchema.optional(),
  /** The team to give the new call (one of the asker's teams; any for an admin): server/auth/call-visibility.ts. */
  teamId: TeamIdSchema.optional(),
  operationContext: OperationContextSchema,
});
export const HangUpRequestSchema = z.object({ forEveryone: z.boolean().default(true), operationContext: OperationContextSchema });

export interface ControlAccepted {
  callId: string;
  operationContext: string;
}

/* ------------------------------------------------------------------ annotations (bookmarks and notes) */

export const ANNOTATION_KINDS = ['bookmark', 'note'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];
export const MAX_NOTE_CHARS = 1_000;
/** Annotations one call may carry: far more than supervisors write, a bound on what a page and an export hold. */
export const MAX_ANNOTATIONS_PER_CALL = 2_000;

/** A supervisor's bookmark or note on a call (`seq` null) or on one of its final lines. */
export interface Annotation {
  id: string;
  callId: string;
  /** The final line it is on; null for a note on the whole call. */
  seq: number | null;
  kind: AnnotationKind;
  /** A note's text (trimmed, 1–MAX_NOTE_CHARS characters); a bookmark's optional label, else null. */
  text: string | null;
  author: string;
  createdAt: number;
}

export interface AnnotationRemoved {
  callId: string;
  id: string;
}

const AnnotationTextSchema = z
  .string()
  .trim()
  .max(MAX_NOTE_CHARS, `text is at most ${MAX_NOTE_CHARS} characters`)
  .refine(isWellFormedText, 'text must be well-formed Unicode');

/** `POST /api/calls/{callId}/annotations`. */
export const AnnotationInputSchema = z
  .object({
    kind: z.enum(ANNOTATION_KINDS, { error: 'kind must be "bookmark" or "note"' }),
    seq: z.number({ error: 'seq must be a line number' }).int('seq must be a line number').positive('seq must be a line number').max(2_147_483_647, 'seq must be a line number').nullable().default(null),
    text: AnnotationTextSchema.nullable().default(null),
  })
  .strict()
  .superRefine((input, context) => {
    if (input.kind === 'note' && (input.text === null || input.text === '')) context.addIssue({ code: 'custom', path: ['text'], message: 'a note needs text' });
  });
export type AnnotationInput = z.input<typeof AnnotationInputSchema>;

// ---- Full-text search (`GET /api/search`) ------------------------------------------------------------------------
export const SEARCH_STATES = ['live', 'ended', 'all'] as const;
export type SearchState = (typeof SEARCH_STATES)[number];
export const SEARCH_SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 100;

/** A time bound: epoch milliseconds, or an ISO-8601 date or date-time (`2026-12-02`, `2026-12-02T14:00:00Z`). */
const SearchTimeSchema = z
  .string()
  .max(40, 'an ISO-8601 time or epoch milliseconds')
  .transform((text, context) => {
    const time = /^\d{1,15}$/.test(text) ? Number(text) : /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ? Date.parse(text) : Number.NaN;
    if (!Number.isFinite(time)) context.addIssue({ code: 'custom', message: 'an ISO-8601 time or epoch milliseconds' });
    return time;
  });

/** The query string of `GET /api/search`; every field arrives as text. */
export const SearchRequestSchema = z.object({
  q: SearchTextSchema,
  from: SearchTimeSchema.optional(),
  to: SearchTimeSchema.optional(),
  state: z.enum(SEARCH_STATES).default('all'),
  /** `es-ES`, or `es` for every Spanish locale. */
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/, 'a language such as es or es-ES').optional(),
  sentiment: z.enum(SEARCH_SENTIMENTS).optional(),
  hasAlerts: z.enum(['true', 'false'], 'true or false').transform((text) => text === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
  cursor: SearchCursorSchema.optional(),
});
export type SearchRequest = z.input<typeof SearchRequestSchema>;

export interface SearchHit {
  callId: string;
  seq: number;
  /** The stored display text: PII ACS masked stays `*`. */
  text: string;
  /** An excerpt with each matched word wrapped in `<mark>` … `</mark>`; render by splitting on the markers, as text. */
  snippet: string;
  speakerLabel: string;
  /** The speaker's raw id (the label is the directory's name for it, when it has one). */
  speakerRawId?: string;
  /** When the line was received, epoch ms. */
  at: number;
  language: string | null;
  sentiment: SentimentLabel | null;
  piiMasked: boolean;
}

/** The calls the hits belong to, for grouping results under a heading. */
export interface SearchCall {
  callId: string;
  state: CallState;
  startedAt: number;
  endedAt: number | null;
  participants: Participant[];
}

export interface SearchResponse {
  /** Newest first (receivedAt, then callId, then seq, all descending). */
  hits: SearchHit[];
  calls: SearchCall[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}
