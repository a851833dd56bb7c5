/**
 * One ACS transcript WebSocket. Frames are handled strictly in order; a bad frame is counted, logged
 * (rate-limited) and skipped, and the stream goes on. Data that arrives before the stream knows its call
 * (no `x-ms-call-connection-id` header and no metadata yet) waits in a small buffer.
 */
import type { RawData, WebSocket } from 'ws';
import { parseTranscriptionPacket, type TranscriptionPacket } from '../../lib/acs/transcription-packets';
import type { CallService } from '../calls/call-service';
import type { LiveCall } from '../calls/live-call';
import type { Logger, RateLimitedLog } from '../log';
import type { IngressMetrics } from './ingress-metrics';

const MAX_EARLY_PACKETS = 200;

export interface TranscriptStreamDeps {
  calls: CallService;
  metrics: IngressMetrics;
  log: Logger;
  warnings: RateLimitedLog;
}

export class TranscriptStream {
  private call: LiveCall | null = null;
  private binding: Promise<LiveCall> | null = null;
  private readonly early: TranscriptionPacket[] = [];
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly headerCallId: string | null,
    private readonly correlationId: string | null,
    private readonly deps: TranscriptStreamDeps,
  ) {
    deps.metrics.activeStreams += 1;
    if (headerCallId) this.bind(headerCallId);
    socket.on('message', (data, isBinary) => this.enqueue(data, isBinary));
    socket.on('close', (code) => this.onClose(code));
    socket.on('error', (error) => deps.log.warn({ callId: this.callId, err: error.message }, 'transcript socket error'));
  }

  get callId(): string | null {
    return this.call?.callId ?? this.headerCallId;
  }

  private bind(callId: string) {
    this.binding = this.deps.calls.attachStream(callId, this.correlationId).then((call) => {
      this.call = call;
      return call;
    });
    this.binding.catch((error: unknown) => {
      this.deps.log.error({ callId, err: error }, 'could not open call for transcript stream');
      this.socket.close(1011, 'storage unavailable');
    });
  }

  private enqueue(data: RawData, isBinary: boolean) {
    this.chain = this.chain
      .then(() => this.handle(data, isBinary))
      .catch((error: unknown) => {
        // Never let one frame take the stream down: log and carry on.
        this.deps.log.error({ callId: this.callId, err: error }, 'failed to handle transcript frame');
      });
  }

  private async handle(data: RawData, isBinary: boolean) {
    if (this.closed) return;
    const text = rawToString(data);
    const result = parseTranscriptionPacket(text);
    if (!result.ok) {
      this.reject(result.reason, result.detail, isBinary);
      return;
    }
    const packet = result.packet;
    if (packet.kind === 'TranscriptionMetadata') {
      const metadataCallId = packet.transcriptionMetadata.callConnectionId;
      const expected = this.headerCallId ?? this.call?.callId;
      if (expected !== undefined && expected !== null && metadataCallId !== expected) {
        this.reject('call_id_mismatch', `metadata names ${metadataCallId}, stream is for ${expected}`, false);
        return;
      }
      if (!this.binding) this.bind(metadataCallId);
    }
    if (!this.binding) {
      if (this.early.length >= MAX_EARLY_PACKETS) {
        this.reject('no_call_id', 'data before metadata on a stream without x-ms-call-connection-id', false);
        return;
      }
      this.early.push(packet);
      return;
    }
    const call = this.call ?? (await this.binding);
    for (const waiting of this.early.splice(0)) this.apply(call, waiting);
    this.apply(call, packet);
  }

  private apply(call: LiveCall, packet: TranscriptionPacket) {
    this.deps.metrics.packetsAccepted += 1;
    switch (packet.kind) {
      case 'TranscriptionMetadata':
        this.deps.calls.ingestMetadata(call, packet.transcriptionMetadata);
        return;
      case 'TranscriptionData':
        this.deps.calls.ingestData(call, packet.transcriptionData);
        return;
      default: {
        const unreachable: never = packet;
        throw new Error(`unhandled packet ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private reject(reason: string, detail: string, isBinary: boolean) {
    this.deps.metrics.reject(reason);
    this.deps.calls.countRejected(this.call, reason);
    const callId = this.callId ?? 'unknown';
    this.deps.warnings.warn(`${callId}:${reason}`, { callId, reason, detail, isBinary }, 'rejected transcript packet');
  }

  private onClose(code: number) {
    this.closed = true;
    this.deps.metrics.activeStreams -= 1;
    this.deps.log.info({ callId: this.callId, code }, 'transcript stream closed');
    // Let frames already received finish before the call is told the stream is gone.
    void this.chain.then(async () => {
      const call = this.call ?? (this.binding ? await this.binding.catch(() => null) : null);
      if (call) this.deps.calls.detachStream(call);
    });
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
