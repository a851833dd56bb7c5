/**
 * One ACS transcript WebSocket. Frames are handled strictly in order; a bad frame is counted, logged
 * (rate-limited, without its content) and skipped, and the stream goes on.
 *
 * Once the stream knows its call, each frame is handled synchronously as it arrives, so nothing queues up. Until
 * then (the call is being loaded, or there was no `x-ms-call-connection-id` header and no metadata yet) frames wait
 * in a bounded queue, and the socket is paused when the queue fills, so TCP back-pressure reaches ACS instead of
 * memory growing. When the store has fallen so far behind that the buffer of unstored finals is full, the stream
 * is closed with 1013 (try again later) and a logged reason: every final received is kept, none silently dropped.
 */
import type { RawData, WebSocket } from 'ws';
import { parseTranscriptionPacket, type TranscriptionPacket } from '../../lib/acs/transcription-packets';
import type { CallService } from '../calls/call-service';
import type { LiveCall } from '../calls/live-call';
import type { Logger, RateLimitedLog } from '../log';
import type { IngressMetrics } from './ingress-metrics';
import { normalizeMetadata, normalizeTranscriptionData } from './normalize-segment';

/** Frames held before the stream knows its call; the socket pauses at this many. */
const MAX_QUEUED_FRAMES = 200;
/** Packets that may arrive before metadata on a stream without a call id header. */
const MAX_EARLY_PACKETS = 200;
export const CLOSE_TRY_AGAIN_LATER = 1013;

export interface TranscriptStreamDeps {
  calls: CallService;
  metrics: IngressMetrics;
  log: Logger;
  warnings: RateLimitedLog;
}

/** A raw frame received while the call loads, or a packet parsed before the stream knew its call. */
type Queued = { kind: 'frame'; data: RawData; isBinary: boolean } | { kind: 'packet'; packet: TranscriptionPacket };

