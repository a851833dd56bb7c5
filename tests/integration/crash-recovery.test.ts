/**
 * kill -9 under load. Calls stream into a server process; a browser watches them; the process is killed without
 * warning mid-stream and started again on the same port and database. ACS reconnects most streams and, as it may,
 * sends the last finals again; a few calls never come back. Then:
 * - every final is stored exactly once, and every call's sequence numbers run 1…n without a gap or a repeat;
 * - every line the browser saw before the kill (those were committed) is stored with the same number;
 * - the browser, reconnecting and catching up as the dashboard does, shows each call's lines once, in order;
 * - the calls whose streams did not come back are ended.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { logToArray } from '../../lib/append-log';
import { initialCallState, reduceCallEvent, selectNeedsCatchUp, type CallViewState } from '../../lib/call-state';
import type { CallHistory, ClientToServerEvents, Result, ServerToClientEvents } from '../../lib/protocol';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { dataPacket, metadataPacket, startTestAcs, tempDatabasePath, type TestAcs } from '../helpers/earshot-harness';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait-for';

const CALLS = 24;
const NOT_COMING_BACK = 4;
const FINALS_PER_SECOND_PER_CALL = 20;
/** How many of its last finals a reconnected stream sends again. */
const RESENT = 40;

type Browser = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One call as ACS plays it: numbered finals on a WebSocket that reconnects after a drop and resends its tail. */
class AcsCall {
  readonly callId = randomUUID();
  sent: string[] = [];
  private socket: WebSocket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private next = 1;

  constructor(
    private readonly acs: TestAcs,
    private readonly url: () => string,
  ) {}

  async connect(resend: boolean) {
    const socket = new WebSocket(`${this.url().replace('http', 'ws')}/ws/transcripts`, { headers: { authorization: `Bearer ${await this.acs.sign()}`, 'x-ms-call-connection-id': this.callId } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    this.socket = socket;
    socket.send(JSON.stringify(metadataPacket(this.callId)));
    if (resend) for (const text of this.sent.slice(-RESENT)) socket.send(JSON.stringify(this.packet(text)));
  }

  start() {
    this.timer = setInterval(() => {
      if (this.socket?.readyState !== WebSocket.OPEN) return;
      const text = `${this.callId.slice(0, 8)} line ${this.next}`;
      this.next += 1;
      this.sent.push(text);
      this.socket.send(JSON.stringify(this.packet(text)));
    }, 1000 / FINALS_PER_SECOND_PER_CALL);
  }

  pause() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async close() {
    this.pause();
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000);
    });
  }

  abandon() {
    this.pause();
    this.socket?.terminate();
  }

  private packet(text: string) {
    // The offset is what makes a line itself: a resent line has the same one.
    const index = Number(text.split(' line ')[1]);
    return dataPacket(text, { offsetMs: index * 500 });
  }
}

/** The dashboard's transcript logic (lib/call-state) over one socket, reconnecting and catching up like use-call. */
class WatchingBrowser {
  views = new Map<string, CallViewState>();
  socket: Browser | null = null;

  constructor(private readonly callIds: string[]) {
    for (const callId of callIds) this.views.set(callId, initialCallState(callId));
  }

  async connect(url: string, cookie: string) {
    const socket: Browser = connectSocket(url, { transports: ['websocket'], extraHeaders: { cookie, origin: url }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.on('call:segment', (segment) => this.apply(segment.callId, { type: 'final-received', segment }));
    this.socket = socket;
    await Promise.all(this.callIds.map((callId) => this.open(callId)));
  }

  async state(callId: string) {
    const socket = this.socket;
    if (!socket) return null;
    const result = await new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq: 1_000_000 }, resolve));
    return result.ok ? result.data.call.state : result.error.code;
  }

  seen(callId: string) {
    const view = this.views.get(callId);
    return view ? logToArray(view.finals) : [];
  }

  private apply(callId: string, event: Parameters<typeof reduceCallEvent>[1]) {
    const view = this.views.get(callId);
    if (!view) return;
    const next = reduceCallEvent(view, event);
    this.views.set(callId, next);
    if (selectNeedsCatchUp(next)) void this.open(callId);
  }

  private async open(callId: string) {
    const socket = this.socket;
    const afterSeq = this.views.get(callId)?.lastSeq ?? 0;
    if (!socket?.connected) return;
    const result = await new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq }, resolve));
    if (result.ok) this.apply(callId, { type: 'history-received', afterSeq, history: result.data });
  }
}

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

