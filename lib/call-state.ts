/**
 * One open call's transcript in the browser: a pure reducer over socket events plus selectors.
 *
 * Finals are merged by `seq`: a duplicate is dropped, the next one is appended, and one beyond a gap waits in
 * `pending` until history fills the gap (the hook asks for it when `selectNeedsCatchUp` says so). Live events
 * that arrive before the first history ack go through the same path, which is what buffers them.
 * Intermediate lines are kept per speaker and removed by the final that shares their `utteranceId`.
 * Every event costs O(speakers + pending) plus an amortised O(1) append: nothing re-copies the transcript.
 *
 * A long call opens from its end: the first page (`fromEnd`) is the call's newest lines, so the supervisor reads the
 * latest line at once, and pages of older lines are then put in front (`older-received`, O(n) each, a few per
 * call). Lines before the first page are not a gap: the catch-up logic only ever looks forward from `lastSeq`.
 */
import type {
  ApiError,
  AuditEntry,
  CallDetail,
  CallHistory,
  CallHistoryPage,
  CallSummaryRecord,
  FinalLine,
  FinalSegment,
  InterimSegment,
  LastLook,
  SentimentLabel,
  Speaker,
} from './protocol';
import { appendToLog, emptyLog, logAt, logToArray, prependToLog, type AppendLog } from './append-log';
import { callTimeMs, nextOffsetOrigin } from './format-time';
import { nextRollingSentiment } from './sentiment-score';
import { assertNever } from './speaker-label';
import type { ParticipantLabel } from './directory';
import { labelsLookup, relabelCall, relabelLines, relabelSpeakerOf, type LabelOf } from './relabel';

/** Finals beyond a gap are only an optimisation (catch-up history re-sends them), so they can be capped. */
export const MAX_PENDING_FINALS = 2_000;
/** The chart thins each speaker's series to about this many points; the state keeps every point. */
export const MAX_CHART_POINTS_PER_SPEAKER = 300;

export type CallPhase = 'opening' | 'ready' | 'not_found' | 'failed';

export interface SentimentPoint {
  /** Segment offset as received (ms); convert with `callTimeMs` and the state's `offsetOriginMs`. */
  offsetMs: number;
  /** The speaker's rolling sentiment after this line, −1…1. */
  value: number;
  seq: number;
}

export interface SpeakerSentiment {
  speaker: Speaker;
  rolling: number | null;
  points: AppendLog<SentimentPoint>;
}

interface LastFinal {
  utteranceId: string;
  receivedAt: number;
}

export interface CallViewState {
  readonly callId: string;
  readonly phase: CallPhase;
  readonly error: ApiError | null;
  readonly call: CallDetail | null;
  /** Finals in ascending `seq`: all of them once older pages are in (see `hasOlder`), a long call included. */
  readonly finals: AppendLog<FinalLine>;
  readonly lastSeq: number;
  /** Finals received beyond a gap, ascending by `seq`, waiting for history to fill it. */
  readonly pending: readonly FinalLine[];
  /** The last history page said more follows. */
  readonly hasMore: boolean;
  /** Lines older than the first of `finals` exist and are not here yet (the call was opened from its end). */
  readonly hasOlder: boolean;
  /** Current intermediate line per speaker `rawId`. */
  readonly interims: Readonly<Record<string, InterimSegment>>;
  readonly lastFinalBySpeaker: Readonly<Record<string, LastFinal>>;
  /** Oldest first, unique by id. */
  readonly summaries: readonly CallSummaryRecord[];
  /** The call's audit trail, oldest first, unique by id. */
  readonly audit: readonly AuditEntry[];
  /**
   * `lastSeq` when the transcription locale last changed (0 before any change): lines up to it were heard under
   * the previous locale, so they say nothing about whether the current one fits.
   */
  readonly localeSetAtSeq: number;
  /** Per speaker `rawId`, in order of first scored line. */
  readonly sentiment: Readonly<Record<string, SpeakerSentiment>>;
  /** Origin for implausibly large offsets (see `format-time.ts`); null while every offset is plausible. */
  readonly offsetOriginMs: number | null;
  /**
   * This supervisor's previous look at the call, from the page's first fresh open, with the call's last line at that
   * open: null when they never had it open, undefined until the open answers. Later opens (reconnects) keep it.
   */
  readonly catchUp: { readonly look: LastLook; readonly lastSeqAtOpen: number } | null | undefined;
}

