/**
 * Two Earshot instances — each the whole app as `npm start` runs it — on one PostgreSQL database and one Redis,
 * behind a load balancer, with the standalone emulator as their shared ACS. Nothing is mocked:
 * - a call streams into instance A while a browser on instance B watches the list and the call page;
 * - a control request on B reaches the call, and callbacks delivered to B settle operations started on A;
 * - logging out on A disconnects that session's sockets on B;
 * - A is killed with SIGKILL mid-call: ACS reconnects the stream through the balancer to B, numbering continues,
 *   no line is lost or repeated, and the browser on B sees the call go on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { CallHistory, CallListRow, ClientToServerEvents, FinalSegment, Result, ServerToClientEvents } from '../../lib/protocol';
import { callApiPath } from '../../lib/call-path';
import type { AcsEmulator } from '../../server/acs-emulator/emulator';
import type { PostgresCallStore } from '../../server/store/postgres-call-store';
import { startCluster, type Cluster } from '../helpers/cluster';
import type { LoadBalancer } from '../helpers/load-balancer';
import type { NextServer } from '../helpers/next-server';
import { postgresReachable, redisReachable } from '../helpers/services';
import { waitFor } from '../helpers/wait-for';

const available = (await postgresReachable()) && (await redisReachable());

type Browser = Socket<ServerToClientEvents, ClientToServerEvents>;

let cluster: Cluster;
let a: NextServer;
let b: NextServer;
let balancer: LoadBalancer;
let emulator: AcsEmulator;
let store: PostgresCallStore;
const browsers: Browser[] = [];

async function browser(server: NextServer, cookie?: string): Promise<Browser> {
  const socket: Browser = connectSocket(server.url, {
    transports: ['websocket'],
    extraHeaders: { cookie: cookie ?? (await server.login()), origin: server.url },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  browsers.push(socket);
  return socket;
}

function open(socket: Browser, callId: string, afterSeq = 0) {
  return new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq }, resolve));
}

async function post(server: NextServer, cookie: string, path: string, body: unknown) {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { cookie, origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe.skipIf(!available)('two instances on PostgreSQL and Redis', () => {
  beforeAll(async () => {
    cluster = await startCluster({ scenarioIds: ['long-technical-support'] });
    ({ a, b, balancer, emulator, store } = cluster);
    // Transcript streams and incoming calls go to A while it is up; ACS callbacks go to B.
    balancer.routing = (path, all) => {
      const [first, second] = path.startsWith('/api/acs/callbacks') ? [all[1], all[0]] : [all[0], all[1]];
      return [first, second].filter((backend) => backend !== undefined);
    };
  }, 300_000);

  afterAll(async () => {
    for (const socket of browsers) socket.disconnect();
    await cluster?.close();
  });

  it('streams into A while a browser on B watches; B controls it; callbacks on B settle A’s operations; a logout on A ends sockets on B; A dies and the call goes on through B', async () => {
    await waitFor(() => emulator.eventGridState() === 'validated', 20_000, 'Event Grid handshake through the balancer');
    const cookieB = await b.login();
    const watcher = await browser(b, cookieB);
    const listRows: CallListRow[] = [];
    watcher.on('calls:changed', (rows) => listRows.push(...rows));
    await new Promise((resolve) => watcher.emit('calls:watch', resolve));

    const placed = emulator.placeIncomingCall({ scenarioId: 'long-technical-support' });
    const callId = await waitFor(() => emulator.calls.list().find((call) => call.ids.serverCallId === placed.serverCallId)?.ids.callConnectionId, 20_000, 'A answers');
    expect(balancer.served.get('A /api/acs/incoming-call')).toBeGreaterThanOrEqual(1);

    // The answer was requested on A; its confirmation (CallConnected) was delivered to B.
    // (The balancer counts a request once it has answered: B answers ACS after storing the change.)
    await waitFor(async () => (await store.getCall(callId))?.state === 'connected' && (balancer.served.get('B /api/acs/callbacks') ?? 0) >= 1, 20_000, 'CallConnected, delivered to B, settles the answer');
    expect((await store.getCall(callId))?.pending).toEqual([]);
    const audit = (await store.listAudit(callId)).map((entry) => `${entry.action}:${entry.outcome}`);
    expect(audit).toEqual(expect.arrayContaining(['answer-call:requested', 'answer-call:confirmed']));

    // The stream is on A; the browser on B sees the list row and the call's lines live.
    await waitFor(() => (balancer.served.get('A /ws/transcripts') ?? 0) >= 1, 20_000, 'the stream goes to A');
    const live: FinalSegment[] = [];
    watcher.on('call:segment', (segment) => {
      if (segment.callId === callId) live.push(segment);
    });
    const history = await open(watcher, callId);
    expect(history.ok).toBe(true);
    await waitFor(() => live.length >= 3, 30_000, 'lines from A reach the browser on B');
    await waitFor(() => listRows.some((row) => row.callId === callId && row.lastSeq > 0), 10_000, 'the list row reaches B');

    // A control request on B reaches the call; the callback that settles it lands on B, the summary on the page.
    const summaries: string[] = [];
    watcher.on('call:summary', (summary) => summaries.push(summary.id));
    const summarize = await post(b, cookieB, callApiPath(callId, 'summarize'), {});
    expect(summarize.status).toBe(202);
    await waitFor(() => summaries.length === 1, 20_000, 'the summary reaches the browser on B');
    await waitFor(async () => (await store.getCall(callId))?.pending.length === 0, 10_000, 'the summary request settles');

    // Logging out on A ends the same session's socket on B.
    const cookieA = await a.login();
    const sameSessionOnB = await browser(b, cookieA);
    const ended = new Promise<string>((resolve) => sameSessionOnB.on('session:ended', (event) => resolve(event.reason)));
    const disconnected = new Promise<void>((resolve) => sameSessionOnB.on('disconnect', () => resolve()));
    expect((await post(a, cookieA, '/api/auth/logout', {})).status).toBe(200);
    expect(await ended).toBe('logged_out');
    await disconnected;
    expect(watcher.connected).toBe(true);

    // A dies mid-call. ACS reconnects the stream; the balancer sends it to B; the call goes on.
    const beforeKill = live.length;
    await a.kill();
    await waitFor(() => (balancer.served.get('B /ws/transcripts') ?? 0) >= 1, 30_000, 'the stream reconnects to B');
    await waitFor(() => live.length >= beforeKill + 3, 30_000, 'lines keep reaching the browser on B');
    const stored = await store.segmentsAfter(callId, 0, 10_000);
    expect(stored.map((segment) => segment.seq)).toEqual(Array.from({ length: stored.length }, (_, index) => index + 1));
    expect(new Set(stored.map((segment) => `${segment.speaker.rawId}|${segment.offsetMs}|${segment.text}`)).size).toBe(stored.length);
    const seen = [...new Map(live.map((segment) => [segment.seq, segment.text])).entries()].sort((x, y) => x[0] - y[0]);
    for (const [seq, text] of seen) expect(stored[seq - 1]?.text).toBe(text);
    expect((await store.getCall(callId))?.state).toBe('connected');
  });
});
