/**
 * Team-scoped visibility through the real Next route handlers and real socket.io clients (the whole app in a child
 * process with its embedded emulator): every HTTP route that takes a call id and every socket event, as admin,
 * supervisor of the call's team, supervisor of another team, viewer of the team and anonymous; lists, search, bulk
 * export and alerts filtered; and team changes reaching open sockets without a reconnect.
 */
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callApiPath } from '../../lib/call-path';
import type { AlertSnapshot, CallHistory, CallListRow, CallListSnapshot, ClientToServerEvents, Result, ServerToClientEvents } from '../../lib/protocol';
import type { Alert } from '../../lib/rules';
import type { Team, UserSummary } from '../../lib/users';
import { loadOrCreateDevSigningKey } from '../../server/ingress/dev-signing-key';
import { signAcsToken } from '../../server/replay/replay-recording';
import { dataPacket, metadataPacket } from '../helpers/earshot-harness';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { waitFor } from '../helpers/wait-for';

const ACS_ISSUER = 'https://acscallautomation.communication.azure.com';
const EMULATOR_AUDIENCE = 'earshot-emulator';
const PASSWORD = 'a-long-enough-password';
const SEATTLE_CALL = 'scope-seattle-call';
const BOSTON_CALL = 'scope-boston-call';
const NOBODY_CALL = 'scope-nobody-call';
const SEATTLE_CALLER = '4:+14255550101';
const BOSTON_CALLER = '4:+16175550101';

type Who = 'admin' | 'seattle' | 'boston' | 'viewer' | 'anonymous';
const USERS = { seattle: 'sup-seattle', boston: 'sup-boston', viewer: 'viewer-seattle' } as const;

let server: NextServer;
const cookies: Record<Who, string> = { admin: '', seattle: '', boston: '', viewer: '', anonymous: '' };
let seattle: Team;
let boston: Team;
const streams: WebSocket[] = [];

interface Answer<T = unknown> {
  status: number;
  body: Result<T> | null;
}

async function call<T = unknown>(who: Who, method: string, pathname: string, body?: unknown): Promise<Answer<T>> {
  const cookie = cookies[who];
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), origin: server.url, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('application/json') ? (JSON.parse(text) as Result<T>) : null;
  return { status: response.status, body: json };
}

function data<T>(answer: Answer<T>): T {
  if (!answer.body?.ok) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.data;
}

