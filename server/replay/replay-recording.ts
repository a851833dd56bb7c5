/**
 * Streams a recording into a transcript ingress exactly as ACS does: one WebSocket per stream with the
 * `x-ms-call-connection-id` / `x-ms-call-correlation-id` headers and a Bearer JWT signed by the development key.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import type { DevSigningKey } from '../ingress/dev-signing-key';
import type { RecordedStream } from './recording-format';

/** Gap between packets that carry no `atMs`. */
const DEFAULT_GAP_MS = 400;

export interface ReplayOptions {
  url: string;
  key: DevSigningKey;
  issuer: string;
  audience: string;
  /** 1 = recorded pace, 10 = ten times faster, Infinity = no waiting. */
  speed: number;
  onFrame?: (streamIndex: number, frameIndex: number) => void;
}

export async function signAcsToken(key: DevSigningKey, issuer: string, audience: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('1h')
    .setJti(randomUUID())
    .sign(key.privateKey);
}

export async function replayStreams(streams: RecordedStream[], options: ReplayOptions): Promise<void> {
  for (const [index, stream] of streams.entries()) await replayStream(stream, index, options);
}

async function replayStream(stream: RecordedStream, streamIndex: number, options: ReplayOptions): Promise<void> {
  const headers: Record<string, string> = { authorization: `Bearer ${await signAcsToken(options.key, options.issuer, options.audience)}` };
  if (stream.callConnectionId) headers['x-ms-call-connection-id'] = stream.callConnectionId;
  if (stream.correlationId) headers['x-ms-call-correlation-id'] = stream.correlationId;
  const socket = new WebSocket(options.url, { headers });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`ingress refused the stream: HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
  const started = Date.now();
  let previousAt = 0;
  for (const [frameIndex, { atMs, frame }] of stream.frames.entries()) {
    const at = atMs ?? previousAt + DEFAULT_GAP_MS;
    previousAt = at;
    const wait = started + at / options.speed - Date.now();
    if (Number.isFinite(wait) && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (socket.readyState !== WebSocket.OPEN) throw new Error(`ingress closed the stream at frame ${frameIndex + 1}`);
    await new Promise<void>((resolve, reject) => socket.send(frame, (error) => (error ? reject(error) : resolve())));
    options.onFrame?.(streamIndex, frameIndex);
  }
  await new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.close(1000, 'recording finished');
  });
}
