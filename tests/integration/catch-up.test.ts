/**
 * "Since you last looked" over socket.io: a supervisor coming back to a call learns which lines are new to them
 * (those after the last line the call had when they left it), which alerts were raised meanwhile, and nothing on a
 * first look or while catching up after a reconnect.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallHistory, Result } from '../../lib/protocol';
import { dataPacket, metadataPacket, openAcsStream, SUPERVISOR, type AcsStream, type SupervisorSocket } from '../helpers/earshot-harness';
import { earshotPerFile } from '../helpers/earshot-per-file';
import { waitFor } from '../helpers/wait-for';

const earshot = earshotPerFile();
const supervisor = () => earshot.supervisor();
const streams: AcsStream[] = [];

afterEach(async () => {
  for (const stream of streams.splice(0)) await stream.close();
});

function open(socket: SupervisorSocket, callId: string, afterSeq = 0): Promise<CallHistory> {
  return new Promise((resolve, reject) =>
    socket.emit('call:open', { callId, afterSeq, fromEnd: afterSeq === 0 }, (result: Result<CallHistory>) => (result.ok ? resolve(result.data) : reject(new Error(result.error.message)))),
  );
}

async function streamCall(callId: string) {
  const stream = await openAcsStream(earshot.server, await earshot.acs.sign(), { 'x-ms-call-connection-id': callId });
  streams.push(stream);
  await stream.send(metadataPacket(callId));
  let offsetMs = 0;
  return {
    async say(text: string) {
      offsetMs += 2_000;
      await stream.send(dataPacket(text, { offsetMs }));
    },
  };
}

async function linesStored(callId: string, count: number) {
  await waitFor(async () => ((await earshot.server.store.getCall(callId))?.lastSeq ?? 0) >= count, 5_000, `${count} lines stored`);
}

describe('catching a supervisor up on a call', () => {
  it('tells a returning supervisor the lines and alerts that came after they left, and nothing the first time', async () => {
    const callId = `catch-up-${randomUUID()}`;
    const call = await streamCall(callId);
    for (const text of ['Hello, thanks for calling.', 'Hi, I have a question about my bill.', 'Sure, let me look.']) await call.say(text);
    await linesStored(callId, 3);

    const first = await supervisor();
    expect((await open(first, callId)).sinceLastLook).toBeNull();
    const opened = await earshot.server.store.getCallLook(SUPERVISOR.username, callId);
    await waitFor(() => Date.now() > (opened?.lookedAt ?? 0), 1_000, 'the clock to move on');
    first.emit('call:close', { callId });
    await waitFor(async () => ((await earshot.server.store.getCallLook(SUPERVISOR.username, callId))?.lookedAt ?? 0) > (opened?.lookedAt ?? 0), 5_000, 'the look recorded on close');

    // While nobody looks: two lines, one of which trips the default "cancel" phrase rule.
    await call.say('Honestly I want to cancel my account.');
    await call.say('I understand, let me see what I can do.');
    await linesStored(callId, 5);
    await waitFor(async () => (await earshot.server.store.listAlerts({ state: 'all', callId, limit: 10 })).length > 0, 5_000, 'an alert raised');

    const back = await open(await supervisor(), callId);
    expect(back.sinceLastLook).toMatchObject({ lastSeq: 3 });
    expect(back.sinceLastLook?.newAlerts.map((alert) => alert.seqs)).toEqual([[4]]);
    expect(back.sinceLastLook?.lookedAt).toBeGreaterThan(0);
  });

  it('counts a look as lasting until the connection drops, and says nothing to a browser catching up after a reconnect', async () => {
    const callId = `catch-up-${randomUUID()}`;
    const call = await streamCall(callId);
    await call.say('First line.');
    await linesStored(callId, 1);

    const watching = await supervisor();
    expect((await open(watching, callId)).sinceLastLook).toBeNull();
    // Lines the supervisor saw live, with the page open.
    await call.say('Second line.');
    await call.say('Third line.');
    await linesStored(callId, 3);
    // A reconnecting browser re-opens after the last line it has: the same look goes on.
    expect((await open(watching, callId, 3)).sinceLastLook).toBeUndefined();
    // A second call open in the same connection: every open call's look ends with it.
    const otherId = `catch-up-${randomUUID()}`;
    const other = await streamCall(otherId);
    await other.say('Another call.');
    await other.say('Its second line.');
    await linesStored(otherId, 2);
    await open(watching, otherId);
    watching.disconnect();

    // The look ended with the dropped connection, when the call had three lines (it had one when the page opened).
    await waitFor(async () => (await earshot.server.store.getCallLook(SUPERVISOR.username, callId))?.lastSeq === 3, 5_000, 'the look recorded on disconnect');
    await waitFor(async () => (await earshot.server.store.getCallLook(SUPERVISOR.username, otherId))?.lastSeq === 2, 5_000, 'the other call\'s look recorded on disconnect');
    await call.say('Fourth line.');
    await linesStored(callId, 4);
    const back = await open(await supervisor(), callId);
    expect(back.sinceLastLook).toMatchObject({ lastSeq: 3, newAlerts: [] });
  });
});