async function login(username: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { origin: server.url, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  await response.text();
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Streams lines into the ingress as ACS does; the stream stays open (the call live) until the test ends. */
async function streamCall(callId: string, speaker: string, lines: string[]): Promise<(line: string) => Promise<void>> {
  const key = await loadOrCreateDevSigningKey(path.join(server.dataDir, 'dev-signing-key.json'));
  const token = await signAcsToken(key, ACS_ISSUER, EMULATOR_AUDIENCE);
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/transcripts`, { headers: { authorization: `Bearer ${token}`, 'x-ms-call-connection-id': callId } });
  streams.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let offset = 0;
  const send = (packet: unknown) => new Promise<void>((resolve, reject) => socket.send(JSON.stringify(packet), (error) => (error ? reject(error) : resolve())));
  const say = async (line: string) => send(dataPacket(line, { speaker, offsetMs: 1000 * offset++ }));
  await send(metadataPacket(callId));
  for (const line of lines) await say(line);
  await waitFor(async () => {
    const answer = await call<CallHistory>('admin', 'GET', callApiPath(callId));
    return answer.body?.ok === true && answer.body.data.segments.length === lines.length;
  }, 15_000, `the lines of ${callId}`);
  return say;
}

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A logged-in socket that records every event it receives, as JSON. */
async function openSocket(who: Who) {
  const socket: Client = connectSocket(server.url, { transports: ['websocket'], extraHeaders: { cookie: cookies[who] }, reconnection: false, forceNew: true });
  const events: { event: string; json: string }[] = [];
  socket.onAny((event: string, ...args: unknown[]) => events.push({ event, json: JSON.stringify(args) }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ask = <T>(event: 'calls:watch' | 'alerts:watch') =>
    new Promise<Result<T>>((resolve) => (socket.emit as (name: string, ack: (result: Result<T>) => void) => void)(event, resolve));
  return {
    socket,
    events,
    watch: async () => data({ status: 200, body: await ask<CallListSnapshot>('calls:watch') }),
    watchAlerts: async () => data({ status: 200, body: await ask<AlertSnapshot>('alerts:watch') }),
    open: (callId: string) => new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq: 0 }, resolve)),
    older: (callId: string) => new Promise<Result<unknown>>((resolve) => socket.emit('call:history', { callId, beforeSeq: 5 }, resolve)),
    /** Events received so far that mention the call id anywhere. */
    about: (callId: string) => events.filter((entry) => entry.json.includes(callId)),
    rows: () => events.filter((entry) => entry.event === 'calls:changed').flatMap((entry) => (JSON.parse(entry.json) as CallListRow[][])[0] ?? []),
  };
}
type Watcher = Awaited<ReturnType<typeof openSocket>>;

/** A round trip on the socket: every event the server sent it before this request arrived has been received. */
async function settled(watcher: Watcher) {
  await watcher.watchAlerts();
}

beforeAll(async () => {
  // A short grace: a closed transcript stream ends its call soon (the erasure test needs an ended call).
  server = await startNextServer({ env: { DEMO_CALLS: '0', STREAM_RECONNECT_GRACE_SECONDS: '1' } });
  cookies.admin = await server.login();
  seattle = data(await call<Team>('admin', 'POST', '/api/admin/teams', { name: 'Seattle', match: ['4:+1425555*'] }));
  boston = data(await call<Team>('admin', 'POST', '/api/admin/teams', { name: 'Boston', match: ['4:+1617555*'] }));
  const users: [keyof typeof USERS, 'supervisor' | 'viewer', string][] = [
    ['seattle', 'supervisor', seattle.id],
    ['boston', 'supervisor', boston.id],
    ['viewer', 'viewer', seattle.id],
  ];
  for (const [who, role, teamId] of users) {
    data(await call('admin', 'POST', '/api/admin/users', { username: USERS[who], password: PASSWORD, role, teamIds: [teamId] }));
    cookies[who] = await login(USERS[who]);
  }
}, 600_000);

afterAll(async () => {
  for (const socket of streams) socket.close();
  await server?.close();
});

describe('team-scoped visibility', () => {
  let watchers: Record<'admin' | 'seattle' | 'boston' | 'viewer', Watcher>;
  let saySeattle: (line: string) => Promise<void>;

  it('routes list rows, segments and alerts only to the call’s teams (and admins)', async () => {
    watchers = { admin: await openSocket('admin'), seattle: await openSocket('seattle'), boston: await openSocket('boston'), viewer: await openSocket('viewer') };
    for (const watcher of Object.values(watchers)) {
      await watcher.watch();
      await watcher.watchAlerts();
    }
    saySeattle = await streamCall(SEATTLE_CALL, SEATTLE_CALLER, ['Hello from Seattle.', 'I want to cancel my account.']);
    await streamCall(BOSTON_CALL, BOSTON_CALLER, ['Hello from Boston.', 'I want to cancel my account.']);
    await streamCall(NOBODY_CALL, '8:acs:nobody', ['Hello from nowhere.']);

    const sees = (watcher: Watcher, callId: string) => watcher.rows().some((row) => row.callId === callId);
    await waitFor(() => sees(watchers.seattle, SEATTLE_CALL) && sees(watchers.boston, BOSTON_CALL) && sees(watchers.admin, NOBODY_CALL), 15_000, 'the list rows');
    await waitFor(() => watchers.seattle.events.some((entry) => entry.event === 'alert:raised' && entry.json.includes(SEATTLE_CALL)), 15_000, 'the Seattle alert');
    await waitFor(() => watchers.boston.events.some((entry) => entry.event === 'alert:raised' && entry.json.includes(BOSTON_CALL)), 15_000, 'the Boston alert');
    expect(watchers.viewer.rows().some((row) => row.callId === SEATTLE_CALL)).toBe(true);
    expect(watchers.seattle.rows().find((row) => row.callId === SEATTLE_CALL)?.teamIds).toEqual([seattle.id]);
    expect(watchers.admin.rows().find((row) => row.callId === NOBODY_CALL)?.teamIds).toEqual(['unassigned']);

    // Segments go to the call's room, which only allowed sockets may join.
    expect(await watchers.boston.open(SEATTLE_CALL)).toMatchObject({ ok: false, error: { code: 'not_found', message: `No call ${SEATTLE_CALL}.` } });
    expect(await watchers.boston.open('scope-no-such-call')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await watchers.boston.older(SEATTLE_CALL)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await watchers.seattle.open(SEATTLE_CALL)).toMatchObject({ ok: true, data: { call: { callId: SEATTLE_CALL } } });
    expect(await watchers.viewer.open(SEATTLE_CALL)).toMatchObject({ ok: true });
    expect(await watchers.seattle.older(SEATTLE_CALL)).toMatchObject({ ok: true });
    await saySeattle('One more line from Seattle.');
    await waitFor(() => watchers.seattle.events.some((entry) => entry.event === 'call:segment' && entry.json.includes('One more line')), 15_000, 'the new segment');

    for (const watcher of Object.values(watchers)) await settled(watcher);
    expect(watchers.boston.about(SEATTLE_CALL)).toEqual([]);
    expect(watchers.boston.about(NOBODY_CALL)).toEqual([]);
    expect(watchers.seattle.about(BOSTON_CALL)).toEqual([]);
    expect(watchers.seattle.about(NOBODY_CALL)).toEqual([]);
    expect(watchers.viewer.about(BOSTON_CALL)).toEqual([]);

    // Snapshots are filtered the same way.
    const ids = async (watcher: Watcher) => (await watcher.watch()).calls.map((row) => row.callId).sort();
    expect(await ids(watchers.seattle)).toEqual([SEATTLE_CALL]);
    expect(await ids(watchers.boston)).toEqual([BOSTON_CALL]);
    expect(await ids(watchers.admin)).toEqual([BOSTON_CALL, NOBODY_CALL, SEATTLE_CALL]);
    expect((await watchers.boston.watchAlerts()).alerts.map((alert) => alert.callId)).toEqual([BOSTON_CALL]);
  });

  it('walks every route that takes a call id: 404 outside the call’s teams, as for a missing call', async () => {
    const note = await call<{ id: string }>('seattle', 'POST', callApiPath(SEATTLE_CALL, 'annotations'), { kind: 'note', text: 'Seattle only' });
    expect(note.status).toBe(201);
    const noteId = note.body?.ok ? note.body.data.id : '';
    const routes: { method: string; path: string; body?: unknown; permission: 'none' | 'control' | 'export' | 'erase'; authorOnly?: boolean }[] = [
      { method: 'GET', path: callApiPath(SEATTLE_CALL), permission: 'none' },
      { method: 'GET', path: callApiPath(SEATTLE_CALL, 'annotations'), permission: 'none' },
      { method: 'POST', path: callApiPath(SEATTLE_CALL, 'annotations'), body: { kind: 'note', text: 'probe' }, permission: 'none' },
      // Only its author (the Seattle supervisor, who goes last) may delete a note: the others who see the call get 403.
      { method: 'DELETE', path: `${callApiPath(SEATTLE_CALL, 'annotations')}/${noteId}`, permission: 'none', authorOnly: true },
      { method: 'GET', path: `${callApiPath(SEATTLE_CALL, 'export')}?format=json`, permission: 'export' },
      { method: 'POST', path: callApiPath(SEATTLE_CALL, 'transcription/stop'), body: {}, permission: 'control' },
      { method: 'POST', path: callApiPath(SEATTLE_CALL, 'transcription/start'), body: {}, permission: 'control' },
      { method: 'POST', path: callApiPath(SEATTLE_CALL, 'transcription/update'), body: { locale: 'en-US' }, permission: 'control' },
      { method: 'POST', path: callApiPath(SEATTLE_CALL, 'summarize'), body: {}, permission: 'control' },
      { method: 'POST', path: callApiPath(SEATTLE_CALL, 'hang-up'), body: { forEveryone: false }, permission: 'control' },
      { method: 'DELETE', path: callApiPath(SEATTLE_CALL), body: {}, permission: 'erase' },
      { method: 'POST', path: '/api/rules/test', body: { rule: { name: 't', severity: 'info', when: { kind: 'phrases', phrases: ['hello'] } }, callId: SEATTLE_CALL }, permission: 'none' },
    ];
    const grants: Record<Exclude<Who, 'anonymous'>, string[]> = { admin: ['none', 'control', 'export', 'erase'], seattle: ['none', 'control', 'export'], boston: ['none', 'control', 'export'], viewer: ['none'] };
    for (const route of routes) {
      const missing = await call('boston', route.method, route.path.replace(SEATTLE_CALL, 'scope-no-such-call'), route.body);
      for (const who of ['anonymous', 'boston', 'viewer', 'admin', 'seattle'] as const) {
        const answer = await call(who, route.method, route.path, route.body);
        const label = `${who} ${route.method} ${route.path}`;
        if (who === 'anonymous') expect(answer.status, label).toBe(401);
        else if (!grants[who].includes(route.permission)) expect(answer.status, label).toBe(403);
        else if (who === 'boston') {
          // Exactly the answer for a call that does not exist.
          expect(answer, label).toEqual({ ...missing, body: missing.body && !missing.body.ok ? { ...missing.body, error: { ...missing.body.error, message: missing.body.error.message.replace('scope-no-such-call', SEATTLE_CALL) } } : missing.body });
          expect(answer.status, label).toBe(404);
        } else if (route.authorOnly && who !== 'seattle') expect(answer.status, label).toBe(403);
        else {
          // Past the checks: whatever the route answers, it is not a refusal (ACS itself may say 404 for a call it
          // never placed, the emulator's own code, never Earshot's `not_found`).
          expect([401, 403], label).not.toContain(answer.status);
          expect((answer.body as { error?: { code?: string } } | null)?.error?.code, label).not.toBe('not_found');
        }
      }
    }
  });

  it('filters the history, search, bulk export and alerts in the query', async () => {
    const history = async (who: Who, query = 'state=all') => data(await call<{ calls: CallListRow[] }>(who, 'GET', `/api/calls?${query}`)).calls.map((row) => row.callId).sort();
    expect(await history('seattle')).toEqual([SEATTLE_CALL]);
    expect(await history('boston')).toEqual([BOSTON_CALL]);
    expect(await history('admin')).toEqual([BOSTON_CALL, NOBODY_CALL, SEATTLE_CALL]);
    // One row a page: the cursor pages within the asker's calls only.
    const first = data(await call<{ calls: CallListRow[]; nextCursor: string | null }>('boston', 'GET', '/api/calls?state=all&limit=1'));
    expect(first.calls.map((row) => row.callId)).toEqual([BOSTON_CALL]);
    expect(first.nextCursor).toBeNull();
    const plain = data(await call<{ calls: { callId: string }[] }>('seattle', 'GET', '/api/calls')).calls.map((entry) => entry.callId);
    expect(plain).toEqual([SEATTLE_CALL]);

    const search = async (who: Who) => data(await call<{ hits: { callId: string }[] }>(who, 'GET', '/api/search?q=hello')).hits.map((hit) => hit.callId).sort();
    expect(await search('seattle')).toEqual([SEATTLE_CALL]);
    expect(await search('boston')).toEqual([BOSTON_CALL]);
    expect(await search('admin')).toEqual([BOSTON_CALL, NOBODY_CALL, SEATTLE_CALL]);

    const exported = async (who: Who, query: string) => {
      const response = await fetch(`${server.url}/api/export?${query}`, { headers: { cookie: cookies[who] } });
      expect(response.status).toBe(200);
      const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
      return Object.values(files).map((bytes) => (JSON.parse(strFromU8(bytes)) as { call: { callId: string } }).call.callId).sort();
    };
    expect(await exported('boston', 'format=json&state=all')).toEqual([BOSTON_CALL]);
    expect(await exported('seattle', 'format=json&q=hello')).toEqual([SEATTLE_CALL]);

    const alerts = async (who: Who) => data(await call<{ alerts: Alert[] }>(who, 'GET', '/api/alerts?state=all')).alerts;
    const bostonAlerts = await alerts('boston');
    expect(bostonAlerts.map((alert) => alert.callId)).toEqual([BOSTON_CALL]);
    const seattleAlert = (await alerts('seattle'))[0];
    expect(seattleAlert?.callId).toBe(SEATTLE_CALL);
    const alertId = seattleAlert?.id ?? '';
    expect((await call('boston', 'POST', `/api/alerts/${alertId}/ack`)).status).toBe(404);
    // As for an alert that does not exist: an empty delivery log.
    expect(await call('boston', 'GET', `/api/alerts/${alertId}/deliveries`)).toEqual(await call('boston', 'GET', '/api/alerts/no-such-alert/deliveries'));
    expect(await call('boston', 'GET', `/api/alerts/${alertId}/deliveries`)).toMatchObject({ status: 200, body: { ok: true, data: [] } });
    expect((await call('viewer', 'GET', `/api/alerts/${alertId}/deliveries`)).status).toBe(200);
    expect((await call('seattle', 'POST', `/api/alerts/${alertId}/ack`)).status).toBe(200);
    await waitFor(() => watchers.seattle.events.some((entry) => entry.event === 'alert:updated' && entry.json.includes(alertId)), 10_000, 'the acknowledgement');
    await settled(watchers.boston);
    expect(watchers.boston.about(SEATTLE_CALL)).toEqual([]);
  });

  it('assigns a team to a call placed from Earshot only when the asker is in it', async () => {
    const connect = (who: Who, teamId: string) => call<{ callId: string }>(who, 'POST', '/api/calls/connect', { locator: { kind: 'roomCallLocator', id: `room-${teamId}` }, teamId });
    expect(await connect('seattle', boston.id)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid_request', message: 'teamId: not a team you are in.' } } });
    expect(await connect('seattle', 'no-such-team')).toMatchObject({ status: 400 });
    const placed = await connect('seattle', seattle.id);
    expect(placed.status).toBe(201);
    const callId = placed.body?.ok ? placed.body.data.callId : '';
    await waitFor(async () => (await call('seattle', 'GET', callApiPath(callId))).status === 200, 10_000, 'the connected call');
    expect((await call('boston', 'GET', callApiPath(callId))).status).toBe(404);
    // An admin may give any team.
    expect((await connect('admin', boston.id)).status).toBe(201);
  });

  it('applies team changes to open sockets without a reconnect', async () => {
    const bostonWatcher = watchers.boston;
    // Boston's supervisor is given Seattle too: told to re-request, and the snapshot now has the Seattle call.
    const rescoped = () => bostonWatcher.events.filter((entry) => entry.event === 'calls:rescoped').length;
    const before = rescoped();
    data(await call<UserSummary>('admin', 'PATCH', `/api/admin/users/${USERS.boston}`, { teamIds: [boston.id, seattle.id] }));
    await waitFor(() => rescoped() > before, 10_000, 'calls:rescoped');
    expect((await bostonWatcher.watch()).calls.map((row) => row.callId)).toContain(SEATTLE_CALL);
    await saySeattle('Boston hears this now.');
    await waitFor(() => bostonWatcher.rows().some((row) => row.callId === SEATTLE_CALL), 15_000, 'a Seattle row for the Boston supervisor');
    expect((await bostonWatcher.open(SEATTLE_CALL)).ok).toBe(true);

    // Seattle's patterns no longer match the call: it leaves Seattle (now Unassigned); open pages hear call:hidden.
    data(await call<Team>('admin', 'PATCH', `/api/admin/teams/${seattle.id}`, { match: ['4:+1999*'] }));
    await waitFor(() => watchers.seattle.events.some((entry) => entry.event === 'call:hidden' && entry.json.includes(SEATTLE_CALL)), 10_000, 'call:hidden');
    await waitFor(() => bostonWatcher.events.some((entry) => entry.event === 'call:hidden' && entry.json.includes(SEATTLE_CALL)), 10_000, 'call:hidden for Boston');
    expect((await watchers.seattle.watch()).calls.map((row) => row.callId)).not.toContain(SEATTLE_CALL);
    expect(data(await call<{ calls: CallListRow[] }>('seattle', 'GET', '/api/calls?state=all')).calls.map((row) => row.callId)).not.toContain(SEATTLE_CALL);
    expect((await call('seattle', 'GET', callApiPath(SEATTLE_CALL))).status).toBe(404);
    // The list feed, whose next row for the call names its new team, tells the Seattle list room too.
    const hiddenFromSeattle = () => watchers.seattle.events.filter((entry) => entry.event === 'call:hidden' && entry.json.includes(SEATTLE_CALL)).length;
    await waitFor(() => hiddenFromSeattle() === 2, 10_000, 'call:hidden from the list feed');
    const seattleEventsBefore = watchers.seattle.about(SEATTLE_CALL).length;
    await saySeattle('Nobody in Seattle hears this.');
    await waitFor(() => watchers.admin.events.some((entry) => entry.event === 'calls:changed' && entry.json.includes('Nobody in Seattle')), 15_000, 'the admin row');
    await settled(watchers.seattle);
    expect(watchers.seattle.about(SEATTLE_CALL).length).toBe(seattleEventsBefore);

    // The viewer is made responsible for Unassigned: the call comes back for them.
    data(await call<UserSummary>('admin', 'PATCH', `/api/admin/users/${USERS.viewer}`, { teamIds: [seattle.id, 'unassigned'] }));
    expect((await watchers.viewer.watch()).calls.map((row) => row.callId)).toEqual(expect.arrayContaining([NOBODY_CALL, SEATTLE_CALL]));
    expect((await call('viewer', 'GET', callApiPath(NOBODY_CALL))).status).toBe(200);
    expect(data(await call<UserSummary[]>('admin', 'GET', '/api/admin/users')).find((user) => user.username === USERS.viewer)?.teamIds).toEqual([seattle.id, 'unassigned'].sort());

    // Deleting Boston: its calls become Unassigned, which the Boston supervisor is not responsible for.
    data(await call('admin', 'DELETE', `/api/admin/teams/${boston.id}`));
    await waitFor(async () => (await call('boston', 'GET', callApiPath(BOSTON_CALL))).status === 404, 10_000, 'Boston call hidden');
    expect((await watchers.viewer.watch()).calls.map((row) => row.callId)).toContain(BOSTON_CALL);
  });

  it('puts a call in the teams the directory gives one of its participants, in SQL and on open sockets', async () => {
    const entryPath = `/api/admin/directory/${encodeURIComponent('8:acs:nobody')}`;
    const rescoped = () => watchers.seattle.events.filter((entry) => entry.event === 'calls:rescoped').length;
    const before = rescoped();
    expect((await call('seattle', 'GET', callApiPath(NOBODY_CALL))).status).toBe(404);
    expect((await call('admin', 'PUT', entryPath, { displayName: 'Nobody', kind: 'agent', teamIds: [seattle.id] })).status).toBe(201);
    await waitFor(() => rescoped() > before, 10_000, 'calls:rescoped after the directory change');
    expect((await call('seattle', 'GET', callApiPath(NOBODY_CALL))).status).toBe(200);
    expect((await watchers.seattle.watch()).calls.map((row) => row.callId)).toContain(NOBODY_CALL);
    // The stored teams were recomputed too: the history (filtered in SQL) has it.
    expect(data(await call<{ calls: CallListRow[] }>('seattle', 'GET', '/api/calls?state=all')).calls.map((row) => row.callId)).toContain(NOBODY_CALL);
    // A rename that keeps the teams changes nobody's access.
    const renamedAt = rescoped();
    expect((await call('admin', 'PUT', entryPath, { displayName: 'Somebody', kind: 'agent', teamIds: [seattle.id] })).status).toBe(200);
    await settled(watchers.seattle);
    expect(rescoped()).toBe(renamedAt);
    // Without the entry the call is Unassigned again.
    expect((await call('admin', 'DELETE', entryPath)).status).toBe(200);
    expect((await call('seattle', 'GET', callApiPath(NOBODY_CALL))).status).toBe(404);
    expect(data(await call<{ calls: CallListRow[] }>('seattle', 'GET', '/api/calls?state=all')).calls.map((row) => row.callId)).not.toContain(NOBODY_CALL);
  });

  it('keeps the erasure of a call from other teams’ sockets', async () => {
    // NOBODY_CALL is live (its stream is open); end it by closing the stream, then erase it as admin.
    streams[2]?.close();
    await waitFor(async () => (data(await call<CallHistory>('admin', 'GET', callApiPath(NOBODY_CALL))).call.state === 'disconnected'), 15_000, 'the call to end');
    expect((await call('admin', 'DELETE', callApiPath(NOBODY_CALL), {})).status).toBe(200);
    await waitFor(() => watchers.viewer.events.some((entry) => entry.event === 'call:erased' && entry.json.includes(NOBODY_CALL)), 10_000, 'the viewer hears of it');
    await settled(watchers.seattle);
    expect(watchers.seattle.events.some((entry) => entry.event === 'call:erased' && entry.json.includes(NOBODY_CALL))).toBe(false);
    for (const watcher of Object.values(watchers)) watcher.socket.close();
  });
});
