/**
 * Periodic summaries through the real emulator: with SUMMARY_INTERVAL_MINUTES set, Earshot asks ACS for a summary
 * of each live call at that interval, keeps every version with its time, asks only while the call says something
 * new. (When it does not ask — no new line, a request pending, transcription not running — is in
 * tests/unit/periodic-summaries.test.ts, on a clock the test drives.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAcsEmulator, type AcsEmulator } from '../../server/acs-emulator/emulator';
import { loadScenarios } from '../../server/acs-emulator/scenarios/load-scenarios';
import { PERIODIC_SUMMARY_ACTOR } from '../../server/calls/periodic-summaries';
import type { EarshotServer } from '../../server/create-app';
import { startEarshot, tempDatabasePath } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

let emulator: AcsEmulator;
let app: EarshotServer;

beforeAll(async () => {
  const scenarios = loadScenarios().filter((scenario) => scenario.id === 'long-technical-support');
  emulator = await startAcsEmulator({ scenarios, speedFactor: 8, hangUpWhenScenarioEnds: false, callbackRetry: { initialDelayMs: 100 } });
  app = await startEarshot({
    databasePath: tempDatabasePath(),
    jwksUrl: emulator.jwksUrl,
    // 1.2 s: the timer looks every second.
    env: { ACS_JWT_AUDIENCE: emulator.audience, SUMMARY_INTERVAL_MINUTES: '0.02' },
    acsConnectionString: emulator.connectionString,
  });
  emulator.setEventGridWebhook(app.eventGridWebhookUrl);
});

afterAll(async () => {
  await emulator?.close();
  await app?.close();
});

describe('periodic summaries', () => {
  it('keeps a summary version per interval while the call talks', async () => {
    await waitFor(() => emulator.eventGridState() === 'validated', 10_000, 'Event Grid handshake');
    const placed = emulator.placeIncomingCall({ scenarioId: 'long-technical-support' });
    const callId = await waitFor(() => emulator.calls.list().find((call) => call.ids.serverCallId === placed.serverCallId)?.ids.callConnectionId, 10_000, 'the app answers');

    const summaries = await waitFor(async () => {
      const history = await app.calls.history(callId, 0);
      return history && history.summaries.length >= 2 ? history.summaries : null;
    }, 20_000, 'two periodic summaries');
    expect(new Set(summaries.map((summary) => summary.id)).size).toBe(summaries.length);
    expect(summaries.every((summary) => summary.kind === 'mid-call' && summary.text.length > 0)).toBe(true);
    const times = summaries.map((summary) => summary.createdAt);
    expect(new Set(times).size).toBe(times.length);
    const audit = (await app.calls.history(callId, 0))?.audit ?? [];
    expect(audit.filter((entry) => entry.action === 'summarize' && entry.outcome === 'requested').every((entry) => entry.actor === PERIODIC_SUMMARY_ACTOR)).toBe(true);

  });
});
