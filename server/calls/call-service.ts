/**
 * The call pipeline: stream lifecycle, packets → segments, persistence, then fan-out.
 * A final segment is committed to the store — which numbers it and drops repeats — before any browser sees it.
 * Writes are batched: everything that arrives while one transaction runs goes into the next, which keeps up with
 * thousands of packets a second. While the store fails, finals wait in a bounded buffer and are retried; past the
 * bound the ingress refuses more (see `acceptsFinals`), so nothing is ever dropped silently.
 */
import { CALL_LIST_LIMIT, MAX_HISTORY_PAGE, type AuditEntry, type CallDetail, type CallHistory, type CallListItem, type CallState, type CallSummaryRecord, type FinalSegment } from '../../lib/protocol';
import { LATEST_HISTORY_PAGE, LIVE_CALLS_LIMIT, RECENT_CALLS_LIMIT, type CallHistoryPage, type CallListRow } from '../../lib/protocol';
import { durationMultiple, silenceStep, type AttentionSignals } from '../../lib/attention';
import { newCallRecord, nextUpdatedAt, type CallPatch, type CallRecord, type NewFinal } from '../domain/call-record';
import type { NormalizedLine, StreamMetadata } from '../domain/transcript-line';
import { localClusterBus, type ClusterBus, type ClusterMessage } from '../cluster/cluster-bus';
import type { Logger } from '../log';
import { NO_CALL_METRICS, type CallMetrics } from '../metrics/call-metrics';
import type { CallStore } from '../store/call-store';
import type { Broadcaster } from './broadcaster';
import { CallListFeed, toListItem, toListRow } from './call-list-feed';
import { LiveCall, RECENT_FINAL_KEYS } from './live-call';
import { StreamLeases } from './stream-leases';
import { streamClosed, streamConnected } from '../domain/stream-health';
import { relabelCall, relabelLines, type LabelOf } from '../../lib/relabel';
import { STORED_LABELS } from '../directory/naming';
import { CallTeamResolver, type CallTeamInputs } from '../auth/call-visibility';

const PERSIST_RETRY_MS = 1_000;
/** Collects finals for a few milliseconds so each transaction carries many (SQLite writes a batch of 20 at half the cost per final of a batch of 5); far under the latency budget. */
const FLUSH_DELAY_MS = 15;
const IDLE_EVICT_MS = 5 * 60_000;
/** How long a call's row may lag its stream's aggregates (see LiveCall.canWait); lifecycle changes never wait. */
const AGGREGATE_WRITE_MS = 5_000;
/**
 * Calls whose aggregates come due that one flush writes; the others follow with the next flushes. Calls that started
 * together come due together every AGGREGATE_WRITE_MS: 2,000 of them in one transaction held the ingress up for
 * about 100 ms (`npm run bench`); 100 a flush take a few milliseconds, and the calls drift apart.
 */
const MAX_DUE_CALLS_PER_FLUSH = 100;
/**
 * Changed calls that one flush looks at; the rest stay dirty for the next flush, 15 ms later. Thousands change at
 * once when streams drop together (a network blip, an instance draining): one flush writing and broadcasting 2,000
 * ended calls held the event loop for a quarter of a second. Calls a caller waits on (updateCall) always go first.
 */
const MAX_CALLS_PER_FLUSH = 100;
const SWEEP_INTERVAL_MS = 60_000;
/** Call ids per `call-teams-changed` message (the bus message's bound). */
const MAX_TEAM_CHANGES_PER_MESSAGE = 1_000;
export const DEFAULT_MAX_BUFFERED_FINALS = 50_000;
export const DEFAULT_STREAM_LEASE_MS = 30_000;

export interface CallServiceOptions {
  store: CallStore;
  broadcaster: Broadcaster;
  log: Logger;
  listIntervalMs: number;
  /** Finals held in memory while the store cannot take them; past this the ingress refuses more. */
  maxBufferedFinals?: number;
  /** Other instances (through Redis) or none; its id marks this instance's stream leases. */
  bus?: ClusterBus;
  /** How long a stream's lease lasts unless renewed (its owner renews a third of the way). */
  streamLeaseMs?: number;
  now?: () => number;
  /** Final delivery latency and store flush timings for /metrics (none by default). */
  metrics?: CallMetrics;
  /** Participants' labels as calls and lines leave the pipeline (the directory's names); stored labels by default. */
  names?: LabelOf;
  /** Which teams a call belongs to (call-visibility.ts); without one every call is Unassigned. */
  teams?: CallTeamResolver;
}

/**
 * Told of what the pipeline did, synchronously and cheaply (the rule engine implements it; call-service does not
 * know rules). Only on the instance that did it: a final is reported once, by the instance that stored it.
 */
