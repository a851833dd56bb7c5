/**
 * The call pipeline: stream lifecycle, packets → segments, persistence, then fan-out.
 * A final segment is committed to the store before any browser sees it. Writes are batched: everything that
 * arrives while one transaction runs goes into the next, which keeps up with thousands of packets a second.
 */
import type { TranscriptionData, TranscriptionMetadata } from '../../lib/acs/transcription-packets';
import { CALL_LIST_LIMIT, MAX_HISTORY_PAGE, type AuditEntry, type CallDetail, type CallState, type CallHistory, type CallListItem, type CallSummaryRecord, type FinalSegment } from '../../lib/protocol';
import type { Logger } from '../log';
import { normalizeTranscriptionData } from '../ingress/normalize-segment';
import type { CallRecord, CallStore } from '../store/call-store';
import type { Broadcaster } from './broadcaster';
import { CallListFeed, toListItem } from './call-list-feed';
import { LiveCall, newCallRecord } from './live-call';

const PERSIST_RETRY_MS = 1_000;
/** Collects packets for a few milliseconds so each transaction carries many segments; far under the latency budget. */
const FLUSH_DELAY_MS = 5;
const IDLE_EVICT_MS = 5 * 60_000;
const SWEEP_INTERVAL_MS = 60_000;

export interface CallServiceOptions {
  store: CallStore;
  broadcaster: Broadcaster;
  log: Logger;
  listIntervalMs: number;
  now?: () => number;
}

