/**
 * Test harness: a real Earshot server (no Next) on a free port with its own SQLite file, an ACS-like JWKS
 * served over HTTP, ACS-like transcript sockets and logged-in socket.io clients.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { io as connectSocket, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/protocol';
import { loadConfig } from '../../server/config';
import { createEarshotServer, type EarshotServer, type EarshotServerOptions } from '../../server/create-app';
import { createLogger, type Logger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';

export const TEST_ISSUER = 'https://acscallautomation.communication.azure.com';
export const TEST_AUDIENCE = 'test-acs-resource';
export const SUPERVISOR = { username: 'sam', password: 'correct-horse-battery' };

export interface TestAcs {
  jwksUrl: string;
  sign(claims?: { issuer?: string; audience?: string; expiresIn?: string }): Promise<string>;
  close(): Promise<void>;
}

/** An ACS stand-in for authentication: an RS256 key and its JWKS over HTTP. */
export async function startTestAcs(): Promise<TestAcs> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'test-acs-key';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const server: Server = createServer((req, res) => {
    res.writeHead(req.url === '/calling/keys' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/calling/keys' ? JSON.stringify(jwks) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    jwksUrl: `http://127.0.0.1:${port}/calling/keys`,
    sign: (claims = {}) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(claims.issuer ?? TEST_ISSUER)
        .setAudience(claims.audience ?? TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(claims.expiresIn ?? '5m')
        .sign(privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function tempDatabasePath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-test-'));
  return path.join(dir, 'earshot.db');
}

export interface StartEarshotOptions {
  databasePath: string;
  jwksUrl: string;
  env?: Record<string, string>;
  acsConnectionString?: string;
  /** The clock sessions expire by. */
  now?: () => number;
  sessionCheckIntervalMs?: number;
  socketLimits?: EarshotServerOptions['socketLimits'];
  /** A store the test holds (to inject real faults); the server closes it. */
  store?: CallStore;
  /** A logger the test reads. */
  log?: Logger;
  /** Stands in for Next: what requests that pass the gate reach. */
  handleRequest?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Where raised alerts go besides the store and the browsers. */
  alertSinks?: EarshotServerOptions['alertSinks'];
}

export async function startEarshot(options: StartEarshotOptions): Promise<EarshotServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_PATH: options.databasePath,
    SUPERVISOR_USERNAME: SUPERVISOR.username,
    SUPERVISOR_PASSWORD: SUPERVISOR.password,
    ACS_JWKS_URL: options.jwksUrl,
    ACS_JWT_AUDIENCE: TEST_AUDIENCE,
    ACS_TRUST_DEV_KEY: 'false',
    CALL_LIST_INTERVAL_MS: '100',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  return createEarshotServer({
    config,
    log: options.log ?? createLogger('silent'),
    store: options.store,
    acsConnectionString: options.acsConnectionString,
    now: options.now,
    sessionCheckIntervalMs: options.sessionCheckIntervalMs,
    handleRequest: options.handleRequest,
    socketLimits: options.socketLimits,
    alertSinks: options.alertSinks,
  });
}

export type SupervisorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function loginCookie(server: EarshotServer): Promise<string> {
  const result = await server.auth.login(SUPERVISOR.username, SUPERVISOR.password, 'test');
  if (!result.ok) throw new Error(result.message);
  return `earshot_session=${result.token}`;
}

/** `origin`: the Origin header to send, as a browser would (socket.io-client in Node sends none by itself). */
export async function connectSupervisor(server: EarshotServer, cookie?: string, options: { origin?: string } = {}): Promise<SupervisorSocket> {
  const socket: SupervisorSocket = connectSocket(server.url, {
    transports: ['websocket'],
    extraHeaders: { cookie: cookie ?? (await loginCookie(server)), ...(options.origin === undefined ? {} : { origin: options.origin }) },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

export interface AcsStream {
  socket: WebSocket;
  send(packet: unknown): Promise<void>;
  sendRaw(frame: string): Promise<void>;
  close(): Promise<void>;
}

export async function openAcsStream(server: EarshotServer, token: string | null, headers: Record<string, string> = {}): Promise<AcsStream> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/transcripts`, {
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new UpgradeRefused(res.statusCode ?? 0)));
    socket.once('error', reject);
  });
  const sendRaw = (frame: string) => new Promise<void>((resolve, reject) => socket.send(frame, (error) => (error ? reject(error) : resolve())));
  return {
    socket,
    sendRaw,
    send: (packet) => sendRaw(JSON.stringify(packet)),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(1000);
      }),
  };
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

export function metadataPacket(callConnectionId: string, extra: Record<string, unknown> = {}) {
  return {
    kind: 'TranscriptionMetadata',
    transcriptionMetadata: { subscriptionId: 'sub-1', locale: 'en-US', callConnectionId, correlationId: 'corr-1', ...extra },
  };
}

export function dataPacket(text: string, options: { status?: string; speaker?: string; offsetMs?: number; sentiment?: string; language?: string } = {}) {
  return {
    kind: 'TranscriptionData',
    transcriptionData: {
      text,
      format: 'display',
      confidence: 0.9,
      offset: (options.offsetMs ?? 0) * 10_000,
      duration: 10_000_000,
      words: [],
      participantRawID: options.speaker ?? '4:+14255550100',
      resultStatus: options.status ?? 'Final',
      ...(options.sentiment ? { sentimentAnalysisResult: { sentiment: options.sentiment } } : {}),
      ...(options.language ? { languageIdentified: options.language } : {}),
    },
  };
}

/** A logger whose JSON lines the test can read. */
export function capturingLogger(level = 'debug'): { log: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, 'earshot', {
    write(line: string) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { log, lines: () => [...lines] };
}