export interface CallObserver {
  /** A final the store just numbered (repeats never get here), with the call after it was applied. */
  finalStored(call: LiveCall, segment: FinalSegment): void;
  /** ACS reported TranscriptionFailed, or a call's stream was lost and never came back (reported once). */
  transcriptionLost?(callId: string, cause: 'failed' | 'stream_lost', at: number): void;
}

/** What ingesting a final did: stored later, a repeat dropped, or buffered past the bound (the stream must stop). */
export type IngestOutcome = 'accepted' | 'repeat' | 'over_bound';

export interface StoreHealth {
  ok: boolean;
  /** Why the last write failed (an error code, never data). */
  reason: string | null;
  /** Since when writes have been failing, epoch ms. */
  failingSince: number | null;
  bufferedFinals: number;
  maxBufferedFinals: number;
}

interface PersistWaiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class CallService {
  private readonly live = new Map<string, LiveCall>();
  private readonly loading = new Map<string, Promise<LiveCall>>();
  private pendingFinals: NewFinal[] = [];
  private readonly dirtyCalls = new Set<string>();
  /** Dirty calls whose change someone awaits (updateCall): written by the next flush whatever MAX_CALLS_PER_FLUSH says. */
  private readonly awaitedCalls = new Set<string>();
  /** Streams whose end is being recorded (detachStream): close() waits for them. */
  private readonly detaching = new Set<Promise<void>>();
  /** Calls whose only unwritten changes are aggregates that may still wait (written by the aggregate timer). */
  private readonly waitingCalls = new Set<string>();
  private writeEverything = false;
  /** writeWaitingCalls left calls that are due for the next flush (MAX_DUE_CALLS_PER_FLUSH). */
  private moreCallsDue = false;
  private readonly aggregateTimer: NodeJS.Timeout;
  private readonly changedDetails = new Set<string>();
  private persistWaiters: PersistWaiter[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private storeFailure: { reason: string; since: number } | null = null;
  private readonly listFeed: CallListFeed;
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly store: CallStore;
  private readonly broadcaster: Broadcaster;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly maxBufferedFinals: number;
  private readonly bus: ClusterBus;
  private readonly unsubscribe: () => void;
  private readonly teamListeners = new Set<(callIds: readonly string[]) => void>();
  /** Calls changed by updateCall (callbacks, control, sweeps): other instances hear of these changes. */
  private readonly changedHere = new Set<string>();
  private readonly metrics: CallMetrics;
  private readonly observers = new Set<CallObserver>();
  readonly leases: StreamLeases;
  /** What every call and line this service hands out is named with (see server/directory/naming.ts). */
  readonly names: LabelOf;
  /** Which teams a call belongs to: list rows carry them, rooms and `call_teams` follow them. */
  readonly teams: CallTeamResolver;

  constructor(options: CallServiceOptions) {
    this.names = options.names ?? STORED_LABELS;
    this.store = options.store;
    this.broadcaster = options.broadcaster;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.maxBufferedFinals = options.maxBufferedFinals ?? DEFAULT_MAX_BUFFERED_FINALS;
    this.bus = options.bus ?? localClusterBus('local');
    this.metrics = options.metrics ?? NO_CALL_METRICS;
    this.teams = options.teams ?? new CallTeamResolver({ loadTeams: () => Promise.resolve([]) });
    this.unsubscribe = this.bus.subscribe((message) => this.onClusterMessage(message));
    this.leases = new StreamLeases({
      store: this.store,
      instanceId: this.bus.instanceId,
      leaseMs: options.streamLeaseMs ?? DEFAULT_STREAM_LEASE_MS,
      heldCallIds: () => Array.from(this.heldCalls(), (call) => call.callId),
      log: this.log,
      now: this.now,
    });
    this.listFeed = new CallListFeed(this.broadcaster, (callId) => this.listRow(callId), options.listIntervalMs);
    this.sweepTimer = setInterval(() => this.evictIdle(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    this.aggregateTimer = setInterval(() => {
      this.updateTimeSignals();
      this.writeWaitingCalls(false);
    }, 1_000);
    this.aggregateTimer.unref();
  }

  /** Hears of stored finals and lost transcriptions from now on; returns how to stop. */
  observe(observer: CallObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** The calls whose transcript stream this instance holds now. */
  *heldCalls(): Iterable<LiveCall> {
    for (const call of this.live.values()) if (call.openStreams > 0) yield call;
  }

  /** Transcription of the call failed (ACS said so) or its stream was lost for good; see CallObserver. */
  transcriptionLost(callId: string, cause: 'failed' | 'stream_lost') {
    const at = this.now();
    for (const observer of this.observers) {
      try {
        observer.transcriptionLost?.(callId, cause, at);
      } catch (error) {
        this.log.error({ err: error, callId }, 'a call observer failed');
      }
    }
  }

  /** A transcript stream opened for this call; creates the call if this instance has never seen it. */
  async attachStream(callId: string, correlationId: string | null): Promise<LiveCall> {
    const call = await this.load(callId, correlationId);
    call.openStreams += 1;
    call.lastActivityAt = this.now();
    const record = call.record;
    record.transcription = 'active';
    streamConnected(record, this.now());
    if (record.state === 'disconnected' && !record.lifecycleManaged) {
      // A new stream for an ended call means the call is live again (a restart or another instance ended it).
      record.state = 'connected';
      record.endedAt = null;
    }
    if (correlationId !== null && record.metadata.correlationId === null) record.metadata.correlationId = correlationId;
    this.touch(call, true);
    await this.leases.claim(callId);
    return call;
  }

  /**
   * The last stream of a call on this instance closed. Unless another instance holds the call's stream now (ACS
   * reconnected it there), transcription has stopped, and a call known only from its stream has ended.
   */
  detachStream(call: LiveCall): Promise<void> {
    const detaching = this.endStream(call).finally(() => this.detaching.delete(detaching));
    this.detaching.add(detaching);
    return detaching;
  }

  private async endStream(call: LiveCall): Promise<void> {
    call.openStreams = Math.max(0, call.openStreams - 1);
    if (call.openStreams > 0) return;
    call.interims.clear();
    const stillOurs = await this.leases.release(call.callId);
    if (call.openStreams > 0) {
      // A new stream attached while the lease was being given up: take it again.
      await this.leases.claim(call.callId);
      return;
    }
    if (!stillOurs) return;
    const record = call.record;
    streamClosed(record, this.now());
    if (record.transcription === 'active' || record.transcription === 'stopping') record.transcription = 'stopped';
    if (!record.lifecycleManaged && record.state !== 'disconnected') {
      record.state = 'disconnected';
      record.endedAt = this.now();
    }
    this.touch(call, true);
  }

  ingestMetadata(call: LiveCall, metadata: StreamMetadata) {
    call.ingest.accepted += 1;
    call.notePacket(this.now());
    call.applyMetadata(metadata, this.now());
    this.touch(call, true);
  }

  /** A line from the call's stream (normalised by the ingress with the call's `lineContext()`). */
  ingestLine(call: LiveCall, line: NormalizedLine): IngestOutcome {
    call.ingest.accepted += 1;
    const now = this.now();
    call.lastActivityAt = now;
    if (call.notePacket(now)) this.packetSecondChanged(call);
    if (!line.isFinal) {
      this.broadcaster.interim(call.applyInterim(line, now));
      return 'accepted';
    }
    const final = call.takeFinal(line, now);
    if (final === null) {
      call.countRejected('duplicate_final');
      return 'repeat';
    }
    // Buffered even past the bound: it was received, and dropping it would be silent. The caller stops the stream.
    this.pendingFinals.push(final);
    this.scheduleFlush();
    return this.pendingFinals.length >= this.maxBufferedFinals ? 'over_bound' : 'accepted';
  }

  /** False while the buffer of unstored finals is full: new transcript streams are refused until it drains. */
  acceptsFinals(): boolean {
    return this.pendingFinals.length < this.maxBufferedFinals;
  }

  storeHealth(): StoreHealth {
    return {
      ok: this.storeFailure === null,
      reason: this.storeFailure?.reason ?? null,
      failingSince: this.storeFailure?.since ?? null,
      bufferedFinals: this.pendingFinals.length,
      maxBufferedFinals: this.maxBufferedFinals,
    };
  }

  countRejected(call: LiveCall | null, reason: string) {
    if (call) call.countRejected(reason);
  }

  /**
   * Applies a change to a call's record (callbacks, control, summaries) and resolves once it is stored; the
   * browsers hear of it after that. Rejects when the store refuses it (the change stays queued and is retried).
   */
  async updateCall(callId: string, change: (record: CallRecord) => void, options: { createIfMissing?: boolean; initialState?: CallState } = {}) {
    if (this.bus.shared) return this.updateSharedCall(callId, change, options);
    const existing =
      this.live.get(callId) ??
      (options.createIfMissing ? await this.load(callId, null, { state: options.initialState ?? 'connected', transcription: 'inactive' }) : await this.loadIfStored(callId));
    if (!existing) return null;
    change(existing.record);
    existing.record.updatedAt = nextUpdatedAt(existing.record.updatedAt, this.now());
    const stored = this.persisted();
    this.awaitedCalls.add(existing.callId);
    this.touch(existing, true);
    await stored;
    return relabelCall(existing.detail(), this.names);
  }

  /**
   * With several instances, another one may change the same call at the same moment (a callback on one settling an
   * operation requested on another): the change runs on the stored row under a lock, and whoever holds the call in
   * memory — this instance, and the others through the cluster bus — applies the fields it wrote.
   */
  private async updateSharedCall(callId: string, change: (record: CallRecord) => void, options: { createIfMissing?: boolean; initialState?: CallState }) {
    if (options.createIfMissing && !this.live.has(callId)) {
      await this.store.ensureCall({ ...newCallRecord(callId, this.now(), null), state: options.initialState ?? 'connected', transcription: 'inactive' });
    }
    const result = await this.store.mutateCall(callId, (record) => {
      change(record);
      record.updatedAt = nextUpdatedAt(record.updatedAt, this.now());
    });
    if (result === null) return null;
    await this.storeTeamsOf([{ callId, patch: result.patch, record: result.call }]);
    const live = this.live.get(callId);
    if (live) {
      Object.assign(live.record, structuredClone(result.patch));
      Object.assign(live.persisted, structuredClone(result.patch));
    }
    this.bus.publish({ type: 'call-patched', callId, patch: result.patch });
    const detail = live ? live.detail() : { ...result.call, ingest: { accepted: 0, rejected: {} } };
    const { serverCallId: _serverCallId, lifecycleManaged: _managed, attentionSignals: _signals, ...shown } = detail as CallDetail &
      Partial<Pick<CallRecord, 'serverCallId' | 'lifecycleManaged' | 'attentionSignals'>>;
    this.broadcaster.callUpdated(shown);
    this.broadcaster.callsChanged([this.rowOf(live ? live.record : result.call)]);
    return relabelCall(shown, this.names);
  }

  async addSummary(summary: CallSummaryRecord) {
    await this.store.addSummary(summary);
    this.broadcaster.summary(summary);
  }

  async listCalls(): Promise<CallListItem[]> {
    const stored = await this.store.listCalls(CALL_LIST_LIMIT);
    return stored.map((record) => {
      const live = this.live.get(record.callId);
      return relabelCall(toListItem(live && this.authoritative(live) ? live.detail() : { ...record, ingest: { accepted: 0, rejected: {} } }), this.names);
    });
  }

  // ------------------------------------------------------------ the dashboard's call list and transcript pages

  /**
   * What `calls:watch` starts from: every live call (up to LIVE_CALLS_LIMIT) and the most recently ended calls, this
   * instance's own copy where it holds the call. `asOf` is taken before the reads: a row changed later is newer.
   */
  async callListRows(): Promise<{ rows: CallListRow[]; asOf: number }> {
    const asOf = this.now();
    const [live, ended] = await Promise.all([this.store.listLiveCalls(LIVE_CALLS_LIMIT), this.store.listEndedCalls(RECENT_CALLS_LIMIT)]);
    if (live.length >= LIVE_CALLS_LIMIT) this.log.warn({ limit: LIVE_CALLS_LIMIT }, 'more live calls than a call-list snapshot carries; the newest are left out');
    const rows = new Map<string, CallListRow>();
    for (const record of [...live, ...ended]) {
      const held = this.live.get(record.callId);
      rows.set(record.callId, this.rowOf(held && this.authoritative(held) ? held.record : record));
    }
    // A call this instance just created may not be written yet.
    for (const held of this.live.values()) {
      if (!rows.has(held.callId) && held.record.state !== 'disconnected' && this.authoritative(held)) rows.set(held.callId, this.rowOf(held.record));
    }
    return { rows: [...rows.values()].map((row) => relabelCall(row, this.names)), asOf };
  }

  /**
   * What `call:open` answers: the lines after `afterSeq`, or with `fromEnd` (a fresh open) the newest ones, so the
   * page shows the end of a long call at once and fills its beginning with `olderLines`. Lines come without words.
   * Callers join the call's room first, so nothing falls between history and live.
   */
  async openHistory(callId: string, request: { afterSeq: number; fromEnd: boolean }): Promise<CallHistory | null> {
    const call = await this.getCall(callId);
    if (!call) return null;
    const fromEnd = request.fromEnd && request.afterSeq === 0;
    const [page, summaries, audit] = await Promise.all([
      fromEnd ? this.store.linesBefore(callId, null, LATEST_HISTORY_PAGE + 1) : this.store.linesAfter(callId, request.afterSeq, MAX_HISTORY_PAGE + 1),
      this.store.listSummaries(callId),
      this.store.listAudit(callId),
    ]);
    const live = this.live.get(callId);
    return {
      call,
      segments: relabelLines(fromEnd ? page.slice(-LATEST_HISTORY_PAGE) : page.slice(0, MAX_HISTORY_PAGE), this.names),
      hasMore: !fromEnd && page.length > MAX_HISTORY_PAGE,
      hasOlder: fromEnd && page.length > LATEST_HISTORY_PAGE,
      interims: live ? relabelLines([...live.interims.values()], this.names) : [],
      summaries,
      audit,
    };
  }

  /** Lines older than `beforeSeq`, the newest MAX_HISTORY_PAGE of them, without words; null for an unknown call. */
  async olderLines(callId: string, beforeSeq: number): Promise<CallHistoryPage | null> {
    if (!this.live.has(callId) && (await this.store.getCall(callId)) === null) return null;
    const page = await this.store.linesBefore(callId, beforeSeq, MAX_HISTORY_PAGE + 1);
    return { segments: relabelLines(page.slice(-MAX_HISTORY_PAGE), this.names), hasOlder: page.length > MAX_HISTORY_PAGE };
  }

  async getCall(callId: string): Promise<CallDetail | null> {
    const call = this.live.get(callId);
    if (call && this.authoritative(call)) return relabelCall(call.detail(), this.names);
    const record = await this.store.getCall(callId);
    return record ? relabelCall(new LiveCall(record, this.now()).detail(), this.names) : null;
  }

  /** History after `afterSeq`. Callers join the call's room first, so nothing falls between history and live. */
  async history(callId: string, afterSeq: number): Promise<CallHistory | null> {
    const call = await this.getCall(callId);
    if (!call) return null;
    const [page, summaries, audit] = await Promise.all([
      this.store.segmentsAfter(callId, afterSeq, MAX_HISTORY_PAGE + 1),
      this.store.listSummaries(callId),
      this.store.listAudit(callId),
    ]);
    const live = this.live.get(callId);
    return {
      call,
      segments: relabelLines(page.slice(0, MAX_HISTORY_PAGE), this.names),
      hasMore: page.length > MAX_HISTORY_PAGE,
      hasOlder: false,
      interims: live ? relabelLines([...live.interims.values()], this.names) : [],
      summaries,
      audit,
    };
  }

  async addAudit(entry: AuditEntry) {
    await this.store.addAudit(entry);
    this.broadcaster.audit(entry);
  }

  /**
   * The attention signals that move with time alone, for the calls whose stream this instance holds: how long since
   * the last final line (in steps), and how the call's length compares with the median of those calls. A call whose
   * signals changed is written with the aggregates, and its row follows.
   */
  updateTimeSignals() {
    const now = this.now();
    const streamed: LiveCall[] = [];
    for (const call of this.heldCalls()) if (call.record.state !== 'disconnected') streamed.push(call);
    if (streamed.length === 0) return;
    const durations = streamed.map((call) => now - call.record.startedAt).sort((a, b) => a - b);
    const median = durations[Math.floor(durations.length / 2)] ?? 0;
    for (const call of streamed) {
      const { record } = call;
      const listening = record.transcription === 'active' && record.health.stream === 'connected';
      const silent = listening ? silenceStep(now - Math.max(record.health.lastFinalAt ?? 0, record.health.streamSince)) : 0;
      const multiple = durationMultiple(now - record.startedAt, median);
      const signals = record.attentionSignals;
      if (signals.silenceStep === silent && signals.durationMultiple === multiple) continue;
      call.setAttentionSignals({ ...signals, silenceStep: silent, durationMultiple: multiple }, now);
      this.dirtyCalls.add(call.callId);
    }
    if (this.dirtyCalls.size > 0) this.scheduleFlush();
  }

  /** The rule engine's open alerts on a call changed (raised, or acknowledged on any instance). */
  async noteOpenAlerts(callId: string, openAlerts: AttentionSignals['openAlerts']) {
    const live = this.live.get(callId);
    if (live && !this.bus.shared) {
      // Alone, this instance's copy is the call: set the field and let the next flush write it and list its row
      // (no read-modify-write, and no call:updated, whose detail does not carry attention).
      live.setOpenAlerts(openAlerts, this.now());
      this.dirtyCalls.add(callId);
      this.scheduleFlush();
      return;
    }
    await this.updateCall(callId, (record) => {
      record.attentionSignals = { ...record.attentionSignals, openAlerts };
    });
  }

  /** Calls deleted from the store (erased, or past retention): forgotten here, and browsers watching them are told. */
  callsDeleted(callIds: readonly string[], teams: ReadonlyMap<string, readonly string[]>) {
    for (const callId of callIds) {
      const held = this.live.get(callId);
      const teamIds = teams.get(callId) ?? (held ? this.visibleTeamsOf(held.record) : null);
      this.live.delete(callId);
      this.waitingCalls.delete(callId);
      this.dirtyCalls.delete(callId);
      this.broadcaster.callErased?.(callId, teamIds);
    }
  }

  /** Live calls on this instance with operations waiting for ACS, for the operation timeout sweep. */
  callsWithPendingOperations(): CallRecord[] {
    return [...this.live.values()].filter((call) => call.record.pending.length > 0).map((call) => call.record);
  }

  /** Waits until everything received so far is persisted (aggregates too) and broadcast. */
  async flushNow() {
    this.writeEverything = true;
    try {
      this.writeWaitingCalls(true);
      while (this.flushing || this.pendingFinals.length > 0 || this.dirtyCalls.size > 0) {
        if (this.flushing) await this.flushing.catch(() => undefined);
        else await this.flush();
      }
    } finally {
      this.writeEverything = false;
    }
    this.listFeed.flush();
  }

  /** Calls whose aggregates have waited long enough (or all of them) are written with the next flush. */
  private writeWaitingCalls(all: boolean) {
    const now = this.now();
    let released = 0;
    this.moreCallsDue = false;
    for (const callId of this.waitingCalls) {
      const call = this.live.get(callId);
      if (call && !all && call.canWait(now, AGGREGATE_WRITE_MS)) continue;
      if (!all && released >= MAX_DUE_CALLS_PER_FLUSH) {
        this.moreCallsDue = true;
        break;
      }
      this.waitingCalls.delete(callId);
      if (call) {
        this.dirtyCalls.add(callId);
        released += 1;
      }
    }
    if (this.dirtyCalls.size > 0) this.scheduleFlush();
  }

  async close() {
    this.closed = true;
    this.leases.close();
    this.unsubscribe();
    clearInterval(this.sweepTimer);
    clearInterval(this.aggregateTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.listFeed.close();
    // Streams that closed just before: their calls' ends (after the lease release, a turn later) are written too.
    await Promise.allSettled([...this.detaching]);
    try {
      await this.flushNow();
    } catch (error) {
      this.log.error({ err: error, bufferedFinals: this.pendingFinals.length }, 'could not persist the last segments on shutdown');
    }
  }

  hasOpenStream(callId: string): boolean {
    return (this.live.get(callId)?.openStreams ?? 0) > 0;
  }

  private listRow(callId: string): CallListRow | null {
    const call = this.live.get(callId);
    return call ? this.rowOf(call.record) : null;
  }

  /** A call's list row, with its teams as they are now. */
  rowOf(record: CallRecord): CallListRow {
    return toListRow(record, this.teams.visibleTeamIdsOf(record));
  }

  /** The call's teams as people see them, or null for a call that is gone (no detail built: alerts ask per alert). */
  async teamsOfCall(callId: string): Promise<string[] | null> {
    const call = this.live.get(callId);
    if (call && this.authoritative(call)) return this.visibleTeamsOf(call.record);
    const record = await this.store.getCall(callId);
    return record ? this.visibleTeamsOf(record) : null;
  }

  /** A call's teams as people see them (Unassigned spelled out); what visibility is decided on. */
  visibleTeamsOf(call: CallTeamInputs): string[] {
    return this.teams.visibleTeamIdsOf(call);
  }

  /** The teams `call_teams` holds for these calls (none: Unassigned). */
  storedTeamsOf(callIds: readonly string[]): Promise<Map<string, string[]>> {
    return this.store.listCallTeams(callIds);
  }

  /** Stores the teams of calls whose participants or assigned team a write changed. */
  private async storeTeamsOf(changed: readonly { callId: string; patch: CallPatch; record: CallTeamInputs }[]) {
    const entries = changed
      .filter(({ patch }) => patch.participants !== undefined || patch.assignedTeamId !== undefined)
      .map(({ callId, record }) => ({ callId, teamIds: this.teams.teamIdsOf(record) }));
    if (entries.length === 0) return;
    await this.store.setCallTeams(entries);
    // Sockets that have one of these calls open, here and on other instances, are checked again (socket-scope.ts).
    for (let start = 0; start < entries.length; start += MAX_TEAM_CHANGES_PER_MESSAGE) {
      const callIds = entries.slice(start, start + MAX_TEAM_CHANGES_PER_MESSAGE).map((entry) => entry.callId);
      this.bus.publish({ type: 'call-teams-changed', callIds });
      for (const listener of this.teamListeners) listener(callIds);
    }
  }

  /**
   * The teams were redefined: every live call's list row is built again with the next batch, so rows name the teams
   * calls are in now, and watchers of teams a call left hear of it (a row that reads the same is not sent again).
   */
  resendLiveRows() {
    for (const call of this.live.values()) if (call.record.state !== 'disconnected') this.listFeed.markDirty(call.callId);
  }

  /** Hears calls whose participants (so perhaps teams) this instance changed; returns how to stop. */
  onCallTeamsChanged(listener: (callIds: readonly string[]) => void): () => void {
    this.teamListeners.add(listener);
    return () => this.teamListeners.delete(listener);
  }

  /** Only the packet time changed: written with the aggregates, and the list row follows. */
  private packetSecondChanged(call: LiveCall) {
    this.dirtyCalls.add(call.callId);
    this.scheduleFlush();
  }

  private touch(call: LiveCall, detailChanged: boolean) {
    this.dirtyCalls.add(call.callId);
    call.markChanged();
    if (detailChanged) this.changedDetails.add(call.callId);
    this.scheduleFlush();
  }

  /** Resolves when a flush that starts from now on has stored everything, rejects when that flush fails. */
  private persisted(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.persistWaiters.push({ resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(delayMs = FLUSH_DELAY_MS) {
    if (this.flushTimer !== null || this.flushing) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush().catch(() => undefined);
    }, delayMs);
    this.flushTimer.unref();
  }

  private async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.pendingFinals.length === 0 && this.dirtyCalls.size === 0 && this.persistWaiters.length === 0) return;
    const waiters = this.persistWaiters;
    this.persistWaiters = [];
    const startedAt = performance.now();
    this.flushing = this.writeBatch();
    let failed = false;
    try {
      await this.flushing;
      this.metrics.storeFlushed(performance.now() - startedAt, true);
      this.storeRecovered();
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      failed = true;
      this.metrics.storeFlushed(performance.now() - startedAt, false);
      this.storeFailed(error);
      for (const waiter of waiters) waiter.reject(error);
      throw new Error('persist failed');
    } finally {
      this.flushing = null;
      if (!failed && this.moreCallsDue && !this.closed) this.writeWaitingCalls(false);
      if (failed) {
        if (!this.closed) this.scheduleFlush(PERSIST_RETRY_MS);
      } else if (this.pendingFinals.length > 0 || this.dirtyCalls.size > 0 || this.persistWaiters.length > 0) {
        this.scheduleFlush();
      }
    }
  }

  /** One flush: finals first (the store numbers them), then the calls they and other changes touched. */
  private async writeBatch(): Promise<void> {
    const finals = this.pendingFinals;
    this.pendingFinals = [];
    let stored: FinalSegment[];
    try {
      stored = await this.store.appendFinals(finals);
    } catch (error) {
      // Keep everything for the next try: a final is never broadcast unstored, and never dropped.
      this.pendingFinals = finals.concat(this.pendingFinals);
      throw error;
    }
    const now = this.now();
    for (const segment of stored) {
      const call = this.live.get(segment.callId);
      if (!call) continue;
      call.applyStored(segment, now);
      this.dirtyCalls.add(call.callId);
      for (const observer of this.observers) {
        try {
          observer.finalStored(call, segment);
        } catch (error) {
          this.log.error({ err: error, callId: call.callId }, 'a call observer failed');
        }
      }
    }
    // Committed: browsers may see them now, whatever happens to the call rows below.
    const deliveredAt = this.now();
    for (const segment of stored) {
      this.broadcaster.segment(segment);
      this.metrics.finalDelivered(deliveredAt - segment.receivedAt);
    }

    const picked = this.pickDirtyCalls();
    const changed = picked.filter((callId) => this.changedDetails.delete(callId));
    const callIds: string[] = [];
    for (const callId of picked) {
      const call = this.live.get(callId);
      if (call && !this.writeEverything && call.canWait(now, AGGREGATE_WRITE_MS)) {
        this.waitingCalls.add(callId);
        this.listFeed.markDirty(callId);
      } else {
        this.waitingCalls.delete(callId);
        callIds.push(callId);
      }
    }
    // Taken now (copied): ingest keeps mutating the records while the transaction runs.
    const taken = callIds.flatMap((callId) => {
      const call = this.live.get(callId);
      return call ? [{ call, patch: call.takePatch() }] : [];
    });
    const updates = taken.filter(({ patch }) => Object.keys(patch).length > 0).map(({ call, patch }) => ({ callId: call.callId, patch }));
    try {
      await this.store.updateCalls(updates);
      await this.storeTeamsOf(taken.map(({ call, patch }) => ({ callId: call.callId, patch, record: call.record })));
    } catch (error) {
      for (const { call } of taken) call.patchFailed();
      for (const callId of callIds) this.dirtyCalls.add(callId);
      for (const callId of changed) this.changedDetails.add(callId);
      throw error;
    }
    for (const { call, patch } of taken) call.confirmPatch(patch);
    // Changes that did not come from this instance's own stream: instances holding the call apply them too.
    if (this.bus.shared) {
      for (const update of updates) if (this.changedHere.has(update.callId)) this.bus.publish({ type: 'call-patched', callId: update.callId, patch: update.patch });
    }
    for (const callId of callIds) this.changedHere.delete(callId);
    for (const callId of changed) {
      const call = this.live.get(callId);
      if (call) this.broadcaster.callUpdated(call.detail());
    }
    for (const callId of callIds) this.listFeed.markDirty(callId);
  }

  /** The dirty calls this flush handles (awaited ones first, then up to MAX_CALLS_PER_FLUSH), out of the dirty set. */
  private pickDirtyCalls(): string[] {
    const picked = new Set<string>();
    for (const callId of this.awaitedCalls) if (this.dirtyCalls.has(callId)) picked.add(callId);
    this.awaitedCalls.clear();
    for (const callId of this.dirtyCalls) {
      if (picked.size >= MAX_CALLS_PER_FLUSH) break;
      picked.add(callId);
    }
    for (const callId of picked) this.dirtyCalls.delete(callId);
    // A detail change belongs to a dirty call; one whose call left the dirty set otherwise (erased) is dropped.
    for (const callId of this.changedDetails) if (!picked.has(callId) && !this.dirtyCalls.has(callId)) this.changedDetails.delete(callId);
    return [...picked];
  }

  /**
   * This instance's copy of a call is the truth while it holds the call's stream, or when it is the only instance.
   * Otherwise another instance may have changed the call since: read the store instead.
   */
  private authoritative(call: LiveCall): boolean {
    return !this.bus.shared || call.openStreams > 0;
  }

  private onClusterMessage(message: ClusterMessage) {
    switch (message.type) {
      case 'call-patched': {
        const call = this.live.get(message.callId);
        if (!call) return;
        const patch = structuredClone(message.patch);
        // Another instance ended a stream-only call just as its stream came here: the stream wins, and says so.
        const revive = call.openStreams > 0 && !call.record.lifecycleManaged && patch.state === 'disconnected';
        Object.assign(call.record, patch);
        Object.assign(call.persisted, structuredClone(patch));
        if (revive) {
          call.record.state = 'connected';
          call.record.endedAt = null;
          call.record.transcription = 'active';
          this.changedHere.add(call.callId);
          this.touch(call, true);
        }
        this.listFeed.markDirty(call.callId);
        return;
      }
      case 'session-ended':
      case 'rules-changed':
      case 'directory-changed':
      case 'access-changed':
      case 'call-teams-changed':
        return;
      default: {
        const unreachable: never = message;
        this.log.warn({ type: String((unreachable as { type?: unknown }).type) }, 'unknown cluster message');
      }
    }
  }

  private storeFailed(error: unknown) {
    const reason = errorCode(error);
    if (this.storeFailure === null) {
      this.storeFailure = { reason, since: this.now() };
      this.log.error({ err: error, reason, bufferedFinals: this.pendingFinals.length }, 'the store refused a write; finals are buffered and retried');
    } else {
      this.storeFailure.reason = reason;
    }
  }

  private storeRecovered() {
    if (this.storeFailure === null) return;
    this.log.warn({ failedForMs: this.now() - this.storeFailure.since }, 'the store accepts writes again');
    this.storeFailure = null;
  }

  private async load(callId: string, correlationId: string | null, initial?: Pick<CallRecord, 'state' | 'transcription'>): Promise<LiveCall> {
    const existing = this.live.get(callId);
    if (existing) return existing;
    let pending = this.loading.get(callId);
    if (!pending) {
      pending = (async () => {
        const { call: record, created } = await this.store.ensureCall({ ...newCallRecord(callId, this.now(), correlationId), ...initial });
        const keys = created ? [] : await this.store.recentFinalKeys(callId, RECENT_FINAL_KEYS);
        if (created) this.log.info({ callId }, 'new call');
        const call = this.live.get(callId) ?? new LiveCall(record, this.now(), keys.reverse());
        this.live.set(callId, call);
        return call;
      })().finally(() => this.loading.delete(callId));
      this.loading.set(callId, pending);
    }
    return pending;
  }

  private async loadIfStored(callId: string): Promise<LiveCall | null> {
    const stored = await this.store.getCall(callId);
    if (!stored) return null;
    return this.load(callId, null);
  }

  private evictIdle() {
    const cutoff = this.now() - IDLE_EVICT_MS;
    const buffered = new Set(this.pendingFinals.map((final) => final.callId));
    for (const [callId, call] of this.live) {
      if (call.openStreams === 0 && call.lastActivityAt < cutoff && !this.dirtyCalls.has(callId) && !this.waitingCalls.has(callId) && !buffered.has(callId)) this.live.delete(callId);
    }
  }
}

/** A short, data-free name for a store error (SQLite and pg both set `code`). */
function errorCode(error: unknown): string {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[\w.-]{1,40}$/.test(code) ? code : 'store_error';
}

