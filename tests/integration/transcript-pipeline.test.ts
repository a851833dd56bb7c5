import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CallHistory, CallListRow, CallListSnapshot, FinalSegment, HealthReport, InterimSegment, Result } from '../../lib/protocol';
import { logToArray } from '../../lib/append-log';
import { initialCallState, reduceCallEvent } from '../../lib/call-state';
import {
  connectSupervisor,
  dataPacket,
  loginCookie,
  metadataPacket,
  openAcsStream,
  startEarshot,
  startTestAcs,
  tempDatabasePath,
  UpgradeRefused,
  type SupervisorSocket,
} from '../helpers/earshot-harness';
import { earshotPerFile } from '../helpers/earshot-per-file';
import { waitFor } from '../helpers/wait-for';

const earshot = earshotPerFile();
const supervisor = () => earshot.supervisor();

function openCall(socket: SupervisorSocket, callId: string, afterSeq = 0) {
  return new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq }, resolve));
}

function collect<T>(socket: SupervisorSocket, event: 'call:segment' | 'call:interim' | 'calls:changed') {
  const items: T[] = [];
  socket.on(event, (payload: unknown) => {
    if (Array.isArray(payload)) items.push(...(payload as T[]));
    else items.push(payload as T);
  });
  return items;
}

async function expectRefused(promise: Promise<unknown>, status: number) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpgradeRefused);
  expect((error as UpgradeRefused).status).toBe(status);
}

describe('transcript ingress authentication', () => {
  it('refuses a stream without a token, with a token from another key, audience or issuer, or an expired one', async () => {
    await expectRefused(openAcsStream(earshot.server, null, { 'x-ms-call-connection-id': 'c1' }), 401);
    await expectRefused(openAcsStream(earshot.server, 'not.a.jwt'), 401);
    await expectRefused(openAcsStream(earshot.server, await earshot.acs.sign({ audience: 'someone-else' })), 401);
    await expectRefused(openAcsStream(earshot.server, await earshot.acs.sign({ issuer: 'https://evil.example' })), 401);
    await expectRefused(openAcsStream(earshot.server, await earshot.acs.sign({ expiresIn: '-10m' })), 401);
    const other = await startTestAcs();
    await expectRefused(openAcsStream(earshot.server, await other.sign()), 401);
    await other.close();
    expect(earshot.server.ingress.metrics.snapshot().connectionsRefused.missing_token).toBeGreaterThan(0);
  });

  it('answers 503 when the JWKS cannot be reached', async () => {
    const offline = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: 'http://127.0.0.1:9/calling/keys' });
    try {
      await expectRefused(openAcsStream(offline, await earshot.acs.sign()), 503);
    } finally {
      await offline.close();
    }
  });
});

