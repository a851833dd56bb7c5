/**
 * One socket cannot grow the server without bound: its call rooms are capped, and `call:open` is rate limited.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistory, Result } from '../../lib/protocol';
import type { EarshotServer } from '../../server/create-app';
import { DEFAULT_SOCKET_LIMITS } from '../../server/realtime/socket-server';
import { connectSupervisor, startEarshot, startTestAcs, tempDatabasePath, type SupervisorSocket, type TestAcs } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

let acs: TestAcs;
let server: EarshotServer;
/** The same server code with the request rate out of the way, to reach the room cap quickly. */
let unthrottled: EarshotServer;

beforeAll(async () => {
  acs = await startTestAcs();
  server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl });
  unthrottled = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, socketLimits: { requestBurst: 100_000, requestsPerSecond: 100_000 } });
});

afterAll(async () => {
  await server.close();
  await unthrottled.close();
  await acs.close();
});

function open(socket: SupervisorSocket, callId: string, afterSeq = 0): Promise<Result<CallHistory>> {
  return socket.timeout(10_000).emitWithAck('call:open', { callId, afterSeq });
}

const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);

async function createCalls(target: EarshotServer, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  for (const id of ids) await target.calls.updateCall(id, () => undefined, { createIfMissing: true });
  return ids;
}

describe('socket.io bounds', () => {
  it('caps the call rooms one socket holds; re-opening a call takes no new room and closing one frees a slot', async () => {
    const max = DEFAULT_SOCKET_LIMITS.maxOpenCalls;
    const [extra, ...ids] = await createCalls(unthrottled, max + 1);
    const socket = await connectSupervisor(unthrottled);
    const opened = await Promise.all(ids.map((id) => open(socket, id)));
    expect(opened.map(codeOf)).toEqual(ids.map(() => 'ok'));

    const refused = await open(socket, extra ?? '');
    expect(refused).toEqual({ ok: false, error: { code: 'too_many_calls', message: expect.stringContaining(String(max)) } });
    // A browser catching up re-sends call:open for a call it has open.
    expect(codeOf(await open(socket, ids[0] ?? '', 5))).toBe('ok');

    socket.emit('call:close', { callId: ids[0] ?? '' });
    // A call that does not exist does not keep the slot it was tried in.
    expect(codeOf(await open(socket, randomUUID()))).toBe('not_found');
    expect(codeOf(await open(socket, extra ?? ''))).toBe('ok');
    expect(codeOf(await open(socket, randomUUID()))).toBe('too_many_calls');

    const serverSide = unthrottled.io.of('/').sockets.get(socket.id ?? '');
    const callRooms = [...(serverSide?.rooms ?? [])].filter((room) => room.startsWith('call:'));
    expect(callRooms).toHaveLength(max);
    socket.disconnect();
  });

  it('rate-limits call:open per socket and answers rate_limited instead of crashing or queueing', async () => {
    const [callId = ''] = await createCalls(server, 1);
    const socket = await connectSupervisor(server);
    const other = await connectSupervisor(server);
    const flood = await Promise.all(Array.from({ length: 80 }, () => open(socket, callId)));
    const codes = flood.map(codeOf);
    expect(codes.slice(0, DEFAULT_SOCKET_LIMITS.requestBurst)).toEqual(codes.slice(0, DEFAULT_SOCKET_LIMITS.requestBurst).map(() => 'ok'));
    expect(codes.filter((code) => code === 'rate_limited').length).toBeGreaterThanOrEqual(20);
    expect(new Set(codes)).toEqual(new Set(['ok', 'rate_limited']));
    // Another socket has its own budget, and the flooding one recovers as its bucket refills.
    expect(codeOf(await open(other, callId))).toBe('ok');
    await waitFor(async () => codeOf(await open(socket, callId)) === 'ok', 5_000, 'the bucket refills', 100);
    expect(socket.connected).toBe(true);
    socket.disconnect();
    other.disconnect();
  });
});