export type CallEvent =
  /** `fromEnd`: the page is the call's newest lines, asked for by a fresh open. */
  | { type: 'history-received'; afterSeq: number; history: CallHistory; fromEnd?: boolean }
  /** A page of lines before `beforeSeq` (the first seq the state had when it asked). */
  | { type: 'older-received'; beforeSeq: number; page: CallHistoryPage }
  | { type: 'final-received'; segment: FinalSegment }
  | { type: 'interim-received'; segment: InterimSegment }
  | { type: 'call-updated'; call: CallDetail }
  | { type: 'summary-received'; summary: CallSummaryRecord }
  | { type: 'audit-received'; entry: AuditEntry }
  | { type: 'open-failed'; error: ApiError }
  | { type: 'reset'; callId: string }
  /** The directory changed (`directory:changed`): these raw ids read differently now. */
  | { type: 'names-changed'; labels: readonly ParticipantLabel[] };

export function initialCallState(callId: string): CallViewState {
  return {
    callId,
    phase: 'opening',
    error: null,
    call: null,
    finals: emptyLog(),
    lastSeq: 0,
    pending: [],
    hasMore: false,
    hasOlder: false,
    interims: {},
    lastFinalBySpeaker: {},
    summaries: [],
    audit: [],
    localeSetAtSeq: 0,
    sentiment: {},
    offsetOriginMs: null,
    catchUp: undefined,
  };
}

export function reduceCallEvent(state: CallViewState, event: CallEvent): CallViewState {
  switch (event.type) {
    case 'history-received':
      return applyHistory(state, event.afterSeq, event.history, event.fromEnd ?? false);
    case 'older-received':
      return applyOlder(state, event.beforeSeq, event.page);
    case 'final-received':
      if (event.segment.callId !== state.callId) return state;
      return drainPending(receiveFinal(withPacket(state, event.segment.receivedAt, true), event.segment, false));
    case 'interim-received':
      if (event.segment.callId !== state.callId) return state;
      return receiveInterim(withPacket(state, event.segment.receivedAt, false), event.segment);
    case 'call-updated':
      if (event.call.callId !== state.callId) return state;
      return applyCall(state, event.call, 'live');
    case 'summary-received':
      if (event.summary.callId !== state.callId) return state;
      return { ...state, summaries: mergeSummaries(state.summaries, [event.summary]) };
    case 'audit-received':
      if (event.entry.callId !== state.callId) return state;
      return { ...state, audit: mergeAudit(state.audit, [event.entry]) };
    case 'open-failed':
      return { ...state, phase: event.error.code === 'not_found' ? 'not_found' : 'failed', error: event.error };
    case 'reset':
      return initialCallState(event.callId);
    case 'names-changed':
      return renameSpeakers(state, labelsLookup(event.labels));
    default:
      return assertNever(event);
  }
}

/**
 * A live packet shows the pipeline works: the call's health follows it at once (the server's own copy reaches the
 * page only with the next `call:updated`), so the header does not keep saying "no packets" while lines arrive.
 */
function withPacket(state: CallViewState, receivedAt: number, isFinal: boolean): CallViewState {
  const call = state.call;
  if (call === null) return state;
  const health = call.health;
  const lastPacketAt = Math.max(health.lastPacketAt ?? 0, receivedAt - (receivedAt % 1_000));
  const lastFinalAt = isFinal ? Math.max(health.lastFinalAt ?? 0, receivedAt) : health.lastFinalAt;
  if (lastPacketAt === health.lastPacketAt && lastFinalAt === health.lastFinalAt) return state;
  return { ...state, call: { ...call, health: { ...health, lastPacketAt, lastFinalAt } } };
}

