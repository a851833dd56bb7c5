/**
 * The database fails under a live call: it turns read-only, or the disk fills. Real SQLite faults on the real store
 * (`query_only`, `max_page_count`), not a mock. The ingress keeps its connections, health says what is wrong, finals
 * wait and are stored once the database is back — none dropped — and past the buffer's bound streams are refused
 * with a logged reason, never silently.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FinalSegment, HealthReport } from '../../lib/protocol';
import type { EarshotServer } from '../../server/create-app';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore, type SqliteCallStore } from '../../server/store/sqlite-call-store';
import {
  capturingLogger,
  connectSupervisor,
  dataPacket,
  metadataPacket,
  openAcsStream,
  startEarshot,
  startTestAcs,
  tempDatabasePath,
  UpgradeRefused,
  type TestAcs,
} from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

let acs: TestAcs | undefined;
let server: EarshotServer | undefined;

afterEach(async () => {
  await server?.close();
  await acs?.close();
  server = undefined;
  acs = undefined;
});

async function start(env: Record<string, string> = {}) {
  acs = await startTestAcs();
  const store: SqliteCallStore = await openSqliteCallStore(tempDatabasePath());
  const logs = capturingLogger('info');
  server = await startEarshot({ databasePath: ':unused:', jwksUrl: acs.jwksUrl, store, log: logs.log, env });
  return { acs, server, store, logs };
}

async function health(target: EarshotServer): Promise<HealthReport> {
  return (await (await fetch(`${target.url}/api/health`)).json()) as HealthReport;
}

async function storedTexts(target: EarshotServer, callId: string) {
  return ((await target.calls.history(callId, 0))?.segments ?? []).map((segment) => `${segment.seq}:${segment.text}`);
}

const expected = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${index + 1}:${prefix} ${index + 1}`);

describe('when the database fails', () => {
  for (const fault of ['read-only', 'disk full'] as const) {
    it(`(${fault}) keeps the stream, reports degraded health, and stores every buffered final once it is back`, async () => {
      const { acs: testAcs, server: app, store } = await start();
      const callId = randomUUID();
      const stream = await openAcsStream(app, await testAcs.sign(), { 'x-ms-call-connection-id': callId });
      await stream.send(metadataPacket(callId));
      await stream.send(dataPacket('Line 1', { offsetMs: 0 }));
      await waitFor(async () => (await app.calls.getCall(callId))?.lastSeq === 1, 5_000, 'the first line');
      const browser = await connectSupervisor(app);
      const live: FinalSegment[] = [];
      browser.on('call:segment', (segment) => live.push(segment));
      await new Promise((resolve) => browser.emit('call:open', { callId, afterSeq: 1 }, resolve));

      if (fault === 'read-only') store.sqlite.pragma('query_only = ON');
      else store.sqlite.pragma(`max_page_count = ${Number(store.sqlite.pragma('page_count', { simple: true }))}`);

      const long = fault === 'disk full' ? ` ${'so the pages fill up '.repeat(60)}` : '';
      for (let index = 2; index <= 40; index += 1) await stream.send(dataPacket(`Line ${index}${long}`, { offsetMs: index * 1_000 }));
      const degraded = await waitFor(async () => {
        const report = await health(app);
        return report.status === 'degraded' && report.store.bufferedFinals > 0 ? report : null;
      }, 10_000, 'health reports the store');
      expect(degraded.problems.join()).toMatch(fault === 'read-only' ? /SQLITE_READONLY/ : /SQLITE_FULL/);
      expect(stream.socket.readyState).toBe(WebSocket.OPEN);
      // Nothing unstored reaches a browser.
      expect(live).toEqual([]);

      if (fault === 'read-only') store.sqlite.pragma('query_only = OFF');
      else store.sqlite.pragma('max_page_count = 1073741823');
      await waitFor(async () => (await health(app)).status === 'ok', 10_000, 'health recovers');
      await waitFor(async () => (await app.calls.getCall(callId))?.lastSeq === 40, 10_000, 'every line stored');
      const texts = (await storedTexts(app, callId)).map((text) => text.replace(long, ''));
      expect(texts).toEqual(expected(40, 'Line'));
      await waitFor(() => live.length === 39, 5_000, 'the browser gets the buffered lines');
      expect(live.map((segment) => segment.seq)).toEqual(Array.from({ length: 39 }, (_, index) => index + 2));
      browser.disconnect();
      await stream.close();
    });
  }

  it('holds a stream back (TCP back-pressure) while its call loads slowly, then applies every frame', async () => {
    acs = await startTestAcs();
    const real: SqliteCallStore = await openSqliteCallStore(tempDatabasePath());
    let release: () => void = () => undefined;
    const loading = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The real store, but creating a call waits until the test lets it go (a database under heavy load).
    const slow: CallStore = Object.assign(Object.create(real) as CallStore, {
      ensureCall: async (initial: Parameters<CallStore['ensureCall']>[0]) => {
        await loading;
        return real.ensureCall(initial);
      },
    });
    server = await startEarshot({ databasePath: ':unused:', jwksUrl: acs.jwksUrl, store: slow });
    const app = server;
    const callId = randomUUID();
    const stream = await openAcsStream(app, await acs.sign(), { 'x-ms-call-connection-id': callId });
    const sending = (async () => {
      for (let index = 1; index <= 2_000; index += 1) await stream.send(dataPacket(`Line ${index} ${'padding '.repeat(20)}`, { offsetMs: index * 1_000 }));
    })();
    await waitFor(async () => (await health(app)).ingress.pausedStreams === 1, 10_000, 'the stream is paused');
    release();
    await sending;
    await waitFor(async () => (await app.calls.getCall(callId))?.lastSeq === 2_000, 20_000, 'every frame applied');
    expect((await health(app)).ingress.pausedStreams).toBe(0);
    await stream.close();
  });

  it('past the buffer bound closes the stream with 1013 and refuses new ones with 503, logged, and still loses nothing', async () => {
    const { acs: testAcs, server: app, store, logs } = await start({ MAX_BUFFERED_FINALS: '100' });
    const callId = randomUUID();
    const stream = await openAcsStream(app, await testAcs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId));
    await waitFor(async () => (await app.calls.getCall(callId)) !== null);
    store.sqlite.pragma('query_only = ON');
    const closed = new Promise<number>((resolve) => stream.socket.once('close', (code) => resolve(code)));
    let sent = 0;
    for (let index = 1; index <= 100; index += 1) {
      await stream.send(dataPacket(`Line ${index}`, { offsetMs: index * 1_000 }));
      sent = index;
    }
    expect(await closed).toBe(1013);
    await expect(openAcsStream(app, await testAcs.sign(), { 'x-ms-call-connection-id': randomUUID() })).rejects.toMatchObject({ status: 503 });
    const report = await health(app);
    expect(report.ingress.connectionsRefused['store_backlog']).toBeGreaterThanOrEqual(2);
    expect(logs.lines().some((line) => line.msg === 'closing a transcript stream: the store is behind and the buffer of unstored finals is full' && line.callId === callId)).toBe(true);

    store.sqlite.pragma('query_only = OFF');
    await waitFor(async () => (await app.calls.getCall(callId))?.lastSeq === sent, 10_000, 'every received line stored');
    expect(await storedTexts(app, callId)).toEqual(expected(sent, 'Line'));
    const again = await openAcsStream(app, await testAcs.sign(), { 'x-ms-call-connection-id': callId });
    await again.close();
  });
});
