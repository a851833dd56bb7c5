/**
 * A call's teams follow its participants while it runs: when a participant leaves and the call leaves a team, a
 * supervisor of that team who has the call open stops hearing about it at once (`call:hidden`, room left) — not only
 * at the next team or user change. Through the real ACS callback route, with real socket.io clients.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistory, CallListRow, CallListSnapshot, Result } from '../../lib/protocol';
import { hashPassword } from '../../server/auth/password-hash';
import type { EarshotServer } from '../../server/create-app';
import { connectSupervisor, startEarshot, startTestAcs, tempDatabasePath, type SupervisorSocket, type TestAcs } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

const CALLER = '4:+14255550142';
const AGENT = '8:acs:agent-call-teams';
const PASSWORD = 'a-long-enough-password';

let acs: TestAcs;
let server: EarshotServer;

beforeAll(async () => {
  acs = await startTestAcs();
  server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl });
});

afterAll(async () => {
  await server?.close();
  await acs?.close();
});

function participantsUpdated(callId: string, rawIds: string[]) {
  return {
    id: randomUUID(),
    source: `calling/callConnections/${callId}`,
    type: 'Microsoft.Communication.ParticipantsUpdated',
    data: { callConnectionId: callId, serverCallId: 'srv', correlationId: 'corr', participants: rawIds.map((rawId) => ({ identifier: { rawId } })) },
    time: new Date().toISOString(),
    specversion: '1.0',
    datacontenttype: 'application/json',
    subject: `calling/callConnections/${callId}`,
  };
}

async function postCallback(event: unknown) {
  const response = await fetch(`${server.url}/api/acs/callbacks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await acs.sign()}` },
    body: JSON.stringify([event]),
  });
  expect(response.status).toBe(200);
}

async function supervisorOf(teamIds: string | string[], username: string): Promise<SupervisorSocket> {
  await server.store.createSupervisor({ username, passwordHash: await hashPassword(PASSWORD), createdAt: Date.now() });
  expect(await server.store.updateUser(username, { role: 'supervisor', teamIds: typeof teamIds === 'string' ? [teamIds] : teamIds })).toMatchObject({ ok: true });
  const login = await server.auth.login(username, PASSWORD, 'test');
  if (!login.ok) throw new Error(login.message);
  return connectSupervisor(server, `earshot_session=${login.token}`);
}

const open = (socket: SupervisorSocket, callId: string) =>
  new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq: 0 }, resolve));

const watchList = (socket: SupervisorSocket) =>
  new Promise<Result<CallListSnapshot>>((resolve) => socket.emit('calls:watch', resolve));

describe('call teams while a call runs', () => {
  it('hides a call from an open page of a team it left when a participant leaves', async () => {
    const team = { id: randomUUID(), name: 'Redmond callers', match: ['4:+1425555*'], createdAt: Date.now() };
    expect(await server.store.createTeam(team)).toMatchObject({ ok: true });
    await server.access.teamsChanged();
    const socket = await supervisorOf(team.id, 'sup-redmond');
    const hidden: string[] = [];
    socket.on('call:hidden', ({ callId }) => hidden.push(callId));
    try {
      const callId = `call-teams-${randomUUID()}`;
      await postCallback(participantsUpdated(callId, [CALLER, AGENT]));
      await server.calls.flushNow();
      const opened = await open(socket, callId);
      expect(opened.ok).toBe(true);

      // The caller hangs up; the agent stays: the call is no longer a Redmond call.
      await postCallback(participantsUpdated(callId, [AGENT]));
      await waitFor(() => hidden.includes(callId), 10_000, 'call:hidden for the open call');
      expect(await open(socket, callId)).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect((await server.store.listCallTeams([callId])).get(callId) ?? []).toEqual([]);

      // Back in the team: it can be opened again.
      await postCallback(participantsUpdated(callId, [AGENT, CALLER]));
      await waitFor(async () => (await open(socket, callId)).ok, 10_000, 'the call to open again');
    } finally {
      socket.close();
    }
  });

  it('drops the row from the lists of watchers who saw the call only through the team it left', async () => {
    const redmond = { id: randomUUID(), name: 'Redmond callers (list)', match: ['4:+1425555*'], createdAt: Date.now() };
    const agents = { id: randomUUID(), name: 'Agents (list)', match: ['8:acs:agent-*'], createdAt: Date.now() };
    for (const team of [redmond, agents]) expect(await server.store.createTeam(team)).toMatchObject({ ok: true });
    await server.access.teamsChanged();
    const redmondOnly = await supervisorOf(redmond.id, 'sup-list-redmond');
    const agentsOnly = await supervisorOf(agents.id, 'sup-list-agents');
    const both = await supervisorOf([redmond.id, agents.id], 'sup-list-both');
    const sockets = { redmondOnly, agentsOnly, both };
    const hidden = new Map<string, string[]>();
    const rows = new Map<string, CallListRow[]>();
    try {
      for (const [name, socket] of Object.entries(sockets)) {
        hidden.set(name, []);
        rows.set(name, []);
        socket.on('call:hidden', ({ callId }) => hidden.get(name)?.push(callId));
        socket.on('calls:changed', (changed) => rows.get(name)?.push(...changed));
      }
      for (const socket of Object.values(sockets)) expect((await watchList(socket)).ok).toBe(true);

      const callId = `call-teams-list-${randomUUID()}`;
      await postCallback(participantsUpdated(callId, [CALLER, AGENT]));
      await server.calls.flushNow();
      for (const name of Object.keys(sockets)) await waitFor(() => (rows.get(name) ?? []).some((row) => row.callId === callId), 10_000, `${name} to list the call`);

      // The caller hangs up: the call is an Agents call only.
      await postCallback(participantsUpdated(callId, [AGENT]));
      await server.calls.flushNow();
      await waitFor(() => hidden.get('redmondOnly')?.includes(callId) ?? false, 10_000, 'call:hidden for the Redmond-only watcher');
      await waitFor(() => (rows.get('agentsOnly') ?? []).some((row) => row.callId === callId && row.teamIds.length === 1 && row.teamIds[0] === agents.id), 10_000, 'the new row');
      // Who still sees the call is not told to drop it (events to one socket arrive in order: the row came after).
      await waitFor(() => (rows.get('both') ?? []).some((row) => row.callId === callId && row.teamIds.length === 1), 10_000, 'the row for the two-team watcher');
      expect(hidden.get('agentsOnly')).toEqual([]);
      expect(hidden.get('both')).toEqual([]);
    } finally {
      for (const socket of Object.values(sockets)) socket.close();
    }
  });
});