function applyHistory(state: CallViewState, afterSeq: number, history: CallHistory, fromEnd: boolean): CallViewState {
  if (history.call.callId !== state.callId) return state;
  let next: CallViewState = { ...applyCall(state, history.call, 'snapshot'), phase: 'ready', error: null, hasMore: history.hasMore };
  // The newest lines of a call opened from its end: older pages go in front of them later.
  if (fromEnd && next.finals.length === 0) next = { ...next, hasOlder: history.hasOlder };
  // The page holds every final after `afterSeq` (from its first line on, for the newest lines); a seq it skips does
  // not exist, so it can be stepped over.
  const pageIsComplete = afterSeq <= next.lastSeq;
  for (const segment of history.segments) {
    if (segment.callId === state.callId) next = receiveFinal(next, segment, pageIsComplete);
  }
  for (const interim of history.interims) {
    if (interim.callId === state.callId) next = receiveInterim(next, interim);
  }
  next = { ...next, summaries: mergeSummaries(next.summaries, history.summaries), audit: mergeAudit(next.audit, history.audit) };
  if (next.catchUp === undefined && history.sinceLastLook !== undefined) {
    next = { ...next, catchUp: history.sinceLastLook === null ? null : { look: history.sinceLastLook, lastSeqAtOpen: history.call.lastSeq } };
  }
  return drainPending(next);
}

/** Every place the call's participants are named: O(lines), for a rare event (an admin changed the directory). */
function renameSpeakers(state: CallViewState, labelOf: LabelOf): CallViewState {
  const call = state.call === null ? null : relabelCall(state.call, labelOf);
  const lines = logToArray(state.finals);
  const named = relabelLines(lines, labelOf);
  const finalsChanged = named.some((line, index) => line !== lines[index]);
  const pending = relabelLines(state.pending, labelOf);
  const interims = Object.fromEntries(Object.entries(state.interims).map(([rawId, interim]) => [rawId, relabelSpeakerOf(interim, labelOf)]));
  const sentiment = Object.fromEntries(Object.entries(state.sentiment).map(([rawId, series]) => [rawId, relabelSpeakerOf(series, labelOf)]));
  return { ...state, call, finals: finalsChanged ? { items: named, length: named.length } : state.finals, pending, interims, sentiment };
}

/**
 * `snapshot`: the copy in a `call:open` answer. The server reads it before the lines that come with it, so a live
 * update that arrived meanwhile is the newer copy, at the same `updatedAt` too (a tie should not happen: the server
 * bumps it on every change). Live updates come in the order the server made them: one that ties is the later one.
 */
function applyCall(state: CallViewState, call: CallDetail, source: 'live' | 'snapshot'): CallViewState {
  const current = state.call;
  if (current !== null && (current.updatedAt > call.updatedAt || (source === 'snapshot' && current.updatedAt === call.updatedAt))) return state;
  // Nothing will finish the intermediate lines of a call that ended or stopped transcribing: drop them.
  const silent = !isTranscribing(call);
  const previousLocale = state.call?.locale ?? null;
  const localeChanged = previousLocale !== null && call.locale !== null && previousLocale !== call.locale;
  return {
    ...state,
    call,
    interims: silent && Object.keys(state.interims).length > 0 ? {} : state.interims,
    localeSetAtSeq: localeChanged ? state.lastSeq : state.localeSetAtSeq,
  };
}

function receiveFinal(state: CallViewState, segment: FinalLine, mayStepOverGap: boolean): CallViewState {
  if (segment.seq <= state.lastSeq) return state;
  if (segment.seq !== state.lastSeq + 1 && !mayStepOverGap) return holdPending(state, segment);
  return appendFinal(state, segment);
}