describe('a server killed with SIGKILL mid-stream', () => {
  it('loses no committed final, repeats none, continues numbering, lets browsers catch up, and ends calls that never came back', async () => {
    const acs = await startTestAcs();
    cleanup.push(() => acs.close());
    const databasePath = tempDatabasePath();
    const port = await freePort();
    const env = { STREAM_RECONNECT_GRACE_SECONDS: '2', CALL_LIST_INTERVAL_MS: '200' };
    let server: ServerProcess = await startServerProcess({ databasePath, jwksUrl: acs.jwksUrl, port, env });
    cleanup.push(() => server.stop());
    const calls = Array.from({ length: CALLS }, () => new AcsCall(acs, () => server.url));
    await Promise.all(calls.map((call) => call.connect(false)));
    const browser = new WatchingBrowser(calls.map((call) => call.callId));
    await browser.connect(server.url, server.cookie);
    cleanup.push(async () => void browser.socket?.disconnect());
    for (const call of calls) call.start();

    await waitFor(() => calls.every((call) => browser.seen(call.callId).length >= 20), 20_000, 'every call has lines on screen');
    await server.kill();
    for (const call of calls) call.pause();
    // Committed before the kill: what the browser was shown.
    const shownBeforeKill = new Map(calls.map((call) => [call.callId, browser.seen(call.callId).map((segment) => `${segment.seq}:${segment.text}`)]));
    browser.socket?.disconnect();

    server = await startServerProcess({ databasePath, jwksUrl: acs.jwksUrl, port, env });
    const returning = calls.slice(NOT_COMING_BACK);
    const gone = calls.slice(0, NOT_COMING_BACK);
    for (const call of gone) call.abandon();
    await Promise.all(returning.map((call) => call.connect(true)));
    await browser.connect(server.url, server.cookie);
    for (const call of returning) call.start();
    const sentAtRestart = new Map(returning.map((call) => [call.callId, call.sent.length]));
    await waitFor(() => returning.every((call) => browser.seen(call.callId).length >= (sentAtRestart.get(call.callId) ?? 0) + 20), 20_000, 'lines flow again after the restart');
    for (const call of returning) call.pause();

    // Everything sent is stored and shown; then the streams end.
    await waitFor(() => returning.every((call) => browser.seen(call.callId).length === call.sent.length), 20_000, 'the browser has every line');
    await Promise.all(returning.map((call) => call.close()));
    // The calls that never came back are ended once the grace period (2 s here) is over.
    await waitFor(async () => {
      const states = await Promise.all(gone.map((call) => browser.state(call.callId)));
      return states.every((state) => state === 'disconnected');
    }, 15_000, 'the abandoned calls end', 500);
    await server.stop();
    browser.socket?.disconnect();

    const store = await openSqliteCallStore(databasePath);
    cleanup.push(() => store.close());
    const problems: string[] = [];
    for (const call of calls) {
      const stored = await store.segmentsAfter(call.callId, 0, 100_000);
      const texts = stored.map((segment) => segment.text);
      const seqs = stored.map((segment) => segment.seq);
      if (new Set(texts).size !== texts.length) problems.push(`${call.callId}: a line is stored twice`);
      if (seqs.some((seq, index) => seq !== index + 1)) problems.push(`${call.callId}: sequence numbers have a gap or a repeat`);
      const storedBySeq = new Set(stored.map((segment) => `${segment.seq}:${segment.text}`));
      const lost = (shownBeforeKill.get(call.callId) ?? []).filter((line) => !storedBySeq.has(line));
      if (lost.length > 0) problems.push(`${call.callId}: ${lost.length} lines shown before the kill are not stored as shown`);
      if (returning.includes(call)) {
        if (texts.length !== call.sent.length || call.sent.some((text) => !texts.includes(text))) problems.push(`${call.callId}: stored ${texts.length} of ${call.sent.length} sent`);
        const shown = browser.seen(call.callId).map((segment) => `${segment.seq}:${segment.text}`);
        if (shown.join('|') !== stored.map((segment) => `${segment.seq}:${segment.text}`).join('|')) problems.push(`${call.callId}: the browser shows something other than the store`);
      }
    }
    expect(problems).toEqual([]);
    // The calls that never came back were ended after the grace period (the returning ones by their stream closing).
    for (const call of calls) expect((await store.getCall(call.callId))?.state).toBe('disconnected');
    const abandoned = await Promise.all(gone.map((call) => store.getCall(call.callId)));
    expect(abandoned.every((call) => call?.endedAt !== null)).toBe(true);
  });
});
