/**
 * A ringing call belongs to the teams of its caller and of whom it called, like a connected call: only a supervisor
 * who sees it (on their ringing list) may answer it. Anyone else learns only that it is not ringing, and the call
 * keeps ringing for those who may answer it. The answer route passes CallVisibility.seesRinging as the predicate.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AcsCallAutomation, ConnectedCall } from '../../server/acs/call-automation';
import { CallVisibility } from '../../server/auth/call-access';
import type { Actor } from '../../server/auth/authorization';
import { CallTeamResolver } from '../../server/auth/call-visibility';
import { CallControl } from '../../server/calls/call-control';
import { CallService } from '../../server/calls/call-service';
import { RingingCalls } from '../../server/calls/ringing-calls';
import { createLogger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';

const noBroadcast = { segment() {}, interim() {}, callUpdated() {}, summary() {}, callsChanged() {}, audit() {}, ringing() {} };
const defaults = { locale: 'en-US', locales: [], sentimentAnalysis: true, piiRedaction: true, intermediateResults: true, endCallSummary: false, startImmediately: true };
const SEATTLE = { id: randomUUID(), name: 'Seattle', match: ['4:+1425*'], createdAt: 1 };
const BOSTON = { id: randomUUID(), name: 'Boston', match: ['4:+1617*'], createdAt: 1 };
const seattleSupervisor: Actor = { username: 'sup-seattle', role: 'supervisor', teamIds: [SEATTLE.id] };
const bostonSupervisor: Actor = { username: 'sup-boston', role: 'supervisor', teamIds: [BOSTON.id] };
const admin: Actor = { username: 'admin', role: 'admin', teamIds: [] };

let store: CallStore;
let calls: CallService;
let ringing: RingingCalls;
let visibility: CallVisibility;
const answered: string[] = [];

beforeEach(async () => {
  store = await openSqliteCallStore(':memory:');
  const teams = new CallTeamResolver({ loadTeams: async () => [SEATTLE, BOSTON] });
  await teams.reload();
  calls = new CallService({ store, broadcaster: noBroadcast, log: createLogger('silent'), listIntervalMs: 1000, teams });
  visibility = new CallVisibility(calls);
  const acs = {
    answerCall: async (context: string): Promise<ConnectedCall> => {
      answered.push(context);
      return { callConnectionId: randomUUID(), serverCallId: 'server-call', correlationId: randomUUID(), state: 'connecting' };
    },
  } as unknown as AcsCallAutomation;
  const log = createLogger('silent');
  ringing = new RingingCalls({ store, control: new CallControl(calls, () => acs, defaults, log), broadcaster: noBroadcast, autoAnswer: false, log });
});

afterEach(async () => {
  ringing.close();
  await calls.close();
  await store.close();
  answered.length = 0;
});

async function ringFrom(fromRawId: string): Promise<string> {
  const id = randomUUID();
  await ringing.incoming({ id, incomingCallContext: `context-${id}`, fromRawId, toRawId: null, callerDisplayName: null });
  return id;
}

const answerAs = (actor: Actor, id: string) => ringing.answer(actor.username, id, {}, (call) => visibility.seesRinging(actor, call));

describe('answering a ringing call by team', () => {
  it('refuses a call of another team as not ringing, and it keeps ringing for its own team', async () => {
    const id = await ringFrom('4:+14255550199');
    expect(await answerAs(bostonSupervisor, id)).toBeNull();
    expect(answered).toEqual([]);
    expect((await ringing.list()).map((call) => call.id)).toEqual([id]);

    expect(await answerAs(seattleSupervisor, id)).toMatchObject({ callId: expect.any(String) });
    expect(answered).toEqual([`context-${id}`]);
    expect(await ringing.list()).toEqual([]);
  });

  it('lets an admin answer any call, and nobody answer a call that is not ringing', async () => {
    const id = await ringFrom('4:+16175550199');
    expect(await answerAs(seattleSupervisor, id)).toBeNull();
    expect(await answerAs(admin, id)).toMatchObject({ callId: expect.any(String) });
    expect(await answerAs(admin, id)).toBeNull();
    expect(await answerAs(admin, randomUUID())).toBeNull();
  });
});