function holdPending(state: CallViewState, segment: FinalLine): CallViewState {
  const pending = state.pending;
  let index = pending.length;
  while (index > 0 && (pending[index - 1] as FinalLine).seq > segment.seq) index -= 1;
  if (index > 0 && (pending[index - 1] as FinalLine).seq === segment.seq) return state;
  if (index >= MAX_PENDING_FINALS) return state;
  const next = pending.slice(0, index);
  next.push(segment);
  for (let i = index; i < pending.length && next.length < MAX_PENDING_FINALS; i += 1) next.push(pending[i] as FinalLine);
  return { ...state, pending: next };
}

function drainPending(state: CallViewState): CallViewState {
  let next = state;
  let consumed = 0;
  for (const segment of state.pending) {
    if (segment.seq > next.lastSeq + 1) break;
    consumed += 1;
    if (segment.seq === next.lastSeq + 1) next = appendFinal(next, segment);
  }
  return consumed === 0 ? next : { ...next, pending: state.pending.slice(consumed) };
}

function appendFinal(state: CallViewState, segment: FinalLine): CallViewState {
  const rawId = segment.speaker.rawId;
  let interims = state.interims;
  for (const [speakerId, interim] of Object.entries(interims)) {
    if (interim.utteranceId === segment.utteranceId) {
      const { [speakerId]: _replaced, ...rest } = interims;
      interims = rest;
    }
  }
  return {
    ...state,
    finals: appendToLog(state.finals, segment),
    lastSeq: segment.seq,
    interims,
    lastFinalBySpeaker: { ...state.lastFinalBySpeaker, [rawId]: { utteranceId: segment.utteranceId, receivedAt: segment.receivedAt } },
    sentiment: segment.sentiment === null ? state.sentiment : addSentimentPoint(state.sentiment, segment, segment.sentiment),
    offsetOriginMs: nextOffsetOrigin(state.offsetOriginMs, segment.offsetMs),
  };
}

function addSentimentPoint(series: CallViewState['sentiment'], segment: FinalLine, label: SentimentLabel): CallViewState['sentiment'] {
  const rawId = segment.speaker.rawId;
  const current = series[rawId];
  const rolling = nextRollingSentiment(current?.rolling ?? null, label);
  const point: SentimentPoint = { offsetMs: segment.offsetMs, value: rolling, seq: segment.seq };
  return { ...series, [rawId]: { speaker: segment.speaker, rolling, points: appendToLog(current?.points ?? emptyLog(), point) } };
}

/**
 * Older lines go in front. Stale or repeated answers (the first line changed since the request) are ignored: the
 * hook asks again from the current first line. Per-speaker sentiment is rolled again over the whole transcript, as
 * each point depends on the lines before it.
 */
function applyOlder(state: CallViewState, beforeSeq: number, page: CallHistoryPage): CallViewState {
  const firstSeq = logAt(state.finals, 0)?.seq;
  if (!state.hasOlder || firstSeq !== beforeSeq) return state;
  const older: FinalLine[] = [];
  for (const segment of page.segments) {
    const previous = older.at(-1);
    if (segment.callId === state.callId && segment.seq < beforeSeq && (previous === undefined || previous.seq < segment.seq)) older.push(segment);
  }
  if (older.length === 0) return { ...state, hasOlder: false };
  const finals = prependToLog(state.finals, older);
  let offsetOriginMs = state.offsetOriginMs;
  const lastFinalBySpeaker = { ...state.lastFinalBySpeaker };
  for (const segment of older) {
    offsetOriginMs = nextOffsetOrigin(offsetOriginMs, segment.offsetMs);
    // Only a speaker the newer lines never heard: the interim check needs each speaker's latest final.
    if (!(segment.speaker.rawId in state.lastFinalBySpeaker)) lastFinalBySpeaker[segment.speaker.rawId] = { utteranceId: segment.utteranceId, receivedAt: segment.receivedAt };
  }
  return { ...state, finals, hasOlder: page.hasOlder, offsetOriginMs, lastFinalBySpeaker, sentiment: rollSentiment(finals) };
}

