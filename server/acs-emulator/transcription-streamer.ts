/**
 * One transcription stream: the WebSocket ACS opens to the app's `transportUrl` while transcription is active.
 * It connects with the `x-ms-call-connection-id` / `x-ms-call-correlation-id` headers and a fresh Bearer JWT per
 * connection, sends `TranscriptionMetadata` first on every connection, and then whatever the call feeds it.
 *
 * Failure handling, as the issue specifies for ACS:
 * - the first connection is tried a few times; if it never opens the owner hears `failed('connect')` (the call
 *   then sends TranscriptionFailed / streamConnectionUnsuccessful / 8581);
 * - a connection that drops mid-call is reopened with exponential backoff; once it is back the owner hears
 *   `connected(true)` (TranscriptionResumed). Final results spoken meanwhile are buffered and sent after the new
 *   metadata packet; intermediate results are dropped, they would be stale.
 */
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { backoffMs, TimerGroup } from './scaled-timers';
import { WEBSOCKET_TOKEN_LIFETIME_SECONDS, type SigningKeys } from './signing-keys';

const INITIAL_CONNECT_ATTEMPTS = 3;
const RECONNECT_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
/** Real (unscaled) time: this is the network, not the call. */
const HANDSHAKE_TIMEOUT_MS = 5_000;
const MAX_BUFFERED_FINALS = 200;

export interface StreamerCallbacks {
  /** The metadata packet for a new connection, built from the call's settings at that moment. */
  metadata(): unknown;
  /** True when an injected `transportConnect` fault makes this connection cycle fail. */
  takeTransportFault(): boolean;
  connected(reconnected: boolean): void;
  failed(phase: 'connect' | 'interrupted', detail: string): void;
}

export interface StreamerOptions {
  transportUrl: string;
  callConnectionId: string;
  correlationId: string;
  keys: SigningKeys;
  speedFactor: number;
  log: Logger;
  callbacks: StreamerCallbacks;
}

type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'stopped';

export class TranscriptionStreamer {
  private state: StreamState = 'idle';
  private socket: WebSocket | undefined;
  private readonly timers: TimerGroup;
  private readonly buffered: string[] = [];
  /** Packets sent on this stream, all connections together (for tests and logs). */
  sentPackets = 0;
  connections = 0;

  constructor(private readonly options: StreamerOptions) {
    this.timers = new TimerGroup(options.speedFactor, options.log);
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'connecting';
    void this.connectCycle(false);
  }

  /**
   * Sends a packet now, or buffers it while the stream is reconnecting. `droppable` packets (intermediate results)
   * are never buffered.
   */
  send(packet: unknown, droppable: boolean): void {
    const text = JSON.stringify(packet);
    if (this.state === 'open' && this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(text);
      this.sentPackets += 1;
      return;
    }
    if (droppable || this.state === 'stopped' || this.state === 'idle') return;
    if (this.buffered.length >= MAX_BUFFERED_FINALS) this.buffered.shift();
    this.buffered.push(text);
  }

  /** Closes the stream for good (stopTranscription, hang-up). */
  stop(reason = 'transcription stopped'): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.timers.close();
    this.buffered.length = 0;
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    if (socket.readyState === WebSocket.OPEN) socket.close(1000, reason);
    else socket.terminate();
  }

  private async connectCycle(reconnecting: boolean): Promise<void> {
    const { log, callbacks } = this.options;
    if (callbacks.takeTransportFault()) {
      this.giveUp(reconnecting, 'injected transportConnect fault');
      return;
    }
    const attempts = reconnecting ? RECONNECT_ATTEMPTS : INITIAL_CONNECT_ATTEMPTS;
    let lastFailure = 'not attempted';
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (this.state === 'stopped') return;
      if (attempt > 0 || reconnecting) {
        const fired = await this.timers.sleep(backoffMs(attempt, BACKOFF_BASE_MS, BACKOFF_CAP_MS));
        if (!fired || (this.state as StreamState) === 'stopped') return;
      }
      const result = await this.openSocket();
      if ((this.state as StreamState) === 'stopped') {
        if (result.ok) result.socket.terminate();
        return;
      }
      if (result.ok) {
        this.adopt(result.socket, reconnecting);
        return;
      }
      lastFailure = result.failure;
      log.warn({ attempt: attempt + 1, of: attempts, reconnecting, failure: lastFailure }, 'transcription stream connection failed');
    }
    this.giveUp(reconnecting, lastFailure);
  }

  private giveUp(reconnecting: boolean, detail: string): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.timers.close();
    this.buffered.length = 0;
    this.options.callbacks.failed(reconnecting ? 'interrupted' : 'connect', detail);
  }

  private async openSocket(): Promise<{ ok: true; socket: WebSocket } | { ok: false; failure: string }> {
    const { transportUrl, callConnectionId, correlationId, keys } = this.options;
    const token = await keys.sign({ subject: callConnectionId, lifetimeSeconds: WEBSOCKET_TOKEN_LIFETIME_SECONDS });
    return new Promise((resolve) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(transportUrl, {
          headers: {
            authorization: `Bearer ${token}`,
            'x-ms-call-connection-id': callConnectionId,
            'x-ms-call-correlation-id': correlationId,
          },
          handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
          perMessageDeflate: false,
        });
      } catch (error) {
        resolve({ ok: false, failure: error instanceof Error ? error.message : 'invalid transport url' });
        return;
      }
      const onError = (error: Error) => {
        socket.removeListener('open', onOpen);
        socket.terminate();
        resolve({ ok: false, failure: error.message.slice(0, 160) });
      };
      const onOpen = () => {
        socket.removeListener('error', onError);
        resolve({ ok: true, socket });
      };
      socket.once('error', onError);
      socket.once('open', onOpen);
    });
  }

  private adopt(socket: WebSocket, reconnected: boolean): void {
    const { log, callbacks } = this.options;
    this.socket = socket;
    this.state = 'open';
    this.connections += 1;
    socket.on('error', (error) => log.warn({ failure: error.message.slice(0, 160) }, 'transcription stream error'));
    // ACS does not expect anything from the app on this socket; ignore whatever it sends.
    socket.on('message', () => undefined);
    socket.once('close', (code) => {
      if (this.socket !== socket || this.state === 'stopped') return;
      this.socket = undefined;
      this.state = 'reconnecting';
      log.warn({ code }, 'transcription stream dropped; reconnecting');
      void this.connectCycle(true);
    });
    // Metadata always comes first on a connection, then whatever was buffered while it was down.
    socket.send(JSON.stringify(callbacks.metadata()));
    this.sentPackets += 1;
    for (const text of this.buffered.splice(0)) {
      socket.send(text);
      this.sentPackets += 1;
    }
    log.info({ reconnected }, 'transcription stream open');
    callbacks.connected(reconnected);
  }
}
