/**
 * Erasing a call the moment it ended: this instance knows it ended (its stream closed) before the pipeline has
 * written that, and the store refuses to erase a call it still holds as live. The erasure writes it first instead of
 * answering 409 for a call every page already shows as ended. The store's call updates are held back here so the
 * moment lasts as long as the test needs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERY_CALL } from '../../server/auth/call-visibility';
import type { EarshotServer } from '../../server/create-app';
import type { CallPatch } from '../../server/domain/call-record';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore, type SqliteCallStore } from '../../server/store/sqlite-call-store';
import { dataPacket, metadataPacket, openAcsStream, startEarshot, startTestAcs, tempDatabasePath, type TestAcs } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

const CALL = 'erase-just-ended';

let acs: TestAcs;
let sqlite: SqliteCallStore;
let server: EarshotServer;
/** While set, call updates wait for it: the call's end stays unwritten. */
let held: { promise: Promise<void>; release: () => void } | null = null;

beforeAll(async () => {
  acs = await startTestAcs();
  sqlite = await openSqliteCallStore(tempDatabasePath());
  const store: CallStore = Object.assign(Object.create(sqlite) as CallStore, {
    updateCalls: async (updates: readonly { callId: string; patch: CallPatch }[]) => {
      await held?.promise;
      return sqlite.updateCalls(updates);
    },
  });
  server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, store });
});

afterAll(async () => {
  held?.release();
  await server?.close();
  await sqlite?.close();
  await acs?.close();
});

describe('erasing a call that has just ended', () => {
  it('writes the end first and erases, instead of refusing it as live', async () => {
    const stream = await openAcsStream(server, await acs.sign(), { 'x-ms-call-connection-id': CALL });
    await stream.send(metadataPacket(CALL));
    await stream.send(dataPacket('The last thing said.', { status: 'final' }));
    await waitFor(async () => (await sqlite.getCall(CALL))?.lastSeq === 1, 10_000, 'the line stored');

    let release: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    held = { promise, release: () => release() };
    await stream.close();
    await waitFor(async () => (await server.calls.getCall(CALL))?.state === 'disconnected', 10_000, 'the call ended here');
    expect((await sqlite.getCall(CALL))?.state).not.toBe('disconnected');

    const erasing = server.history.erase(CALL, 'sam', EVERY_CALL, { reason: 'asked right after the call' });
    // The erasure waits for the write of the call's end, which waits for this.
    setImmediate(() => held?.release());
    expect(await erasing).toEqual({ status: 200, result: { ok: true, data: { erased: CALL } } });
    expect(await sqlite.getCall(CALL)).toBeNull();
  });
});