function rollSentiment(finals: AppendLog<FinalLine>): CallViewState['sentiment'] {
  const series: Record<string, SpeakerSentiment> = {};
  for (let index = 0; index < finals.length; index += 1) {
    const segment = logAt(finals, index) as FinalLine;
    if (segment.sentiment === null) continue;
    const rawId = segment.speaker.rawId;
    const current = series[rawId];
    const rolling = nextRollingSentiment(current?.rolling ?? null, segment.sentiment);
    const points = appendToLog(current?.points ?? emptyLog<SentimentPoint>(), { offsetMs: segment.offsetMs, value: rolling, seq: segment.seq });
    series[rawId] = { speaker: segment.speaker, rolling, points };
  }
  return series;
}

function isTranscribing(call: CallDetail): boolean {
  return call.state !== 'disconnected' && call.transcription !== 'stopped' && call.transcription !== 'failed';
}

function receiveInterim(state: CallViewState, segment: InterimSegment): CallViewState {
  // A late packet from a stream that has since stopped would stay on screen for good.
  if (state.call !== null && !isTranscribing(state.call)) return state;
  const rawId = segment.speaker.rawId;
  // Its final is already here (a history snapshot can trail the live stream), or a newer line replaced it.
  const lastFinal = state.lastFinalBySpeaker[rawId];
  if (lastFinal && (lastFinal.utteranceId === segment.utteranceId || segment.receivedAt < lastFinal.receivedAt)) return state;
  const current = state.interims[rawId];
  if (current && current.receivedAt > segment.receivedAt) return state;
  return {
    ...state,
    interims: { ...state.interims, [rawId]: segment },
    offsetOriginMs: nextOffsetOrigin(state.offsetOriginMs, segment.offsetMs),
  };
}

function mergeSummaries(current: readonly CallSummaryRecord[], incoming: readonly CallSummaryRecord[]): readonly CallSummaryRecord[] {
  const fresh = incoming.filter((summary) => !current.some((existing) => existing.id === summary.id));
  if (fresh.length === 0) return current;
  return [...current, ...fresh].sort((a, b) => a.createdAt - b.createdAt);
}

function mergeAudit(current: readonly AuditEntry[], incoming: readonly AuditEntry[]): readonly AuditEntry[] {
  const known = new Set(current.map((entry) => entry.id));
  const fresh: AuditEntry[] = [];
  for (const entry of incoming) {
    if (known.has(entry.id)) continue;
    known.add(entry.id);
    fresh.push(entry);
  }
  if (fresh.length === 0) return current;
  // Stable sort: entries with the same time keep the order the server wrote them in.
  return [...current, ...fresh].sort((a, b) => a.at - b.at);
}

// ---------------------------------------------------------------- selectors

export type TranscriptRow = FinalLine | InterimSegment;

/** Whether the hook should ask for history after `lastSeq`: a gap is open, or the last page had more. */
export function selectNeedsCatchUp(state: CallViewState): boolean {
  return state.phase === 'ready' && (state.hasMore || state.pending.length > 0);
}

/** The seq to ask older lines before (`call:history`), or null when the transcript already starts at the beginning. */
export function selectOlderBefore(state: CallViewState): number | null {
  if (state.phase !== 'ready' || !state.hasOlder) return null;
  return logAt(state.finals, 0)?.seq ?? null;
}

/** Current intermediate lines, oldest utterance first. */
export function selectInterims(state: Pick<CallViewState, 'interims'>): InterimSegment[] {
  return Object.values(state.interims).sort((a, b) => a.offsetMs - b.offsetMs || a.receivedAt - b.receivedAt);
}

