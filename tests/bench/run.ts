/**
 * npm run bench — the scale target: 2,000 concurrent calls (about 6,000 packets a second) on one server with
 * sub-100 ms delivery to browsers. Earshot runs in a child process; this process plays ACS (one WebSocket per
 * call) and the supervisors (call-list watchers and per-call viewers), then prints throughput and latency.
 * Everything stays on loopback and stops by itself. Tune with BENCH_CALLS, BENCH_RATE, BENCH_SECONDS,
 * BENCH_VIEWERS, BENCH_WATCHERS.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { CallListRow, ClientToServerEvents, FinalSegment, ServerToClientEvents } from '../../lib/protocol';
import { startTestAcs, SUPERVISOR, TEST_AUDIENCE } from '../helpers/earshot-harness';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 50);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 10);

function percentile(sorted: number[], p: number) {
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);
}

async function main() {
  const acs = await startTestAcs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-'));
  // BENCH_PROFILE=dir writes a CPU profile of the server process there.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(import.meta.dirname, 'bench-server.ts')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_PATH: path.join(dir, 'bench.db'),
      SUPERVISOR_USERNAME: SUPERVISOR.username,
      SUPERVISOR_PASSWORD: SUPERVISOR.password,
      ACS_JWKS_URL: acs.jwksUrl,
      ACS_JWT_AUDIENCE: TEST_AUDIENCE,
      ACS_TRUST_DEV_KEY: 'false',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [url, cookie] = await new Promise<[string, string]>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /READY (\S+) (\S+)/.exec(chunk.toString());
      if (match?.[1] && match[2]) resolve([match[1], match[2]]);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const stop = () => {
    child.kill('SIGTERM');
    void acs.close();
  };

  try {
    process.stdout.write(`Earshot at ${url}; opening ${CALLS} ACS streams…\n`);

    const callIds = Array.from({ length: CALLS }, () => randomUUID());
    const token = await acs.sign({ expiresIn: '1h' });
    const streams: WebSocket[] = [];
    for (let start = 0; start < CALLS; start += 100) {
      const batch = callIds.slice(start, start + 100).map(
        (callId) =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(`${url.replace('http', 'ws')}/ws/transcripts`, { headers: { authorization: `Bearer ${token}`, 'x-ms-call-connection-id': callId } });
            socket.once('open', () => {
              socket.send(JSON.stringify({ kind: 'TranscriptionMetadata', transcriptionMetadata: { callConnectionId: callId, locale: 'en-US', enableSentimentAnalysis: true } }));
              resolve(socket);
            });
            socket.once('error', reject);
          }),
      );
      streams.push(...(await Promise.all(batch)));
    }

    const latencies: number[] = [];
    let listRows = 0;
    const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
    const connect = () =>
      new Promise<Socket<ServerToClientEvents, ClientToServerEvents>>((resolve, reject) => {
        const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnection: false });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
        sockets.push(socket);
      });
    for (let index = 0; index < WATCHERS; index += 1) {
      const socket = await connect();
      socket.on('calls:changed', (rows: CallListRow[]) => {
        listRows += rows.length;
      });
      await new Promise((resolve) => socket.emit('calls:watch', resolve));
    }
    for (let index = 0; index < VIEWERS; index += 1) {
      const socket = await connect();
      socket.on('call:segment', (segment: FinalSegment) => {
        const sentAt = Number(/sent=(\d+)/.exec(segment.text)?.[1]);
        if (Number.isFinite(sentAt)) latencies.push(Date.now() - sentAt);
      });
      await new Promise((resolve) => socket.emit('call:open', { callId: callIds[index % CALLS] ?? '', afterSeq: 0 }, resolve));
    }

    process.stdout.write(`Streaming ${RATE} packets/s per call for ${SECONDS}s (${CALLS * RATE} packets/s), ${WATCHERS} list watchers, ${VIEWERS} call viewers…\n`);
    let sent = 0;
    const started = Date.now();
    const tickMs = 100;
    const perTick = (CALLS * RATE * tickMs) / 1000;
    let carry = 0;
    let cursor = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (Date.now() - started >= SECONDS * 1000) {
          clearInterval(timer);
          resolve();
          return;
        }
        carry += perTick;
        const count = Math.floor(carry);
        carry -= count;
        for (let index = 0; index < count; index += 1) {
          const socket = streams[cursor % CALLS];
          cursor += 1;
          const final = cursor % 3 === 0;
          socket?.send(
            JSON.stringify({
              kind: 'TranscriptionData',
              transcriptionData: {
                text: `Benchmark line sent=${Date.now()} with a few more words`,
                offset: cursor * 10_000_000,
                duration: 9_000_000,
                confidence: 0.9,
                words: [],
                participantRawID: '4:+14255550100',
                resultStatus: final ? 'Final' : 'Intermediate',
                sentimentAnalysisResult: { sentiment: 'neutral' },
              },
            }),
          );
          sent += 1;
        }
      }, tickMs);
    });
    const elapsed = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const health = (await (await fetch(`${url}/api/health`)).json()) as { ingress: { packetsAccepted: number; packetsRejected: Record<string, number> } };
    const sorted = latencies.sort((a, b) => a - b);
    const report = {
      calls: CALLS,
      packetsSent: sent,
      sendRatePerSecond: Math.round(sent / elapsed),
      packetsAccepted: health.ingress.packetsAccepted,
      packetsRejected: health.ingress.packetsRejected,
      finalDeliveries: sorted.length,
      latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? null },
      listRowsPerWatcherPerSecond: Math.round(listRows / WATCHERS / elapsed),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`target: p95 < 100 ms at ${CALLS * RATE} packets/s — ${report.latencyMs.p95 < 100 ? 'MET' : 'NOT MET'}\n`);
    for (const socket of sockets) socket.disconnect();
    for (const stream of streams) stream.terminate();
  } finally {
    stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
