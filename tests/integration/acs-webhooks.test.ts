import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistory, CallSummaryRecord, Result } from '../../lib/protocol';
import type { EarshotServer } from '../../server/create-app';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { connectSupervisor, startEarshot, startTestAcs, tempDatabasePath, type TestAcs } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

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

function event(type: string, callId: string, data: Record<string, unknown> = {}, id: string = randomUUID()) {
  return {
    id,
    source: `calling/callConnections/${callId}`,
    type: `Microsoft.Communication.${type}`,
    data: { callConnectionId: callId, serverCallId: 'srv', correlationId: 'corr', version: '2025-08-15-preview', ...data },
    time: new Date().toISOString(),
    specversion: '1.0',
    datacontenttype: 'application/json',
    subject: `calling/callConnections/${callId}`,
  };
}

async function postCallbacks(events: unknown, token: string | null, target: EarshotServer = server) {
  return fetch(`${target.url}/api/acs/callbacks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(events),
  });
}

describe('call automation callbacks', () => {
  it('applies a callback that failed to store when ACS retries it (it is marked processed only once stored)', async () => {
    const store = await openSqliteCallStore(tempDatabasePath());
    const own = await startEarshot({ databasePath: ':unused:', jwksUrl: acs.jwksUrl, store });
    try {
      const callId = randomUUID();
      await postCallbacks([event('CallConnected', callId)], await acs.sign(), own);
      const started = event('TranscriptionStarted', callId, { transcriptionUpdate: { transcriptionStatus: 'transcriptionStarted' } });
      // A real SQLite fault that hits the call's update but not the bookkeeping of processed ids.
      store.sqlite.exec("CREATE TEMP TRIGGER refuse_call_updates BEFORE UPDATE ON calls BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
      const failed = await postCallbacks([started], await acs.sign(), own);
      expect(failed.status).toBe(500);
      store.sqlite.exec('DROP TRIGGER refuse_call_updates');
      const retried = await postCallbacks([started], await acs.sign(), own);
      expect(retried.status).toBe(200);
      expect(await retried.json()).toMatchObject({ applied: 1 });
      await own.calls.flushNow();
      expect(await store.hasProcessedEvent(started.id)).toBe(true);
      expect((await own.calls.getCall(callId))?.transcription).toBe('active');
      const again = await postCallbacks([started], await acs.sign(), own);
      expect(await again.json()).toMatchObject({ applied: 0 });
    } finally {
      await own.close();
    }
  });

  it('a TranscriptionStarted that arrives after a stop was requested or confirmed does not bring transcription back', async () => {
    const callId = randomUUID();
    await postCallbacks([event('CallConnected', callId)], await acs.sign());
    await server.calls.updateCall(callId, (record) => {
      record.transcription = 'stopping';
      record.pending = [{ action: 'stop-transcription', operationContext: 'stop-1', requestedAt: Date.now(), requestedBy: 'sam', locale: null }];
    });
    await postCallbacks([event('TranscriptionStarted', callId, { transcriptionUpdate: { transcriptionStatus: 'transcriptionStarted' } })], await acs.sign());
    expect(await server.calls.getCall(callId)).toMatchObject({ transcription: 'stopping' });
    await postCallbacks([event('TranscriptionStopped', callId, { operationContext: 'stop-1' })], await acs.sign());
    expect(await server.calls.getCall(callId)).toMatchObject({ transcription: 'stopped', pending: [] });
    await postCallbacks([event('TranscriptionStarted', callId)], await acs.sign());
    expect(await server.calls.getCall(callId)).toMatchObject({ transcription: 'stopped' });
  });

  it('applies a retried event once after a restart (the processed ids are stored)', async () => {
    const databasePath = tempDatabasePath();
    const first = await startEarshot({ databasePath, jwksUrl: acs.jwksUrl });
    const callId = randomUUID();
    const connected = event('CallConnected', callId);
    expect(await (await postCallbacks([connected], await acs.sign(), first)).json()).toMatchObject({ applied: 1 });
    await first.close();
    const second = await startEarshot({ databasePath, jwksUrl: acs.jwksUrl });
    try {
      expect(await (await postCallbacks([connected], await acs.sign(), second)).json()).toMatchObject({ applied: 0 });
    } finally {
      await second.close();
    }
  });

  it('refuses a callback without a valid token and changes nothing', async () => {
    const callId = randomUUID();
    expect((await postCallbacks([event('CallConnected', callId)], null)).status).toBe(401);
    expect((await postCallbacks([event('CallConnected', callId)], await acs.sign({ audience: 'other' }))).status).toBe(401);
    const other = await startTestAcs();
    expect((await postCallbacks([event('CallConnected', callId)], await other.sign())).status).toBe(401);
    await other.close();
    expect(await server.calls.getCall(callId)).toBeNull();
  });

  it('reads every event of the array, skips unknown types and duplicates, and drives call and transcription state', async () => {
    const callId = randomUUID();
    const connected = event('CallConnected', callId);
    const response = await postCallbacks(
      [connected, event('PlayCompleted', callId), event('TranscriptionStarted', callId, { transcriptionUpdate: { transcriptionStatus: 'transcriptionStarted', transcriptionStatusDetails: 'subscriptionStarted' } }), { nonsense: true }],
      await acs.sign(),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 3, applied: 2, invalid: 1 });
    expect(await server.calls.getCall(callId)).toMatchObject({ state: 'connected', transcription: 'active' });

    const replay = await postCallbacks([connected], await acs.sign());
    expect(await replay.json()).toMatchObject({ applied: 0 });

    await postCallbacks([event('TranscriptionFailed', callId, { resultInformation: { code: 400, subCode: 8581, message: 'Transport url is not valid.' }, transcriptionUpdate: { transcriptionStatus: 'transcriptionFailed', transcriptionStatusDetails: 'streamConnectionUnsuccessful' } })], await acs.sign());
    expect(await server.calls.getCall(callId)).toMatchObject({ transcription: 'failed', lastError: { code: '8581', message: 'Transport url is not valid.' } });

    await postCallbacks([event('ParticipantsUpdated', callId, { participants: [{ identifier: { rawId: '4:+14255550100', kind: 'phoneNumber' } }, { identifier: { rawId: '8:acs:res_agent' } }] })], await acs.sign());
    await postCallbacks([event('CallDisconnected', callId)], await acs.sign());
    const ended = await server.calls.getCall(callId);
    expect(ended).toMatchObject({ state: 'disconnected', transcription: 'failed' });
    expect(ended?.participants.map((participant) => participant.kind)).toEqual(['phoneNumber', 'communicationUser']);
    expect(ended?.endedAt).not.toBeNull();
  });

  it('stores a TranscriptionCallSummaryUpdated summary and pushes it to the call room', async () => {
    const callId = randomUUID();
    await postCallbacks([event('CallConnected', callId)], await acs.sign());
    const socket = await connectSupervisor(server);
    const summaries: CallSummaryRecord[] = [];
    socket.on('call:summary', (summary) => summaries.push(summary));
    const opened = await new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId, afterSeq: 0 }, resolve));
    expect(opened.ok).toBe(true);
    await postCallbacks(
      [event('TranscriptionCallSummaryUpdated', callId, { transcriptionUpdate: { transcriptionStatus: 'callSummaryUpdated', transcriptionStatusDetails: 'callSummarySuccess', transcriptionMessage: 'Recap: the caller asked for a refund.' } })],
      await acs.sign(),
    );
    await waitFor(() => summaries.length === 1);
    expect(summaries[0]).toMatchObject({ callId, text: 'Recap: the caller asked for a refund.', kind: 'end-of-call' });
    const history = await server.calls.history(callId, 0);
    expect(history?.summaries.map((summary) => summary.text)).toEqual(['Recap: the caller asked for a refund.']);
    socket.disconnect();
  });
});

describe('Event Grid incoming calls', () => {
  const url = () => new URL(server.eventGridWebhookUrl);

  it('refuses deliveries without the secret, including a forged IncomingCall', async () => {
    const forged = [{ id: randomUUID(), eventType: 'Microsoft.Communication.IncomingCall', data: { incomingCallContext: 'forged' } }];
    const noSecret = await fetch(`${url().origin}${url().pathname}`, { method: 'POST', body: JSON.stringify(forged) });
    expect(noSecret.status).toBe(401);
    const wrong = await fetch(`${url().origin}${url().pathname}?secret=guess-guess-guess-guess`, { method: 'POST', body: JSON.stringify(forged) });
    expect(wrong.status).toBe(401);
  });

  it('completes the subscription validation handshake', async () => {
    const response = await fetch(server.eventGridWebhookUrl, {
      method: 'POST',
      body: JSON.stringify([{ id: randomUUID(), eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'abc-123' } }]),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ validationResponse: 'abc-123' });
  });

  it('rejects a body that is not an event array', async () => {
    const response = await fetch(server.eventGridWebhookUrl, { method: 'POST', body: '{"not":"an array"}' });
    expect(response.status).toBe(400);
  });
});
