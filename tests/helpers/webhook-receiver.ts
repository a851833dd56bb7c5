/**
 * Webhook receivers for tests: a real HTTP server on a free port that records every request and answers as the
 * test says; and the receiver-side signature check README shows (the same code, typed).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** README's verifier: parse the header, recompute HMAC-SHA256 over `t.body`, compare in constant time, 5-minute window. */
export function verifyEarshotSignature(header: string, rawBody: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
  /** The address the request came in on (which of the host's addresses the client connected to). */
  localAddress: string;
}

/** An answer; `hang` never answers, `reset` drops the connection without one (a receiver closing a kept one). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'reset';

export interface WebhookReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Connections accepted so far. */
  connections(): number;
  /** Connections open now. */
  openConnections(): number;
  /** Requests still waiting for an answer (a receiver that hangs). */
  open(): number;
  /** Decides the answer to each request (default 200). */
  answer: (request: ReceivedRequest, index: number) => Answer;
  close(): Promise<void>;
}

/** `host` is where it listens (0.0.0.0 answers on every loopback address: 127.0.0.2 as well as 127.0.0.1). */
export async function startReceiver(answer: WebhookReceiver['answer'] = () => ({ status: 200 }), host = '127.0.0.1'): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let accepted = 0;
  const receiver: WebhookReceiver = {
    url: '',
    port: 0,
    requests,
    connections: () => accepted,
    openConnections: () => sockets.size,
    open: () => hanging.size,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), localAddress: req.socket.localAddress ?? '' };
      requests.push(request);
      const reply = receiver.answer(request, requests.length - 1);
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      if (reply === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? 'ok');
    });
  });
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}
