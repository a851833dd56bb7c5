import { describe, expect, it } from 'vitest';
import { startAcsEmulator } from '../../server/acs-emulator/emulator';
import { loadScenarios } from '../../server/acs-emulator/scenarios/load-scenarios';
import { newCallRecord } from '../../server/domain/call-record';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { startEarshot, tempDatabasePath } from '../helpers/earshot-harness';
import { waitFor } from '../helpers/wait-for';

describe('after a restart', () => {
  it('ends calls that ACS no longer knows and replayed calls whose stream died with the old process, and keeps live ones', async () => {
    const databasePath = tempDatabasePath();
    const seeded = await openSqliteCallStore(databasePath);
    await seeded.ensureCall({ ...newCallRecord('replayed-before-crash', 1, null), state: 'connected', transcription: 'active' });
    await seeded.ensureCall({ ...newCallRecord('gone-from-acs', 1, null), lifecycleManaged: true, state: 'connected', transcription: 'active' });
    await seeded.close();

    const scenarios = loadScenarios().filter((scenario) => scenario.id === 'long-technical-support');
    const emulator = await startAcsEmulator({ scenarios, speedFactor: 4, hangUpWhenScenarioEnds: false });
    const app = await startEarshot({ databasePath, jwksUrl: emulator.jwksUrl, env: { ACS_JWT_AUDIENCE: emulator.audience, STREAM_RECONNECT_GRACE_SECONDS: '1' }, acsConnectionString: emulator.connectionString });
    try {
      await waitFor(async () => (await app.calls.getCall('gone-from-acs'))?.state === 'disconnected', 10_000, 'unknown to ACS → ended');
      await waitFor(async () => (await app.calls.getCall('replayed-before-crash'))?.state === 'disconnected', 10_000, 'replayed → ended');
      expect(await app.reconciled).toBe(2);

      const placed = await app.control.placeCall('sam', { target: { kind: 'phoneNumber', phoneNumber: '+14255550111' } });
      await waitFor(async () => (await app.calls.getCall(placed.callId))?.state === 'connected', 10_000, 'connected');
      await app.close();
      const again = await startEarshot({ databasePath, jwksUrl: emulator.jwksUrl, env: { ACS_JWT_AUDIENCE: emulator.audience, STREAM_RECONNECT_GRACE_SECONDS: '1' }, acsConnectionString: emulator.connectionString });
      try {
        expect(await again.reconciled).toBe(0);
        expect((await again.calls.getCall(placed.callId))?.state).toBe('connected');
      } finally {
        await again.close();
      }
    } finally {
      await emulator.close();
    }
  });
});