export class TranscriptStream {
  private call: LiveCall | null = null;
  private binding: Promise<LiveCall> | null = null;
  /** Parsed packets of a stream that does not know its call yet (no header, no metadata so far). */
  private readonly early: TranscriptionPacket[] = [];
  /** What arrived while the call is being loaded, in order. */
  private readonly queued: Queued[] = [];
  private closed = false;
  private paused = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly headerCallId: string | null,
    private readonly correlationId: string | null,
    private readonly deps: TranscriptStreamDeps,
  ) {
    deps.metrics.activeStreams += 1;
    if (headerCallId) this.bind(headerCallId);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', (code) => this.onClose(code));
    socket.on('error', (error) => deps.log.warn({ callId: this.callId, err: { type: error.name, code: (error as { code?: unknown }).code } }, 'transcript socket error'));
  }

  get callId(): string | null {
    return this.call?.callId ?? this.headerCallId;
  }

  private bind(callId: string) {
    this.binding = this.deps.calls.attachStream(callId, this.correlationId);
    this.binding.then(
      (call) => {
        this.call = call;
        // Everything received meanwhile is applied, even when the socket has closed since: it was received.
        for (const item of this.queued.splice(0)) this.safely(() => (item.kind === 'frame' ? this.handle(item.data, item.isBinary, true) : this.apply(call, item.packet)));
        this.resume();
        if (this.closed) this.detach(call);
      },
      (error: unknown) => {
        // The frames that waited are not applied: the stream closes with 1011 so ACS reconnects and sends again.
        this.deps.log.error({ callId, err: error, queuedFrames: this.queued.length }, 'could not open call for transcript stream');
        this.resume();
        this.socket.close(1011, 'storage unavailable');
      },
    );
  }

  private receive(data: RawData, isBinary: boolean) {
    if (this.closed) return;
    if (this.binding !== null && this.call === null) {
      this.queued.push({ kind: 'frame', data, isBinary });
      if (this.queued.length >= MAX_QUEUED_FRAMES && !this.paused) {
        this.paused = true;
        this.deps.metrics.pausedStreams += 1;
        this.socket.pause();
      }
      return;
    }
    this.safely(() => this.handle(data, isBinary, false));
  }

  private detach(call: LiveCall) {
    this.deps.calls.detachStream(call).catch((error: unknown) => this.deps.log.error({ callId: call.callId, err: error }, 'could not close the stream of a call'));
  }

  private resume() {
    if (!this.paused) return;
    this.paused = false;
    this.deps.metrics.pausedStreams -= 1;
    if (!this.closed) this.socket.resume();
  }

  /** Never let one frame take the stream down: log (without the frame) and carry on. */
  private safely(work: () => void) {
    try {
      work();
    } catch (error) {
      this.deps.log.error({ callId: this.callId, err: error }, 'failed to handle transcript frame');
    }
  }

  private handle(data: RawData, isBinary: boolean, afterClose: boolean) {
    if (this.closed && !afterClose) return;
    const result = parseTranscriptionPacket(rawToString(data));
    if (!result.ok) {
      this.reject(result.reason, result.detail, isBinary);
      return;
    }
    const packet = result.packet;
    if (packet.kind === 'TranscriptionMetadata') {
      const metadataCallId = packet.transcriptionMetadata.callConnectionId;
      const expected = this.headerCallId ?? this.call?.callId;
      if (expected !== undefined && expected !== null && metadataCallId !== expected) {
        this.reject('call_id_mismatch', 'metadata names another call than the stream', false);
        return;
      }
      if (!this.binding) {
        // Metadata first, then the data that came before it, once the call is loaded.
        this.queued.push({ kind: 'packet', packet }, ...this.early.splice(0).map((waiting) => ({ kind: 'packet' as const, packet: waiting })));
        this.bind(metadataCallId);
        return;
      }
    }
    if (!this.call) {
      if (this.early.length >= MAX_EARLY_PACKETS) {
        this.reject('no_call_id', 'data before metadata on a stream without x-ms-call-connection-id', false);
        return;
      }
      this.early.push(packet);
      return;
    }
    this.apply(this.call, packet);
  }

  private apply(call: LiveCall, packet: TranscriptionPacket) {
    this.deps.metrics.packetsAccepted += 1;
    switch (packet.kind) {
      case 'TranscriptionMetadata':
        this.deps.calls.ingestMetadata(call, normalizeMetadata(packet.transcriptionMetadata));
        return;
      case 'TranscriptionData': {
        const outcome = this.deps.calls.ingestLine(call, normalizeTranscriptionData(packet.transcriptionData, call.lineContext()));
        if (outcome === 'repeat') this.deps.metrics.reject('duplicate_final');
        if (outcome === 'over_bound') this.refuseMore(call);
        return;
      }
      default: {
        const unreachable: never = packet;
        throw new Error(`unhandled packet kind ${String((unreachable as { kind?: unknown }).kind)}`);
      }
    }
  }

  /** The store is down and the buffer is full: stop this stream (ACS reconnects later) rather than drop finals. */
  private refuseMore(call: LiveCall) {
    if (this.closed) return;
    this.deps.metrics.refuse('store_backlog');
    this.deps.log.error({ callId: call.callId, bufferedFinals: this.deps.calls.storeHealth().bufferedFinals }, 'closing a transcript stream: the store is behind and the buffer of unstored finals is full');
    this.socket.close(CLOSE_TRY_AGAIN_LATER, 'store unavailable, try again later');
  }

  private reject(reason: string, detail: string, isBinary: boolean) {
    this.deps.metrics.reject(reason);
    this.deps.calls.countRejected(this.call, reason);
    const callId = this.callId ?? 'unknown';
    this.deps.warnings.warn(`${callId}:${reason}`, { callId, reason, detail, isBinary }, 'rejected transcript packet');
  }

  private onClose(code: number) {
    if (this.closed) return;
    this.closed = true;
    this.deps.metrics.activeStreams -= 1;
    this.deps.log.info({ callId: this.callId, code }, 'transcript stream closed');
    // While the call is still loading, the binding applies the queued frames and detaches (see bind).
    if (this.call) this.detach(this.call);
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