describe('transcript pipeline', () => {
  it('delivers intermediate then final lines to a supervisor in order, with metadata, and creates the call', async () => {
    const callId = randomUUID();
    const socket = await supervisor();
    const opened = await openCall(socket, callId);
    expect(opened).toEqual({ ok: false, error: { code: 'not_found', message: `No call ${callId}.` } });

    const stream = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId, 'x-ms-call-correlation-id': 'corr-9' });
    await stream.send(metadataPacket(callId, { enableSentimentAnalysis: true, locales: ['en-US', 'es-ES'], piiRedactionOptions: { enable: true, redactionType: 'MaskWithCharacter' } }));
    await waitFor(() => earshot.server.calls.getCall(callId));
    const history = await openCall(socket, callId);
    expect(history.ok).toBe(true);
    const finals = collect<FinalSegment>(socket, 'call:segment');
    const interims = collect<InterimSegment>(socket, 'call:interim');

    await stream.send(dataPacket('my card', { status: 'Intermediate', offsetMs: 1000 }));
    await stream.send(dataPacket('my card number is ****', { status: 'intermediate', offsetMs: 1000 }));
    await stream.send(dataPacket('My card number is **** **** **** 1111.', { status: 'final', offsetMs: 1000, sentiment: 'neutral', language: 'en-US' }));
    await stream.send(dataPacket('Gracias por su ayuda.', { speaker: '8:acs:agent_1', offsetMs: 5000, sentiment: 'positive', language: 'es-ES' }));

    await waitFor(() => finals.length === 2, 10_000, 'two finals');
    expect(interims.map((line) => line.text)).toEqual(['my card', 'my card number is ****']);
    expect(interims[0]?.utteranceId).toBe(interims[1]?.utteranceId);
    expect(finals[0]).toMatchObject({ seq: 1, status: 'final', text: 'My card number is **** **** **** 1111.', piiMasked: true, sentiment: 'neutral', offsetMs: 1000, language: 'en-US' });
    expect(finals[0]?.utteranceId).toBe(interims[0]?.utteranceId);
    expect(finals[1]).toMatchObject({ seq: 2, language: 'es-ES', speaker: { rawId: '8:acs:agent_1', kind: 'communicationUser' } });
    expect(JSON.stringify(finals)).not.toContain('participantRawID');

    const detail = await earshot.server.calls.getCall(callId);
    expect(detail).toMatchObject({
      state: 'connected',
      transcription: 'active',
      locale: 'en-US',
      detectedLanguage: 'es-ES',
      lastSeq: 2,
      piiLineCount: 1,
      metadata: { correlationId: 'corr-1', locales: ['en-US', 'es-ES'], sentimentAnalysis: true, piiRedaction: { enabled: true, redactionType: 'MaskWithCharacter' } },
    });
    await stream.close();
    await waitFor(async () => (await earshot.server.calls.getCall(callId))?.state === 'disconnected', 10_000, 'call ends with its stream');
  });

  it('counts malformed packets, keeps the stream going, and closes oversize frames with 1009', async () => {
    const callId = randomUUID();
    const before = earshot.server.ingress.metrics.snapshot();
    const stream = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId));
    await stream.sendRaw('{not json');
    await stream.sendRaw('[1,2]');
    await stream.send({ kind: 'AudioData', audioData: { data: 'AAAA' } });
    await stream.send({ kind: 'FuturePacket' });
    await stream.send({ kind: 'TranscriptionData', transcriptionData: { text: 'missing fields' } });
    await stream.send(dataPacket('wrong type', { status: 'Sideways' }));
    await stream.send(metadataPacket('some-other-call'));
    await stream.send(dataPacket('Still here.'));
    await waitFor(async () => (await earshot.server.calls.getCall(callId))?.lastSeq === 1, 10_000, 'valid line after bad ones');
    const after = earshot.server.ingress.metrics.snapshot();
    const grew = (reason: string) => (after.packetsRejected[reason] ?? 0) - (before.packetsRejected[reason] ?? 0);
    expect([grew('invalid_json'), grew('not_an_object'), grew('ignored_kind'), grew('unknown_kind'), grew('invalid_fields'), grew('call_id_mismatch')]).toEqual([1, 1, 1, 1, 2, 1]);
    const detail = await earshot.server.calls.getCall(callId);
    expect(detail?.ingest.rejected).toMatchObject({ invalid_json: 1, invalid_fields: 2, call_id_mismatch: 1 });

    const closed = new Promise<number>((resolve) => stream.socket.once('close', (code) => resolve(code)));
    await stream.sendRaw(JSON.stringify(dataPacket('x'.repeat(300 * 1024))));
    expect(await closed).toBe(1009);
    expect((await earshot.server.calls.getCall(callId))?.lastSeq).toBe(1);
  });

  it('binds a stream without call headers from its metadata packet', async () => {
    const callId = randomUUID();
    const stream = await openAcsStream(earshot.server, await earshot.acs.sign());
    await stream.send(dataPacket('Early line before metadata.'));
    await stream.send(metadataPacket(callId));
    await waitFor(async () => (await earshot.server.calls.getCall(callId))?.lastSeq === 1);
    await stream.close();
  });

  it('coalesces the call list: a burst of lines gives about one row update per interval', async () => {
    const callId = randomUUID();
    const socket = await supervisor();
    const listed = await new Promise<Result<CallListSnapshot>>((resolve) => socket.emit('calls:watch', resolve));
    expect(listed.ok).toBe(true);
    const changes = collect<CallListRow>(socket, 'calls:changed');
    const stream = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId));
    for (let index = 0; index < 50; index += 1) await stream.send(dataPacket(`Line ${index}`, { offsetMs: index * 100, sentiment: index % 2 ? 'negative' : 'neutral' }));
    await waitFor(() => changes.some((item) => item.callId === callId && item.lastSeq === 50), 10_000, 'row reaches line 50');
    const rows = changes.filter((item) => item.callId === callId);
    expect(rows.length).toBeLessThan(10);
    const last = rows.at(-1);
    expect(last?.lastLine).toMatchObject({ text: 'Line 49', seq: 50 });
    expect(last?.sentimentNow).toBeLessThan(0);
    expect(last?.sentimentTrend.length).toBeGreaterThan(10);
    expect(last).not.toHaveProperty('metadata');
    await stream.close();
  });

  it('gives a reconnecting browser exactly the lines it missed', async () => {
    const callId = randomUUID();
    const stream = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId));
    for (let index = 1; index <= 3; index += 1) await stream.send(dataPacket(`Before ${index}`));
    await waitFor(async () => (await earshot.server.calls.getCall(callId))?.lastSeq === 3);

    const first = await supervisor();
    const history = await openCall(first, callId);
    expect(history.ok && history.data.segments.map((segment) => segment.seq)).toEqual([1, 2, 3]);
    first.disconnect();

    for (let index = 4; index <= 6; index += 1) await stream.send(dataPacket(`During drop ${index}`));
    await waitFor(async () => (await earshot.server.calls.getCall(callId))?.lastSeq === 6);

    const again = await supervisor();
    const live = collect<FinalSegment>(again, 'call:segment');
    const catchUp = await openCall(again, callId, 3);
    expect(catchUp.ok && catchUp.data.segments.map((segment) => segment.text)).toEqual(['During drop 4', 'During drop 5', 'During drop 6']);
    await stream.send(dataPacket('After reconnect'));
    await waitFor(() => live.length === 1);
    expect(live[0]).toMatchObject({ seq: 7, text: 'After reconnect' });
    await stream.close();
  });

  it('opening a call while lines stream in yields no gap and no duplicate', async () => {
    const callId = randomUUID();
    const stream = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId));
    const socket = await supervisor();
    const live = collect<FinalSegment>(socket, 'call:segment');
    const sending = (async () => {
      for (let index = 1; index <= 200; index += 1) await stream.send(dataPacket(`Line ${index}`));
    })();
    await waitFor(async () => ((await earshot.server.calls.getCall(callId))?.lastSeq ?? 0) > 20);
    const history = await openCall(socket, callId);
    await sending;
    await waitFor(async () => (await earshot.server.calls.getCall(callId))?.lastSeq === 200);
    const historySeqs = history.ok ? history.data.segments.map((segment) => segment.seq) : [];
    await waitFor(() => Math.max(0, ...historySeqs, ...live.map((segment) => segment.seq)) === 200, 10_000, 'history + live reach 200');
    // The live channel never repeats a line; history and live may overlap (joined before the read), and the
    // browser's reducer merges them. What the supervisor sees is every line once, in order.
    expect(new Set(live.map((segment) => segment.seq)).size).toBe(live.length);
    if (!history.ok) throw new Error('call:open failed');
    let view = reduceCallEvent(initialCallState(callId), { type: 'history-received', afterSeq: 0, history: history.data });
    for (const segment of live) view = reduceCallEvent(view, { type: 'final-received', segment });
    const shown = logToArray(view.finals).map((segment) => segment.seq);
    expect(shown).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    expect(logToArray(view.finals).map((segment) => segment.text)).toEqual(Array.from({ length: 200 }, (_, index) => `Line ${index + 1}`));
    expect(view.pending).toEqual([]);
    await stream.close();
  });

  it('refuses unauthenticated supervisors on socket.io and HTTP', async () => {
    await expect(connectSupervisor(earshot.server, 'earshot_session=forged')).rejects.toThrow('unauthorized');
    const api = await fetch(`${earshot.server.url}/api/calls`);
    expect(api.status).toBe(401);
    const page = await fetch(`${earshot.server.url}/calls/abc?x=1`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2Fcalls%2Fabc%3Fx%3D1');
    const health = await fetch(`${earshot.server.url}/api/health`);
    expect(health.status).toBe(200);
    const report = (await health.json()) as HealthReport;
    expect(report.status).toBe('ok');
    expect(report.ingress.packetsAccepted).toBeGreaterThan(0);
    expect(report.process.rssBytes).toBeGreaterThan(0);
    expect(report.process.heapUsedBytes).toBeGreaterThan(0);
    expect(report.process.eventLoopDelay.maxMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(report)).not.toMatch(/callId|text/);
    const cookie = await loginCookie(earshot.server);
    await earshot.server.auth.logout(cookie.split('=')[1]);
    await expect(connectSupervisor(earshot.server, cookie)).rejects.toThrow('unauthorized');
  });
});