export function selectRowCount(state: CallViewState, interims: readonly InterimSegment[] = selectInterims(state)): number {
  return state.finals.length + interims.length;
}

/** Row `index` of the transcript: finals by seq, then the current intermediate lines. O(1). */
export function selectRowAt(state: CallViewState, interims: readonly InterimSegment[], index: number): TranscriptRow | undefined {
  if (index < state.finals.length) return logAt(state.finals, index);
  return interims[index - state.finals.length];
}

/** Every row as an array: O(n), for tests and small consumers; the view reads rows by index instead. */
export function selectRows(state: CallViewState): TranscriptRow[] {
  return [...logToArray(state.finals), ...selectInterims(state)];
}

export function selectAuditNewestFirst(state: Pick<CallViewState, 'audit'>): AuditEntry[] {
  return [...state.audit].reverse();
}

/** Up to the last `count` finals with `seq > afterSeq`, oldest first. O(count). */
export function selectRecentFinals(state: Pick<CallViewState, 'finals'>, count: number, afterSeq = 0): FinalLine[] {
  const recent: FinalLine[] = [];
  for (let index = state.finals.length - 1; index >= 0 && recent.length < count; index -= 1) {
    const segment = logAt(state.finals, index);
    if (segment === undefined || segment.seq <= afterSeq) break;
    recent.unshift(segment);
  }
  return recent;
}

export function selectSummariesNewestFirst(state: Pick<CallViewState, 'summaries'>): CallSummaryRecord[] {
  return [...state.summaries].reverse();
}

export interface ChartPoint {
  /** Call time, ms. */
  t: number;
  /** Rolling sentiment, −1…1. */
  v: number;
}

export interface SpeakerSeries {
  speakerId: string;
  label: string;
  points: ChartPoint[];
}

/** One series per speaker for the trend chart, in call time, thinned to at most `maxPoints` (the last point kept). */
export function selectSentimentSeries(state: Pick<CallViewState, 'sentiment' | 'offsetOriginMs'>, maxPoints = MAX_CHART_POINTS_PER_SPEAKER): SpeakerSeries[] {
  return Object.entries(state.sentiment).map(([speakerId, series]) => {
    const count = series.points.length;
    const stride = Math.max(1, Math.ceil(count / maxPoints));
    const points: ChartPoint[] = [];
    for (let index = 0; index < count; index += 1) {
      if (index % stride !== 0 && index !== count - 1) continue;
      const point = logAt(series.points, index) as SentimentPoint;
      points.push({ t: callTimeMs(point.offsetMs, state.offsetOriginMs), v: point.value });
    }
    return { speakerId, label: series.speaker.label, points };
  });
}

export function selectLastSeq(state: CallViewState): number {
  return state.lastSeq;
}

/** The index of final line `seq` in the transcript, or -1 while it is not there. O(log n): finals ascend by seq. */
export function selectFinalIndex(state: Pick<CallViewState, 'finals'>, seq: number): number {
  let low = 0;
  let high = state.finals.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = (logAt(state.finals, middle) as FinalLine).seq;
    if (at === seq) return middle;
    if (at < seq) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

export type LineTargetStatus = 'found' | 'loading' | 'missing';

/**
 * Where a deep-linked line stands: on the page, still to come in an older page (or the first page), or not in this
 * transcript (a seq past the last line, or in a gap of a call whose start is all here).
 */
export function selectLineTargetStatus(state: CallViewState, seq: number): LineTargetStatus {
  if (selectFinalIndex(state, seq) >= 0) return 'found';
  if (state.phase === 'opening') return 'loading';
  if (state.phase !== 'ready') return 'missing';
  const firstSeq = logAt(state.finals, 0)?.seq;
  if (seq > state.lastSeq) return state.hasMore || state.pending.length > 0 ? 'loading' : 'missing';
  if (state.hasOlder && (firstSeq === undefined || seq < firstSeq)) return 'loading';
  return 'missing';
}
