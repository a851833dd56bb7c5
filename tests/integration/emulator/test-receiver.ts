/**
 * Plays "the app" for emulator tests: an HTTP server that records callback events and Event Grid deliveries, and a
 * `ws` WebSocketServer that records transcription frames. It can fail callbacks, refuse or drop sockets, and answer
 * the Event Grid validation handshake, so tests observe the emulator only through the wire.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ReceivedEvent {
  type: string;
  data: Record<string, unknown> & { callConnectionId?: string; operationContext?: string };
  raw: Record<string, unknown>;
  path: string;
  authorization: string | undefined;
}

export interface ReceivedSocket {
  path: string;
  headers: IncomingHttpHeaders;
  frames: string[];
  closed: boolean;
  closeCode: number | undefined;
  socket: WebSocket;
}

export interface EventGridDelivery {
  headers: IncomingHttpHeaders;
  events: Record<string, unknown>[];
}

export class TestReceiver {
  readonly events: ReceivedEvent[] = [];
  readonly callbackAttempts: { path: string; status: number }[] = [];
  readonly sockets: ReceivedSocket[] = [];
  readonly eventGrid: EventGridDelivery[] = [];
  /** Callback POSTs to a path answer with the statuses queued for it first (e.g. [500, 503]), then 200. */
  readonly callbackFailures = new Map<string, number[]>();
  /** Answer the Event Grid handshake (true), or refuse it with 403 (false). */
  validateEventGrid = true;
  /** Refuse WebSocket upgrades with this HTTP status while set. */
  refuseUpgradesWith: number | undefined;
  onIncomingCall: ((data: Record<string, unknown>) => void) | undefined;

  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<TestReceiver> {
    let receiver: TestReceiver | undefined;
    const server = createServer((req, res) => {
      void receiver?.handle(req, res);
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => receiver?.upgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    receiver = new TestReceiver(server, `http://127.0.0.1:${port}`);
    return receiver;
  }

  callbackUrl(path = '/callbacks'): string {
    return `${this.url}${path}`;
  }

  wsUrl(path = '/ws'): string {
    return `${this.url.replace('http://', 'ws://')}${path}`;
  }

  get eventGridUrl(): string {
    return `${this.url}/eventgrid`;
  }

  eventsFor(callConnectionId: string, type?: string): ReceivedEvent[] {
    return this.events.filter(
      (event) => event.data.callConnectionId === callConnectionId && (type === undefined || event.type === `Microsoft.Communication.${type}`),
    );
  }

  typesFor(callConnectionId: string): string[] {
    return this.eventsFor(callConnectionId).map((event) => event.type.replace('Microsoft.Communication.', ''));
  }

  socketsFor(callConnectionId: string): ReceivedSocket[] {
    return this.sockets.filter((socket) => socket.headers['x-ms-call-connection-id'] === callConnectionId);
  }

  framesFor(callConnectionId: string): Record<string, unknown>[] {
    return this.socketsFor(callConnectionId).flatMap((socket) => socket.frames.map((frame) => JSON.parse(frame) as Record<string, unknown>));
  }

  incomingCalls(): Record<string, unknown>[] {
    return this.eventGrid
      .flatMap((delivery) => delivery.events)
      .filter((event) => event.eventType === 'Microsoft.Communication.IncomingCall')
      .map((event) => event.data as Record<string, unknown>);
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (path === '/eventgrid') {
      this.handleEventGrid(req, res, text);
      return;
    }
    if (path.startsWith('/callbacks')) {
      const status = this.callbackFailures.get(path)?.shift() ?? 200;
      this.callbackAttempts.push({ path, status });
      if (status === 200) {
        const events = JSON.parse(text) as Record<string, unknown>[];
        for (const raw of events) {
          this.events.push({
            type: String(raw.type),
            data: raw.data as ReceivedEvent['data'],
            raw,
            path,
            authorization: req.headers.authorization,
          });
        }
      }
      res.writeHead(status).end();
      return;
    }
    res.writeHead(404).end();
  }

  private handleEventGrid(req: IncomingMessage, res: ServerResponse, text: string): void {
    const events = JSON.parse(text) as Record<string, unknown>[];
    this.eventGrid.push({ headers: req.headers, events });
    const first = events[0];
    if (first?.eventType === 'Microsoft.EventGrid.SubscriptionValidationEvent') {
      if (!this.validateEventGrid) {
        res.writeHead(403).end();
        return;
      }
      const data = first.data as { validationCode: string };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ validationResponse: data.validationCode }));
      return;
    }
    res.writeHead(200).end();
    for (const event of events) {
      if (event.eventType === 'Microsoft.Communication.IncomingCall') this.onIncomingCall?.(event.data as Record<string, unknown>);
    }
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.refuseUpgradesWith !== undefined) {
      socket.end(`HTTP/1.1 ${this.refuseUpgradesWith} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const entry: ReceivedSocket = {
        path: new URL(req.url ?? '/', this.url).pathname,
        headers: req.headers,
        frames: [],
        closed: false,
        closeCode: undefined,
        socket: ws,
      };
      this.sockets.push(entry);
      ws.on('message', (data) => entry.frames.push(data.toString()));
      ws.on('close', (code) => {
        entry.closed = true;
        entry.closeCode = code;
      });
    });
  }
}
