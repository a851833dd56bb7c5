/**
 * The call list at scale and long transcripts over socket.io: a watcher gets every live call (not the newest 200)
 * and the most recently ended ones, the feed sends only rows that changed, and a call opens from its end with older
 * lines in pages, without their words.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  LATEST_HISTORY_PAGE,
  LIST_ROW_LINE_CHARS,
  MAX_HISTORY_PAGE,
  RECENT_CALLS_LIMIT,
  type CallHistory,
  type CallHistoryPage,
  type CallHistoryRequest,
  type CallListRow,
  type CallListSnapshot,
  type Result,
} from '../../lib/protocol';
import { newCallRecord } from '../../server/domain/call-record';
import { dataPacket, metadataPacket, openAcsStream, type SupervisorSocket } from '../helpers/earshot-harness';
import { earshotPerFile } from '../helpers/earshot-per-file';
import { waitFor } from '../helpers/wait-for';

const earshot = earshotPerFile();
const supervisor = () => earshot.supervisor();

const watch = (socket: SupervisorSocket) => new Promise<Result<CallListSnapshot>>((resolve) => socket.emit('calls:watch', resolve));
const openFromEnd = (socket: SupervisorSocket, callId: string) => new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq: 0, fromEnd: true }, resolve));
const older = (socket: SupervisorSocket, request: CallHistoryRequest) => new Promise<Result<CallHistoryPage>>((resolve) => socket.emit('call:history', request, resolve));

describe('the call list', () => {
  it('gives a watcher every live call, however many, and the most recently ended calls', async () => {
    const run = randomUUID().slice(0, 8);
    const now = Date.now();
    // Calls in the database only (held by another instance, or from before a restart) and calls this instance holds.
    const stored = Array.from({ length: 260 }, (_, index) => `live-${run}-${index}`);
    const held = Array.from({ length: 5 }, (_, index) => `held-${run}-${index}`);
    const ended = Array.from({ length: RECENT_CALLS_LIMIT + 30 }, (_, index) => `ended-${run}-${index}`);
    // Ended first, then the live ones: the newest calls are all live, so "the newest N calls" would miss ended ones.
    for (const [index, callId] of ended.entries()) await earshot.server.store.ensureCall({ ...newCallRecord(callId, now + index, null), state: 'disconnected', endedAt: now + 1_000 + index });
    for (const [index, callId] of stored.entries()) await earshot.server.store.ensureCall({ ...newCallRecord(callId, now + 2_000 + index, null), state: index % 7 === 0 ? 'connecting' : 'connected' });
    await Promise.all(held.map((callId) => earshot.server.calls.updateCall(callId, () => undefined, { createIfMissing: true, initialState: 'connected' })));

    const before = Date.now();
    const snapshot = await watch(await supervisor());
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const ids = new Set(snapshot.data.calls.map((row) => row.callId));
    expect([...stored, ...held].filter((callId) => !ids.has(callId))).toEqual([]);
    const endedRows = snapshot.data.calls.filter((row) => row.state === 'disconnected');
    expect(endedRows).toHaveLength(RECENT_CALLS_LIMIT);
    // The most recently ended ones.
    expect(endedRows.map((row) => row.callId).sort()).toEqual(ended.slice(-RECENT_CALLS_LIMIT).sort());
    expect(snapshot.data.asOf).toBeGreaterThanOrEqual(before - 1);
    expect(snapshot.data.asOf).toBeLessThanOrEqual(Date.now());
  });

  it('sends compact rows, and only rows that changed since the last batch', async () => {
    const socket = await supervisor();
    expect((await watch(socket)).ok).toBe(true);
    const batches: CallListRow[][] = [];
    socket.on('calls:changed', (rows) => batches.push(rows));
    const rows = () => batches.flat();

    const quiet = randomUUID();
    const busy = randomUUID();
    const first = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': quiet });
    await first.send(metadataPacket(quiet));
    await first.send(dataPacket(`Please hold. ${'x'.repeat(LIST_ROW_LINE_CHARS)}`, { speaker: '4:+14255550100' }));
    await first.send(dataPacket('Thanks.', { speaker: '8:acs:agent_1', offsetMs: 1_000 }));
    await first.send(dataPacket('Me too.', { speaker: '8:acs:agent_2', offsetMs: 2_000 }));
    await waitFor(() => rows().some((row) => row.callId === quiet && row.lastSeq === 3), 10_000, 'the quiet call’s row');
    const row = rows().findLast((item) => item.callId === quiet);
    expect(row?.participants).toEqual([
      { rawId: '4:+14255550100', label: expect.any(String) },
      { rawId: '8:acs:agent_1', label: expect.any(String) },
    ]);
    expect(row?.participantCount).toBe(3);
    expect(row?.lastLine).toEqual({ speakerLabel: expect.any(String), speakerRawId: '8:acs:agent_2', text: 'Me too.', piiMasked: false, seq: 3 });
    expect(row).not.toHaveProperty('metadata');

    // A second stream for the same call (ACS reconnecting) changes nothing the list shows: no row is sent again.
    batches.length = 0;
    const second = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': quiet });
    const other = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': busy });
    await other.send(metadataPacket(busy));
    await other.send(dataPacket('Something else entirely.'));
    await waitFor(() => rows().some((item) => item.callId === busy && item.lastSeq === 1), 10_000, 'the busy call’s row');
    expect(rows().filter((item) => item.callId === quiet)).toEqual([]);

    // A line it does show is sent, once.
    await second.send(dataPacket('One more line.', { offsetMs: 9_000 }));
    await waitFor(() => rows().some((item) => item.callId === quiet && item.lastSeq === 4), 10_000, 'the quiet call’s new line');
    expect(rows().filter((item) => item.callId === quiet)).toHaveLength(1);
    for (const stream of [first, second, other]) await stream.close();
  });

  it('cuts a long last line to what the row shows', async () => {
    const socket = await supervisor();
    expect((await watch(socket)).ok).toBe(true);
    const received: CallListRow[] = [];
    socket.on('calls:changed', (rows) => received.push(...rows));
    const callId = randomUUID();
    const stream = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId));
    await stream.send(dataPacket(`${'word '.repeat(100)}end`));
    const row = await waitFor(() => received.find((item) => item.callId === callId && item.lastSeq === 1), 10_000, 'the row');
    expect(row.lastLine?.text).toHaveLength(LIST_ROW_LINE_CHARS);
    expect(row.lastLine?.text.endsWith('…')).toBe(true);
    expect((await earshot.server.calls.getCall(callId))?.lastLine?.text).toBe(`${'word '.repeat(100)}end`);
    await stream.close();
  });
});

describe('a long call over socket.io', () => {
  it('opens from its end and pages older lines, without words, up to the first', async () => {
    const callId = randomUUID();
    const total = LATEST_HISTORY_PAGE + MAX_HISTORY_PAGE + 7;
    const stream = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
    await stream.send(metadataPacket(callId));
    const sent: Promise<void>[] = [];
    for (let index = 1; index <= total; index += 1) {
      const packet = dataPacket(`Line ${index}`, { offsetMs: index * 100 });
      sent.push(stream.send({ ...packet, transcriptionData: { ...packet.transcriptionData, words: [{ text: 'Line', offset: index * 1_000_000, duration: 1_000_000 }] } }));
    }
    await Promise.all(sent);
    await waitFor(async () => (await earshot.server.calls.getCall(callId))?.lastSeq === total, 20_000, 'every line stored');

    const socket = await supervisor();
    const opened = await openFromEnd(socket, callId);
    if (!opened.ok) throw new Error(opened.error.message);
    const seqs = opened.data.segments.map((segment) => segment.seq);
    expect(seqs[0]).toBe(total - LATEST_HISTORY_PAGE + 1);
    expect(seqs.at(-1)).toBe(total);
    expect(seqs).toHaveLength(LATEST_HISTORY_PAGE);
    expect(opened.data.hasOlder).toBe(true);
    expect(opened.data.hasMore).toBe(false);
    expect(opened.data.segments[0]).not.toHaveProperty('words');

    const page = await older(socket, { callId, beforeSeq: total - LATEST_HISTORY_PAGE + 1 });
    if (!page.ok) throw new Error(page.error.message);
    expect(page.data.segments.map((segment) => segment.seq)).toEqual(Array.from({ length: MAX_HISTORY_PAGE }, (_, index) => 8 + index));
    expect(page.data.hasOlder).toBe(true);
    const last = await older(socket, { callId, beforeSeq: 8 });
    expect(last.ok && last.data).toEqual({ segments: expect.any(Array), hasOlder: false });
    expect(last.ok && last.data.segments.map((segment) => segment.text)).toEqual(['Line 1', 'Line 2', 'Line 3', 'Line 4', 'Line 5', 'Line 6', 'Line 7']);

    // A catch-up (afterSeq > 0) still pages forward, and live lines still carry their words.
    const forward = await new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq: total - 2, fromEnd: true }, resolve));
    expect(forward.ok && forward.data.segments.map((segment) => segment.seq)).toEqual([total - 1, total]);
    const live = new Promise((resolve) => socket.once('call:segment', resolve));
    await stream.send(dataPacket('Live line', { offsetMs: 999_999 }));
    expect(await live).toHaveProperty('words');
    await stream.close();
  });

  it('refuses a bad older-lines request and an unknown call', async () => {
    const socket = await supervisor();
    expect(await older(socket, { callId: randomUUID(), beforeSeq: 10 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await older(socket, { callId: 'x', beforeSeq: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await older(socket, { callId: 'x', beforeSeq: 2 ** 40 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await older(socket, { callId: '', beforeSeq: 3 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});
