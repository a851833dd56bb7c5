import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallListSnapshot, RingingCall, Result } from '../../lib/protocol';
import { startAcsEmulator, type AcsEmulator } from '../../server/acs-emulator/emulator';
import { loadScenarios } from '../../server/acs-emulator/scenarios/load-scenarios';
import type { EarshotServer } from '../../server/create-app';
import { connectSupervisor, startEarshot, tempDatabasePath } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

let emulator: AcsEmulator;
let app: EarshotServer;

beforeAll(async () => {
  emulator = await startAcsEmulator({ scenarios: loadScenarios().filter((scenario) => scenario.id === 'happy-resolution'), speedFactor: 8, hangUpWhenScenarioEnds: false });
  app = await startEarshot({
    databasePath: tempDatabasePath(),
    jwksUrl: emulator.jwksUrl,
    env: { ACS_JWT_AUDIENCE: emulator.audience, AUTO_ANSWER: 'false' },
    acsConnectionString: emulator.connectionString,
  });
  emulator.setEventGridWebhook(app.eventGridWebhookUrl);
  await waitFor(() => emulator.eventGridState() === 'validated', 10_000, 'Event Grid handshake');
});

afterAll(async () => {
  await emulator?.close();
  await app?.close();
});

describe('with auto-answer off', () => {
  it('shows incoming calls as ringing to supervisors, and the first supervisor to answer gets the call', async () => {
    const socket = await connectSupervisor(app);
    const updates: RingingCall[][] = [];
    socket.on('calls:ringing', (ringing) => updates.push(ringing));
    const watched = await new Promise<Result<CallListSnapshot>>((resolve) => socket.emit('calls:watch', resolve));
    expect(watched.ok && watched.data.ringing).toEqual([]);

    const placed = emulator.placeIncomingCall();
    const ringing = await waitFor(() => updates.at(-1)?.[0], 10_000, 'the call rings');
    expect(ringing).toMatchObject({ from: { kind: 'phoneNumber', rawId: placed.from } });
    expect(ringing.expiresAt).toBeGreaterThan(ringing.receivedAt);
    expect(JSON.stringify(updates)).not.toContain(placed.incomingCallContext);

    const answered = await app.ringing.answer('sam', ringing.id, { transcription: { locale: 'en-US', sentimentAnalysis: true, piiRedaction: false } });
    expect(answered).not.toBeNull();
    await waitFor(async () => (await app.calls.getCall(answered?.callId ?? ''))?.state === 'connected', 10_000, 'connected');
    await waitFor(() => updates.at(-1)?.length === 0, 10_000, 'no longer ringing');
    expect(await app.ringing.answer('alex', ringing.id, {})).toBeNull();
    const audit = (await app.calls.history(answered?.callId ?? '', 0))?.audit ?? [];
    expect(audit[0]).toMatchObject({ action: 'answer-call', actor: 'sam', outcome: 'requested' });
    socket.disconnect();
  });
});
