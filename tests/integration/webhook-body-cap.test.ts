/** The 1 MiB webhook cap on the server without Next (the path integration tests use), answered, not reset. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EarshotServer } from '../../server/create-app';
import { startEarshot, startTestAcs, tempDatabasePath, type TestAcs } from '../helpers/earshot-harness';
import { endlessPost } from '../helpers/endless-post';

const MIB = 1024 * 1024;
let acs: TestAcs;
let server: EarshotServer;

beforeAll(async () => {
  acs = await startTestAcs();
  server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: acs.jwksUrl, env: { EVENT_GRID_SECRET: 'webhook-body-cap-secret' } });
});

afterAll(async () => {
  await server?.close();
  await acs?.close();
});

describe('webhook body cap without Next', () => {
  it('answers 413 too_large for a body over 1 MiB, declared up front or streamed', async () => {
    const declared = await fetch(`${server.url}/api/acs/callbacks`, { method: 'POST', headers: { authorization: `Bearer ${await acs.sign()}` }, body: `[${' '.repeat(MIB)}]` });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: 'too_large' } });
    expect(await endlessPost(`${server.url}/api/acs/incoming-call?secret=webhook-body-cap-secret`, {}, MIB + 128 * 1024)).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
  });

  it('still reads a body just under the cap, and keeps serving', async () => {
    const handshake = [{ id: 'v', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'code', padding: 'p'.repeat(MIB - 1024) } }];
    const response = await fetch(`${server.url}/api/acs/incoming-call?secret=webhook-body-cap-secret`, { method: 'POST', body: JSON.stringify(handshake) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ validationResponse: 'code' });
  });
});
