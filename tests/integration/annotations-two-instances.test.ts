/**
 * Notes and exports across two instances (the whole app twice, on PostgreSQL and Redis, behind a balancer): a
 * supervisor on B watching a call sees a note added on A, its deletion on A, and the audit entry of an export made
 * on A, all through the Redis adapter.
 */
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApiPath } from '../../lib/call-path';
import type { Annotation, AnnotationRemoved, AuditEntry, CallHistory, ClientToServerEvents, Result, ServerToClientEvents } from '../../lib/protocol';
import { startCluster, type Cluster } from '../helpers/cluster';
import { postgresReachable, redisReachable } from '../helpers/services';
import { waitFor } from '../helpers/wait-for';

const available = (await postgresReachable()) && (await redisReachable());

type Browser = Socket<ServerToClientEvents, ClientToServerEvents>;

let cluster: Cluster;
let browser: Browser | undefined;

describe.skipIf(!available)('notes and exports on two instances', () => {
  beforeAll(async () => {
    cluster = await startCluster({ scenarioIds: ['billing-dispute'], speedFactor: 8 });
  }, 300_000);

  afterAll(async () => {
    browser?.disconnect();
    await cluster?.close();
  });

  it('pushes a note, its deletion and an export’s audit entry made on A to a browser on B', async () => {
    const { a, b, emulator } = cluster;
    await waitFor(() => emulator.eventGridState() === 'validated', 20_000, 'Event Grid handshake through the balancer');
    const [cookieA, cookieB] = await Promise.all([a.login(), b.login()]);
    const placed = emulator.placeIncomingCall({ scenarioId: 'billing-dispute' });
    const callId = await waitFor(() => emulator.calls.list().find((call) => call.ids.serverCallId === placed.serverCallId)?.ids.callConnectionId, 20_000, 'the call is answered');
    const firstLine = await waitFor(
      async () => {
        const response = await fetch(`${a.url}${callApiPath(callId)}`, { headers: { cookie: cookieA } });
        const body = (await response.json()) as Result<CallHistory>;
        return body.ok ? body.data.segments[0] : undefined;
      },
      60_000,
      'a first line is stored',
      100,
    );

    const socket: Browser = connectSocket(b.url, { transports: ['websocket'], extraHeaders: { cookie: cookieB, origin: b.url }, reconnection: false, forceNew: true });
    browser = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const added: Annotation[] = [];
    const removed: AnnotationRemoved[] = [];
    const audit: AuditEntry[] = [];
    socket.on('call:annotation', (annotation) => added.push(annotation));
    socket.on('call:annotation-removed', (event) => removed.push(event));
    socket.on('call:audit', (entry) => audit.push(entry));
    const opened = await new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId }, resolve));
    expect(opened.ok).toBe(true);

    const send = (method: string, pathname: string, body?: unknown) =>
      fetch(`${a.url}${pathname}`, { method, headers: { cookie: cookieA, origin: a.url, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const created = await send('POST', callApiPath(callId, 'annotations'), { kind: 'note', seq: firstLine.seq, text: 'Seen on A — visto en A' });
    expect(created.status).toBe(201);
    const note = ((await created.json()) as { data: Annotation }).data;
    await waitFor(() => added.some((annotation) => annotation.id === note.id), 10_000, 'the note made on A reaches B');
    expect(added.find((annotation) => annotation.id === note.id)).toEqual(note);

    expect((await send('DELETE', callApiPath(callId, `annotations/${note.id}`))).status).toBe(200);
    await waitFor(() => removed.some((event) => event.id === note.id), 10_000, 'the deletion on A reaches B');

    const exported = await send('GET', `${callApiPath(callId, 'export')}?format=srt`);
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain(firstLine.text);
    await waitFor(() => audit.some((entry) => entry.action === 'export' && entry.detail === 'format srt'), 10_000, 'the export’s audit entry reaches B');
  });
});
