/**
 * `directory:changed` tells each browser only the names of people in calls it may see: a supervisor of one team
 * hears a new name for an agent in their team's call (on the list, and on the call page of a call they opened), not
 * for one in another team's call; an admin hears every name.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DirectoryChanged } from '../../lib/directory';
import type { CallHistory, CallListSnapshot, Result } from '../../lib/protocol';
import { hashPassword } from '../../server/auth/password-hash';
import { getRuntime } from '../../server/runtime';
import { connectSupervisor, dataPacket, metadataPacket, openAcsStream, type AcsStream, type SupervisorSocket } from '../helpers/earshot-harness';
import { earshotPerFile } from '../helpers/earshot-per-file';
import { waitFor } from '../helpers/wait-for';

const earshot = earshotPerFile();
const PASSWORD = 'a-long-enough-password';

const watch = (socket: SupervisorSocket) => new Promise<Result<CallListSnapshot>>((resolve) => socket.emit('calls:watch', resolve));
const open = (socket: SupervisorSocket, callId: string) => new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq: 0, fromEnd: true }, resolve));

async function supervisorOf(teamId: string, username: string): Promise<SupervisorSocket> {
  const { server } = earshot;
  await server.store.createSupervisor({ username, passwordHash: await hashPassword(PASSWORD), createdAt: Date.now() });
  expect(await server.store.updateUser(username, { role: 'supervisor', teamIds: [teamId] })).toMatchObject({ ok: true });
  const login = await server.auth.login(username, PASSWORD, 'test');
  if (!login.ok) throw new Error(login.message);
  return connectSupervisor(server, `earshot_session=${login.token}`);
}

async function streamCall(callId: string, caller: string, agent: string): Promise<AcsStream> {
  const stream = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
  await stream.send(metadataPacket(callId));
  await stream.send(dataPacket('Hello, I need help.', { speaker: caller }));
  await stream.send(dataPacket('Of course.', { speaker: agent, offsetMs: 1_000 }));
  return stream;
}

describe('directory labels by team', () => {
  it('reach a team supervisor for people in their calls only, and an admin for everyone', async () => {
    const { server } = earshot;
    const seattle = { id: randomUUID(), name: 'Seattle', match: ['4:+1206555*'], createdAt: Date.now() };
    const boston = { id: randomUUID(), name: 'Boston', match: ['4:+1617555*'], createdAt: Date.now() };
    for (const team of [seattle, boston]) expect(await server.store.createTeam(team)).toMatchObject({ ok: true });
    await server.access.teamsChanged();
    const seattleAgent = `8:acs:res_seattle-${randomUUID()}`;
    const bostonAgent = `8:acs:res_boston-${randomUUID()}`;
    const seattleCall = `labels-seattle-${randomUUID()}`;
    const bostonCall = `labels-boston-${randomUUID()}`;
    const streams = [await streamCall(seattleCall, '4:+12065550142', seattleAgent), await streamCall(bostonCall, '4:+16175550142', bostonAgent)];
    const listWatcher = await supervisorOf(seattle.id, 'sup-labels-list');
    const pageReader = await supervisorOf(seattle.id, 'sup-labels-page');
    const admin = await earshot.supervisor();
    const heard = { list: [] as DirectoryChanged[], page: [] as DirectoryChanged[], admin: [] as DirectoryChanged[] };
    listWatcher.on('directory:changed', (event) => heard.list.push(event));
    pageReader.on('directory:changed', (event) => heard.page.push(event));
    admin.on('directory:changed', (event) => heard.admin.push(event));
    try {
      await waitFor(async () => {
        const snapshot = await watch(listWatcher);
        return snapshot.ok && snapshot.data.calls.some((row) => row.callId === seattleCall && row.lastSeq === 2);
      }, 10_000, "the Seattle call on the Seattle supervisor's list");
      expect((await open(pageReader, seattleCall)).ok).toBe(true);
      expect((await open(pageReader, bostonCall)).ok).toBe(false);

      const directory = getRuntime().directoryAdmin;
      // Boston's agent first: only the admin hears it.
      expect((await directory.put('sam', bostonAgent, { displayName: 'Bea', kind: 'agent' })).status).toBe(201);
      await waitFor(() => heard.admin.length === 1, 10_000, 'the admin told of Bea');
      expect(heard.admin[0]?.labels).toEqual([{ rawId: bostonAgent, label: 'Bea (agent)' }]);
      // Then Seattle's: everyone hears it — the list by its team's rows, the page by the call it has open.
      expect((await directory.put('sam', seattleAgent, { displayName: 'Sid', kind: 'agent' })).status).toBe(201);
      await waitFor(() => heard.admin.length === 2 && heard.list.length === 1 && heard.page.length === 1, 10_000, 'everyone told of Sid');
      for (const events of [heard.list, heard.page]) expect(events).toEqual([{ labels: [{ rawId: seattleAgent, label: 'Sid (agent)' }] }]);
      expect(JSON.stringify([heard.list, heard.page])).not.toContain('Bea');
    } finally {
      for (const socket of [listWatcher, pageReader, admin]) socket.disconnect();
      for (const stream of streams) await stream.close();
    }
  });
});