export class CallService {
  private readonly live = new Map<string, LiveCall>();
  private readonly loading = new Map<string, Promise<LiveCall>>();
  private pendingSegments: FinalSegment[] = [];
  private readonly dirtyCalls = new Set<string>();
  private readonly changedDetails = new Set<string>();
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private readonly listFeed: CallListFeed;
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly store: CallStore;
  private readonly broadcaster: Broadcaster;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(options: CallServiceOptions) {
    this.store = options.store;
    this.broadcaster = options.broadcaster;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.listFeed = new CallListFeed(this.broadcaster, (callId) => this.listItem(callId), options.listIntervalMs);
    this.sweepTimer = setInterval(() => this.evictIdle(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  /** A transcript stream opened for this call; creates the call if this instance has never seen it. */
  async attachStream(callId: string, correlationId: string | null): Promise<LiveCall> {
    const call = await this.load(callId, correlationId);
    call.openStreams += 1;
    call.lastActivityAt = this.now();
    const record = call.record;
    record.transcription = 'active';
    if (record.state === 'disconnected' && !record.lifecycleManaged) {
      // A new stream for an ended call means the call is live again (a restart or another instance ended it).
      record.state = 'connected';
      record.endedAt = null;
    }
    if (correlationId !== null && record.metadata.correlationId === null) record.metadata.correlationId = correlationId;
    this.touch(call, true);
    return call;
  }

  detachStream(call: LiveCall) {
    call.openStreams = Math.max(0, call.openStreams - 1);
    if (call.openStreams > 0) return;
    const record = call.record;
    call.interims.clear();
    if (record.transcription === 'active' || record.transcription === 'stopping') record.transcription = 'stopped';
    if (!record.lifecycleManaged && record.state !== 'disconnected') {
      record.state = 'disconnected';
      record.endedAt = this.now();
    }
    this.touch(call, true);
  }

  ingestMetadata(call: LiveCall, metadata: TranscriptionMetadata) {
    call.ingest.accepted += 1;
    call.applyMetadata(metadata, this.now());
    this.touch(call, true);
  }

  ingestData(call: LiveCall, data: TranscriptionData) {
    call.ingest.accepted += 1;
    const now = this.now();
    const line = normalizeTranscriptionData(data, {
      streamLocale: call.record.locale,
      piiRedactionEnabled: call.record.metadata.piiRedaction?.enabled ?? null,
    });
    call.lastActivityAt = now;
    if (!line.isFinal) {
      this.broadcaster.interim(call.applyInterim(line, now));
      return;
    }
    this.pendingSegments.push(call.applyFinal(line, now));
    this.touch(call, false);
  }

  countRejected(call: LiveCall | null, reason: string) {
    if (call) call.countRejected(reason);
  }

  /** Applies a change to a call's record (callbacks, summaries) and persists it before telling browsers. */
  async updateCall(callId: string, change: (record: CallRecord) => void, options: { createIfMissing?: boolean; initialState?: CallState } = {}) {
    const existing =
      this.live.get(callId) ??
      (options.createIfMissing ? await this.load(callId, null, { state: options.initialState ?? 'connected', transcription: 'inactive' }) : await this.loadIfStored(callId));
    if (!existing) return null;
    change(existing.record);
    existing.record.updatedAt = this.now();
    this.touch(existing, true);
    return existing.detail();
  }

  async addSummary(summary: CallSummaryRecord) {
    await this.store.addSummary(summary);
    this.broadcaster.summary(summary);
  }

  async listCalls(): Promise<CallListItem[]> {
    const stored = await this.store.listCalls(CALL_LIST_LIMIT);
    return stored.map((record) => toListItem(this.live.get(record.callId)?.detail() ?? { ...record, ingest: { accepted: 0, rejected: {} } }));
  }

  async getCall(callId: string): Promise<CallDetail | null> {
    const call = this.live.get(callId);
    if (call) return call.detail();
    const record = await this.store.getCall(callId);
    return record ? new LiveCall(record, this.now()).detail() : null;
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
      segments: page.slice(0, MAX_HISTORY_PAGE),
      hasMore: page.length > MAX_HISTORY_PAGE,
      interims: live ? [...live.interims.values()] : [],
      summaries,
      audit,
    };
  }

  async addAudit(entry: AuditEntry) {
    await this.store.addAudit(entry);
    this.broadcaster.audit(entry);
  }

  /** Waits until everything received so far is persisted and broadcast. */
  async flushNow() {
    while (this.flushing || this.pendingSegments.length > 0 || this.dirtyCalls.size > 0) {
      if (this.flushing) await this.flushing;
      else await this.flush();
    }
    this.listFeed.flush();
  }

  async close() {
    this.closed = true;
    clearInterval(this.sweepTimer);
    this.listFeed.close();
    try {
      await this.flushNow();
    } catch (error) {
      this.log.error({ err: error }, 'could not persist the last segments on shutdown');
    }
  }

  hasOpenStream(callId: string): boolean {
    return (this.live.get(callId)?.openStreams ?? 0) > 0;
  }

  private listItem(callId: string): CallListItem | null {
    const call = this.live.get(callId);
    return call ? toListItem(call.detail()) : null;
  }

  private touch(call: LiveCall, detailChanged: boolean) {
    this.dirtyCalls.add(call.callId);
    if (detailChanged) this.changedDetails.add(call.callId);
    this.scheduleFlush();
  }

  private scheduleFlush(delayMs = FLUSH_DELAY_MS) {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      void this.flush().catch(() => undefined);
    };
    setTimeout(run, delayMs).unref();
  }

  private async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.pendingSegments.length === 0 && this.dirtyCalls.size === 0) return;
    const segments = this.pendingSegments;
    const callIds = [...this.dirtyCalls];
    const changed = [...this.changedDetails];
    this.pendingSegments = [];
    this.dirtyCalls.clear();
    this.changedDetails.clear();
    // Snapshot the records now: ingest keeps mutating them while the transaction runs.
    const records = callIds.flatMap((callId) => {
      const call = this.live.get(callId);
      return call ? [structuredClone(call.record)] : [];
    });
    this.flushing = (async () => {
      try {
        await this.store.commitSegments(segments, records);
      } catch (error) {
        // Keep everything for the next try: a segment is never broadcast unpersisted, and never dropped.
        this.pendingSegments = segments.concat(this.pendingSegments);
        for (const callId of callIds) this.dirtyCalls.add(callId);
        for (const callId of changed) this.changedDetails.add(callId);
        this.log.error({ err: error, segments: segments.length }, 'persisting segments failed; retrying');
        throw error;
      } finally {
        this.flushing = null;
      }
      for (const segment of segments) this.broadcaster.segment(segment);
      for (const callId of changed) {
        const call = this.live.get(callId);
        if (call) this.broadcaster.callUpdated(call.detail());
      }
      for (const callId of callIds) this.listFeed.markDirty(callId);
    })();
    try {
      await this.flushing;
    } catch {
      if (!this.closed) this.scheduleFlush(PERSIST_RETRY_MS);
      throw new Error('persist failed');
    }
    if (this.pendingSegments.length > 0 || this.dirtyCalls.size > 0) this.scheduleFlush();
  }

  private async load(callId: string, correlationId: string | null, initial?: Pick<CallRecord, 'state' | 'transcription'>): Promise<LiveCall> {
    const existing = this.live.get(callId);
    if (existing) return existing;
    let pending = this.loading.get(callId);
    if (!pending) {
      pending = (async () => {
        const { call: record, created } = await this.store.ensureCall({ ...newCallRecord(callId, this.now(), correlationId), ...initial });
        if (created) this.log.info({ callId }, 'new call');
        const call = this.live.get(callId) ?? new LiveCall(record, this.now());
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
    for (const [callId, call] of this.live) {
      if (call.openStreams === 0 && call.lastActivityAt < cutoff && !this.dirtyCalls.has(callId)) this.live.delete(callId);
    }
  }
}