describe('persistence', () => {
  it('keeps calls, metadata and history across a restart, and sequence numbers continue', async () => {
    const callId = randomUUID();
    const databaseFile = tempDatabasePath();
    const first = await startEarshot({ databasePath: databaseFile, jwksUrl: earshot.acs.jwksUrl });
    const stream = await openAcsStream(first, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId, { locale: 'es-ES' }));
    await stream.send(dataPacket('Hola, buenos días.', { sentiment: 'positive' }));
    await stream.send(dataPacket('Necesito ayuda.', { sentiment: 'negative' }));
    await waitFor(async () => (await first.calls.getCall(callId))?.lastSeq === 2);
    await stream.close();
    await first.close();

    const second = await startEarshot({ databasePath: databaseFile, jwksUrl: earshot.acs.jwksUrl });
    try {
      const history = await second.calls.history(callId, 0);
      expect(history?.call).toMatchObject({ locale: 'es-ES', lastSeq: 2, lastLine: { text: 'Necesito ayuda.' } });
      expect(history?.segments.map((segment) => segment.text)).toEqual(['Hola, buenos días.', 'Necesito ayuda.']);
      const resumed = await openAcsStream(second, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
      await resumed.send(dataPacket('Sigo aquí.'));
      await waitFor(async () => (await second.calls.getCall(callId))?.lastSeq === 3);
      await resumed.close();
    } finally {
      await second.close();
    }
  });
});
