/**
 * Sessions end for live sockets too: logout, expiry and a session revoked in the store each send
 * `session:ended` to that session's sockets and disconnect them, and only them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEnded } from '../../lib/protocol';
import { hashSessionToken } from '../../server/auth/supervisor-auth';
import type { EarshotServer } from '../../server/create-app';
import { connectSupervisor, loginCookie, startEarshot, startTestAcs, tempDatabasePath, type SupervisorSocket, type TestAcs } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

const HOUR = 3_600_000;
let acs: TestAcs;
let server: EarshotServer;
/** Added to the real clock: lets a test jump past the session lifetime. */
let clockOffset = 0;

beforeAll(async () => {
  acs = await startTestAcs();
  server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, now: () => Date.now() + clockOffset, sessionCheckIntervalMs: 50 });
});

afterAll(async () => {
  await server.close();
  await acs.close();
});

function watchEnd(socket: SupervisorSocket) {
  const seen: { ended: SessionEnded[]; disconnect: string | null } = { ended: [], disconnect: null };
  socket.on('session:ended', (event) => seen.ended.push(event));
  socket.on('disconnect', (reason) => {
    seen.disconnect = reason;
  });
  return seen;
}

async function stillServed(socket: SupervisorSocket) {
  expect(socket.connected).toBe(true);
  const answer = await socket.timeout(5_000).emitWithAck('calls:watch');
  expect(answer.ok).toBe(true);
}

const tokenOf = (cookie: string) => decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));

describe('socket sessions', () => {
  it('logout ends every socket of that session at once, and no other', async () => {
    const cookie = await loginCookie(server);
    const [first, second] = [await connectSupervisor(server, cookie), await connectSupervisor(server, cookie)];
    const other = await connectSupervisor(server);
    const seen = [watchEnd(first), watchEnd(second)];
    const otherSeen = watchEnd(other);

    await server.auth.logout(tokenOf(cookie));
    await waitFor(() => seen.every((socket) => socket.disconnect !== null), 5_000, 'both sockets of the session disconnected');
    for (const socket of seen) expect(socket).toEqual({ ended: [{ reason: 'logged_out' }], disconnect: 'io server disconnect' });
    expect(otherSeen).toEqual({ ended: [], disconnect: null });
    await stillServed(other);
    await expect(connectSupervisor(server, cookie)).rejects.toThrow('unauthorized');
    other.disconnect();
  });

  it('a session that expires ends its sockets', async () => {
    const expiring = await connectSupervisor(server);
    const seen = watchEnd(expiring);
    clockOffset += 12 * HOUR + 1_000;
    // Logged in after the jump: its session is young and must stay.
    const fresh = await connectSupervisor(server);
    const freshSeen = watchEnd(fresh);
    await waitFor(() => seen.disconnect, 5_000, 'the expired session disconnected');
    expect(seen).toEqual({ ended: [{ reason: 'expired' }], disconnect: 'io server disconnect' });
    expect(freshSeen).toEqual({ ended: [], disconnect: null });
    await stillServed(fresh);
    fresh.disconnect();
  });

  it('a session revoked in the store (a logout on another instance) ends its sockets at the next check', async () => {
    const cookie = await loginCookie(server);
    const revoked = await connectSupervisor(server, cookie);
    const other = await connectSupervisor(server);
    const seen = watchEnd(revoked);
    await server.store.deleteSession(hashSessionToken(tokenOf(cookie)));
    await waitFor(() => seen.disconnect, 5_000, 'the revoked session disconnected');
    expect(seen).toEqual({ ended: [{ reason: 'revoked' }], disconnect: 'io server disconnect' });
    await stillServed(other);
    other.disconnect();
  });
});
