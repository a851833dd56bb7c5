/**
 * The ACS transcript WebSocket ingress at /ws/transcripts (the `transportUrl` given to ACS). The upgrade is
 * authenticated before the socket exists: a missing or bad Bearer JWT gets HTTP 401 and no packet is read.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CallService } from '../calls/call-service';
import { RateLimitedLog, type Logger } from '../log';
import { IngressMetrics } from './ingress-metrics';
import { StreamHeartbeat } from './stream-heartbeat';
import type { AcsJwtVerifier } from './jwt-verifier';
import { TranscriptStream } from './transcript-stream';

export const INGRESS_PATH = '/ws/transcripts';
const HEARTBEAT_INTERVAL_MS = 30_000;
const HEARTBEAT_TICK_MS = 1_000;
const MAX_ID_LENGTH = 256;

export interface TranscriptIngressOptions {
  calls: CallService;
  verify: AcsJwtVerifier;
  log: Logger;
  maxFrameBytes: number;
}

export class TranscriptIngress {
  readonly metrics = new IngressMetrics();
  private readonly wss: WebSocketServer;
  private readonly warnings: RateLimitedLog;
  private readonly heartbeat = new StreamHeartbeat<WebSocket>({ intervalMs: HEARTBEAT_INTERVAL_MS, tickMs: HEARTBEAT_TICK_MS, now: () => Date.now() });

  constructor(private readonly options: TranscriptIngressOptions) {
    // ws closes a socket whose frame exceeds maxPayload with 1009 (message too big).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, perMessageDeflate: false });
    this.warnings = new RateLimitedLog(options.log);
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const log = this.options.log;
    socket.on('error', () => socket.destroy());
    const callId = headerValue(req, 'x-ms-call-connection-id');
    const correlationId = headerValue(req, 'x-ms-call-correlation-id');
    if ((callId && callId.length > MAX_ID_LENGTH) || (correlationId && correlationId.length > MAX_ID_LENGTH)) {
      this.refuse(socket, 400, 'bad_header', 'call id header too long');
      return;
    }
    let check;
    try {
      check = await this.options.verify(req.headers.authorization);
    } catch (error) {
      log.error({ err: error }, 'token verification crashed');
      check = { ok: false as const, status: 503 as const, reason: 'verifier_error' };
    }
    if (!check.ok) {
      this.warnings.warn(`refused:${check.reason}`, { callId, reason: check.reason, remote: req.socket.remoteAddress }, 'refused transcript stream');
      this.refuse(socket, check.status, check.reason, check.status === 401 ? 'Unauthorized' : 'Service Unavailable');
      return;
    }
    if (!this.options.calls.acceptsFinals()) {
      // The store is down and the buffer of unstored finals is full: ACS retries later; nothing is lost meanwhile.
      this.warnings.warn('refused:store_backlog', { callId, reason: 'store_backlog' }, 'refused transcript stream: the store is behind');
      this.refuse(socket, 503, 'store_backlog', 'Service Unavailable');
      return;
    }
    if (socket.destroyed) return;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.heartbeat.add(ws);
      ws.on('pong', () => this.heartbeat.pong(ws));
      ws.on('close', () => this.heartbeat.remove(ws));
      log.info({ callId, correlationId }, 'transcript stream opened');
      new TranscriptStream(ws, callId, correlationId, {
        calls: this.options.calls,
        metrics: this.metrics,
        log,
        warnings: this.warnings,
      });
    });
  }

  async close() {
    this.heartbeat.close();
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private refuse(socket: Duplex, status: 400 | 401 | 503, reason: string, message: string) {
    this.metrics.refuse(reason);
    const body = JSON.stringify({ error: { code: reason, message } });
    const statusText = status === 401 ? 'Unauthorized' : status === 400 ? 'Bad Request' : 'Service Unavailable';
    socket.end(
      `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.trim() !== '' ? first.trim() : null;
}
