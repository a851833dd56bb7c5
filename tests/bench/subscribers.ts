/**
 * The benchmark's browsers, in their own process (a real browser has its own, and decoding what five of them
 * receive must not delay the measurement of when it arrived): every call is watched by exactly one subscriber.
 * Reads its job from argv; prints `READY` once subscribed, and on a line on stdin (`measure`) starts keeping
 * latencies; on `report` prints a JSON report and exits.
 */
import { createInterface } from 'node:readline';
import { io as connectSocket, type Socket } from 'socket.io-client';

interface Job {
  target: 'relay' | 'earshot' | 'earshot-rules';
  url: string;
  cookie: string;
  callIds: string[];
  subscribers: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const delivered = new Map<string, number>();
const seen = new Set<string>();
let duplicates = 0;
let measuring = false;
const latencies: number[] = [];
/** When each measured final was sent (epoch ms), beside its latency: the runner splits the p99 by time. */
const sentTimes: number[] = [];
/** Earshot stamps each final with when it received it: the delay splits into ACS → server and server → browser. */
const toServer: number[] = [];
const fromServer: number[] = [];

function onFinal(callId: string, text: string, receivedAt?: number) {
  const key = `${callId}|${text}`;
  if (seen.has(key)) duplicates += 1;
  seen.add(key);
  delivered.set(callId, (delivered.get(callId) ?? 0) + 1);
  if (!measuring) return;
  const sentAt = Number(/sent=(\d+)/.exec(text)?.[1]);
  if (!Number.isFinite(sentAt)) return;
  const now = Date.now();
  latencies.push(now - sentAt);
  sentTimes.push(sentAt);
  if (receivedAt !== undefined) {
    toServer.push(receivedAt - sentAt);
    fromServer.push(now - receivedAt);
  }
}

const sockets: Socket[] = [];
for (let index = 0; index < job.subscribers; index += 1) {
  const mine = job.callIds.filter((_, call) => call % job.subscribers === index);
  const socket = connectSocket(job.url, { transports: ['websocket'], extraHeaders: job.cookie === 'none' ? {} : { cookie: job.cookie, origin: job.url }, forceNew: true, reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  if (job.target === 'relay') {
    socket.on('call:segment', (callId: string, packet: { transcriptionData: { text: string } }) => onFinal(callId, packet.transcriptionData.text));
    await new Promise<void>((resolve) => socket.emit('join', mine, () => resolve()));
  } else {
    socket.on('call:segment', (segment: { callId: string; text: string; receivedAt: number }) => onFinal(segment.callId, segment.text, segment.receivedAt));
    await new Promise((resolve) => socket.emit('calls:watch', resolve));
    for (let start = 0; start < mine.length; start += 50) {
      await Promise.all(mine.slice(start, start + 50).map((callId) => new Promise((resolve) => socket.emit('call:open', { callId, afterSeq: 0 }, resolve))));
    }
  }
}
process.stdout.write('READY\n');

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'measure') measuring = true;
  if (line === 'report') {
    const deliveredTotal = [...delivered.values()].reduce((sum, count) => sum + count, 0);
    for (const socket of sockets) socket.disconnect();
    // A pipe's write is asynchronous: exit only once the (long) report is out.
    process.stdout.write(`REPORT ${JSON.stringify({ delivered: deliveredTotal, duplicates, latencies, sentTimes, toServer, fromServer })}\n`, () => process.exit(0));
  }
}
