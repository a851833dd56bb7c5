/**
 * History, retention and erasure through a real server (the harness) and the real route handlers (called with the
 * runtime the server publishes): the filtered list and its 400s, the retention sweep with an injected clock, and
 * erasure (404 / 409 / 200), its audit, and the socket notice to the list and the call's page.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_PARAMS } from '../../lib/call-history-filter';
import { GET as listCalls } from '../../app/api/calls/route';
import { DELETE as eraseCall } from '../../app/api/calls/[callId]/route';
import { GET as listErasures } from '../../app/api/erasures/route';
import type { Erasure } from '../../lib/erasure';
import type { CallErased, CallHistory, CallListRow, CallListSnapshot, Result } from '../../lib/protocol';
import { hashPassword } from '../../server/auth/password-hash';
import type { EarshotServer } from '../../server/create-app';
import { newCallRecord, type CallRecord } from '../../server/domain/call-record';
import { SUPERVISOR_HEADER } from '../../server/http/request-gate';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { connectSupervisor, startEarshot, startTestAcs, tempDatabasePath, type SupervisorSocket, type TestAcs } from '../helpers/earshot-harness';
import { newFinal } from '../helpers/store-contract';
import { waitFor } from '../helpers/wait-for';

const DAY_MS = 86_400_000;
const PASSWORD = 'a-long-enough-password';
const NOW = Date.UTC(2026, 11, 2, 12);

let acs: TestAcs;
let server: EarshotServer;
let clock = NOW;

function ended(id: string, endedAt: number, fields: Partial<CallRecord> = {}): CallRecord {
  return { ...newCallRecord(id, endedAt - 60_000, null), state: 'disconnected', endedAt, ...fields };
}

beforeAll(async () => {
  acs = await startTestAcs();
  const databasePath = tempDatabasePath();
  // Stored before the server starts: its first retention sweep runs at start.
  const seed = await openSqliteCallStore(databasePath);
  await seed.ensureCall(ended('old-call', NOW - 31 * DAY_MS));
  await seed.appendFinals([newFinal('old-call', 'hace mucho')]);
  await seed.ensureCall(ended('recent-call', NOW - 29 * DAY_MS, { locale: 'es-ES' }));
  // Callbacks drive it (so the start-up reconcile leaves it alone without an ACS to ask).
  await seed.ensureCall({ ...newCallRecord('live-call', NOW - 40 * DAY_MS, null), state: 'connected', lifecycleManaged: true });
  for (let index = 0; index < 5; index += 1) await seed.ensureCall(ended(`es-${index}`, NOW - index * 1_000, { locale: 'es-MX' }));
  await seed.ensureCall(ended('en-0', NOW - 500, { locale: 'en-US' }));
  await seed.close();
  server = await startEarshot({ databasePath, jwksUrl: acs.jwksUrl, now: () => clock, env: { RETENTION_DAYS: '30' } });
});

afterAll(async () => {
  await server?.close();
  await acs?.close();
});

async function get<T>(handler: (request: Request) => Promise<Response>, url: string): Promise<{ status: number; body: Result<T> }> {
  const response = await handler(new Request(`http://earshot.test${url}`, { headers: { [SUPERVISOR_HEADER]: 'sam' } }));
  return { status: response.status, body: (await response.json()) as Result<T> };
}

async function erase(callId: string, body?: unknown): Promise<{ status: number; body: Result<{ erased: string }> }> {
  const request = new Request(`http://earshot.test/api/calls/${encodeURIComponent(callId)}`, {
    method: 'DELETE',
    headers: { [SUPERVISOR_HEADER]: 'sam', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const response = await eraseCall(request, { params: Promise.resolve({ callId: encodeURIComponent(callId) }) });
  return { status: response.status, body: (await response.json()) as Result<{ erased: string }> };
}

type Page = { calls: CallListRow[]; nextCursor: string | null };
const ids = (page: { body: Result<Page> }) => (page.body.ok ? page.body.data.calls.map((row) => row.callId) : page.body.error.message);

describe('retention', () => {
  it('deletes ended calls past RETENTION_DAYS at start, keeps recent ended and live calls', async () => {
    await waitFor(async () => (await server.store.getCall('old-call')) === null, 5_000, 'the old call deleted');
    // The sweep at start has finished (this joins it while it runs, or finds nothing left to do).
    expect(await server.retention?.sweep()).toBeLessThanOrEqual(1);
    expect(await server.store.segmentsAfter('old-call', 0, 10)).toEqual([]);
    expect(await server.store.getCall('recent-call')).not.toBeNull();
    expect(await server.store.getCall('live-call')).not.toBeNull();
  });

  it('deletes a call once the clock passes its retention, on the next sweep', async () => {
    clock = NOW + 2 * DAY_MS;
    expect(await server.retention?.sweep()).toBe(1);
    expect(await server.store.getCall('recent-call')).toBeNull();
    expect(await server.store.getCall('live-call')).not.toBeNull();
    expect(await server.retention?.sweep()).toBe(0);
    clock = NOW;
  });

  it("takes a deleted call out of the lists of its team's supervisors at once, not only admins'", async () => {
    const team = { id: randomUUID(), name: 'Retention team', match: ['4:+1206555*'], createdAt: NOW };
    expect(await server.store.createTeam(team)).toMatchObject({ ok: true });
    await server.access.teamsChanged();
    const caller = { rawId: '4:+12065550199', kind: 'phoneNumber' as const, label: 'Caller +1 206 555 0199' };
    await server.store.ensureCall(ended('team-old', NOW - 10 * DAY_MS, { participants: [caller] }));
    await server.store.setCallTeams([{ callId: 'team-old', teamIds: [team.id] }]);
    await server.store.createSupervisor({ username: 'sup-retention', passwordHash: await hashPassword(PASSWORD), createdAt: NOW });
    expect(await server.store.updateUser('sup-retention', { role: 'supervisor', teamIds: [team.id] })).toMatchObject({ ok: true });
    const login = await server.auth.login('sup-retention', PASSWORD, 'test');
    if (!login.ok) throw new Error(login.message);
    const watcher = await connectSupervisor(server, `earshot_session=${login.token}`);
    try {
      const snapshot = await new Promise<Result<CallListSnapshot>>((resolve) => watcher.emit('calls:watch', resolve));
      expect(snapshot.ok && snapshot.data.calls.map((row) => row.callId)).toEqual(['team-old']);
      const erased: string[] = [];
      watcher.on('call:erased', ({ callId }) => erased.push(callId));
      clock = NOW + 21 * DAY_MS;
      expect(await server.retention?.sweep()).toBe(1);
      await waitFor(() => erased.includes('team-old'), 5_000, "the team's list told");
      expect(erased).toEqual(['team-old']);
    } finally {
      watcher.disconnect();
      clock = NOW;
    }
  });
});

describe('GET /api/calls with filters', () => {
  it('answers as before without parameters', async () => {
    const answer = await get<{ calls: unknown[] }>(listCalls, '/api/calls');
    expect(answer.status).toBe(200);
    expect(answer.body.ok && Object.keys(answer.body.data)).toEqual(['calls']);
  });

  it('filters ended Spanish calls and pages with a cursor', async () => {
    const first = await get<Page>(listCalls, '/api/calls?state=ended&language=es&limit=3');
    expect(ids(first)).toEqual(['es-0', 'es-1', 'es-2']);
    const cursor = first.body.ok ? first.body.data.nextCursor : null;
    expect(cursor).toEqual(expect.any(String));
    const second = await get<Page>(listCalls, `/api/calls?state=ended&language=es&limit=3&cursor=${cursor ?? ''}`);
    expect(ids(second)).toEqual(['es-3', 'es-4']);
    expect(second.body.ok && second.body.data.nextCursor).toBeNull();
    // The cursor belongs to the ended order: the live list refuses it.
    expect((await get<Page>(listCalls, `/api/calls?state=live&cursor=${cursor ?? ''}`)).status).toBe(400);
    // By start time (a minute before each ended): ISO-8601 or epoch ms.
    const from = new Date(NOW - 62_500).toISOString();
    expect(ids(await get<Page>(listCalls, `/api/calls?state=ended&from=${encodeURIComponent(from)}&to=${NOW - 59_000}`))).toEqual(['es-0', 'en-0', 'es-1', 'es-2']);
  });

  it.each([
    ['state=gone', 'state'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['from=yesterday', 'from'],
    ['from=2026-12-02&to=2026-12-01', 'to'],
    ['language=es%25', 'language'],
    ['sentiment=angry', 'sentiment'],
    ['hasAlerts=yes', 'hasAlerts'],
    [`participant=${'x'.repeat(201)}`, 'participant'],
    ['text=%01', 'text'],
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from('{"v":1,"o":"ended_at","at":-1,"id":"x"}').toString('base64url')}`, 'cursor'],
    ['state=ended&state=live', 'state'],
    ['state=ended&bogus=1', 'bogus'],
  ])('refuses %s, naming %s', async (query, name) => {
    const answer = await get<Page>(listCalls, `/api/calls?${query}`);
    expect(answer.status).toBe(400);
    expect(!answer.body.ok && answer.body.error.message).toContain(name);
  });
});

describe('GET /api/calls with odd parameters', () => {
  it('answers 200 or 400, never more, for any mix of parameters and values', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom('', 'es', 'ES-mx', 'true', 'ended', '2026-12-01', '1', '200', "'; DROP TABLE calls;--", '%_\\', '\u0000', '"es"', 'NaN', '-1', '9'.repeat(20)),
    );
    const name = fc.oneof(fc.constantFrom(...HISTORY_PARAMS), fc.string({ maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 6 }), async (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const answer = await get<Page>(listCalls, `/api/calls?${query}`);
        expect([200, 400], query).toContain(answer.status);
        if (answer.status === 400) expect(answer.body.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('erasure', () => {
  it('answers 404 for an unknown call, 409 for a live one, 400 for a bad body', async () => {
    expect(await erase('nobody')).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
    expect(await erase('live-call')).toMatchObject({ status: 409, body: { ok: false, error: { code: 'call_live' } } });
    expect((await erase('es-4', { reason: 5 })).status).toBe(400);
    expect((await erase('es-4', { other: 'x' })).status).toBe(400);
    expect((await erase('es-4', '{')).status).toBe(400);
    expect(await server.store.getCall('live-call')).not.toBeNull();
    expect(await server.store.getCall('es-4')).not.toBeNull();
  });

  it('erases an ended call, audits it, and tells the list and the call page at once', async () => {
    const sockets: SupervisorSocket[] = [await connectSupervisor(server), await connectSupervisor(server)];
    try {
      const [watcher, reader] = sockets as [SupervisorSocket, SupervisorSocket];
      const snapshot = await new Promise<Result<CallListSnapshot>>((resolve) => watcher.emit('calls:watch', resolve));
      expect(snapshot.ok && snapshot.data.calls.some((row) => row.callId === 'es-3')).toBe(true);
      const opened = await new Promise<Result<CallHistory>>((resolve) => reader.emit('call:open', { callId: 'es-3', afterSeq: 0 }, resolve));
      expect(opened.ok).toBe(true);
      const notices: { socket: string; event: CallErased }[] = [];
      watcher.on('call:erased', (event) => notices.push({ socket: 'list', event }));
      reader.on('call:erased', (event) => notices.push({ socket: 'page', event }));

      clock = NOW + 5_000;
      expect(await erase('es-3', { reason: 'data-subject request #42' })).toEqual({ status: 200, body: { ok: true, data: { erased: 'es-3' } } });
      await waitFor(() => notices.length === 2, 5_000, 'both sockets told');
      expect(notices.map((notice) => notice.socket).sort()).toEqual(['list', 'page']);
      expect(notices.every((notice) => notice.event.callId === 'es-3')).toBe(true);

      expect(await server.store.getCall('es-3')).toBeNull();
      expect(await server.calls.getCall('es-3')).toBeNull();
      // Gone from the filtered list at once.
      expect(ids(await get<Page>(listCalls, '/api/calls?state=ended&language=es'))).toEqual(['es-0', 'es-1', 'es-2', 'es-4']);
      expect(ids(await get<Page>(listCalls, '/api/calls?text=es-3'))).toEqual([]);
      // Once: a second request finds nothing.
      expect((await erase('es-3')).status).toBe(404);

      const audit = await get<{ erasures: Erasure[] }>(listErasures, '/api/erasures');
      expect(audit.status).toBe(200);
      expect(audit.body.ok && audit.body.data.erasures).toEqual([{ id: expect.any(String), callId: 'es-3', actor: 'sam', at: NOW + 5_000, reason: 'data-subject request #42' }]);
      expect((await get(listErasures, '/api/erasures?limit=0')).status).toBe(400);
      expect((await get(listErasures, '/api/erasures?since=1')).status).toBe(400);
    } finally {
      for (const socket of sockets) socket.disconnect();
      clock = NOW;
    }
  });
});
