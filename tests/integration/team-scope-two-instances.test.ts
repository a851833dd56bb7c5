/**
 * Team scoping across two instances (PostgreSQL, Redis): a call streamed into one instance reaches, on the other, the
 * supervisor of its team and not a supervisor of another team (team rooms span instances through the Redis adapter);
 * an admin's team change on one instance re-scopes an open socket on the other (the cluster bus), which then sees the
 * call without reconnecting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { CallListRow, CallListSnapshot, ClientToServerEvents, Result, ServerToClientEvents } from '../../lib/protocol';
import type { Team } from '../../lib/users';
import type { AcsEmulator } from '../../server/acs-emulator/emulator';
import { startCluster, type Cluster } from '../helpers/cluster';
import type { NextServer } from '../helpers/next-server';
import { postgresReachable, redisReachable } from '../helpers/services';
import { waitFor } from '../helpers/wait-for';

const available = (await postgresReachable()) && (await redisReachable());
const PASSWORD = 'a-long-enough-password';

type Browser = Socket<ServerToClientEvents, ClientToServerEvents>;

let cluster: Cluster;
let a: NextServer;
let b: NextServer;
let emulator: AcsEmulator;
const browsers: Browser[] = [];

async function send(server: NextServer, cookie: string, method: string, path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, { method, headers: { cookie, origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as Result<unknown>;
  if (!json.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json.data;
}

async function login(server: NextServer, username: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  await response.text();
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function watcher(server: NextServer, cookie: string) {
  const socket: Browser = connectSocket(server.url, { transports: ['websocket'], extraHeaders: { cookie, origin: server.url }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  browsers.push(socket);
  const rows: CallListRow[] = [];
  let rescoped = 0;
  socket.on('calls:changed', (changed) => rows.push(...changed));
  socket.on('calls:rescoped', () => rescoped++);
  const watch = () => new Promise<Result<CallListSnapshot>>((resolve) => socket.emit('calls:watch', resolve));
  await watch();
  return { socket, rows, watch, rescoped: () => rescoped };
}

describe.skipIf(!available)('team scoping across instances', () => {
  beforeAll(async () => {
    cluster = await startCluster({ scenarioIds: ['long-technical-support'] });
    ({ a, b, emulator } = cluster);
  }, 300_000);

  afterAll(async () => {
    for (const socket of browsers) socket.disconnect();
    await cluster?.close();
  });

  it('routes rows by team across instances and re-scopes a socket on the other instance', async () => {
    const admin = await a.login();
    const west = (await send(a, admin, 'POST', '/api/admin/teams', { name: 'West', match: ['4:+1425555*'] })) as Team;
    const east = (await send(a, admin, 'POST', '/api/admin/teams', { name: 'East', match: ['4:+1212555*'] })) as Team;
    await send(a, admin, 'POST', '/api/admin/users', { username: 'sup-west', password: PASSWORD, role: 'supervisor', teamIds: [west.id] });
    await send(a, admin, 'POST', '/api/admin/users', { username: 'sup-east', password: PASSWORD, role: 'supervisor', teamIds: [east.id] });
    const westWatcher = await watcher(b, await login(b, 'sup-west'));
    const eastWatcher = await watcher(b, await login(b, 'sup-east'));

    const placed = emulator.placeIncomingCall({ scenarioId: 'long-technical-support' });
    const callId = await waitFor(() => emulator.calls.list().find((call) => call.ids.serverCallId === placed.serverCallId)?.ids.callConnectionId, 20_000, 'the call is answered');
    await waitFor(() => westWatcher.rows.some((row) => row.callId === callId && row.teamIds.includes(west.id)), 30_000, 'the West row reaches B');
    expect(eastWatcher.rows.some((row) => row.callId === callId)).toBe(false);

    // The admin on A gives East's supervisor the West team: their socket on B is re-scoped.
    await send(a, admin, 'PATCH', '/api/admin/users/sup-east', { teamIds: [east.id, west.id] });
    await waitFor(() => eastWatcher.rescoped() > 0, 10_000, 'calls:rescoped on B');
    const snapshot = await eastWatcher.watch();
    expect(snapshot.ok && snapshot.data.calls.some((row) => row.callId === callId)).toBe(true);
    await waitFor(() => eastWatcher.rows.some((row) => row.callId === callId), 30_000, 'rows of the call now reach East on B');
  });
});
