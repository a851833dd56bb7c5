import { z } from 'zod';
import { signedRequest } from '../integration/emulator/signed-requests';
import { expect, logIn, test } from './fixtures';
import { E2E_EMULATOR_ACCESS_KEY, E2E_QUIET_EMULATOR_URL } from './playwright.config';

const CONNECTION = `endpoint=${E2E_QUIET_EMULATOR_URL}/;accesskey=${E2E_EMULATOR_ACCESS_KEY}`;
const RungSchema = z.object({ serverCallId: z.string(), from: z.string() });

test('with auto-answer off, an incoming call rings on the list and one click answers it', async ({ page }) => {
  await logIn(page);
  const response = await signedRequest(CONNECTION, 'POST', '/emulator/incomingCalls', { scenarioId: 'happy-resolution' });
  expect(response.status).toBe(201);
  RungSchema.parse(response.json);

  const row = page.getByTestId('ringing.row');
  await expect(row).toHaveCount(1);
  await row.getByTestId('ringing.answer').click();
  await expect(page).toHaveURL(/\/calls\/[^/]+$/);
  await expect(page.getByTestId('controls.status')).toHaveText('active', { timeout: 30_000 });
  await expect(page.locator('[data-testid="transcript.row"][data-status="final"]').first()).toBeVisible({ timeout: 30_000 });

  const callId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  await page.goto('/');
  await expect(page.getByTestId('ringing.row')).toHaveCount(0);
  await page.request.post(`/api/calls/${encodeURIComponent(callId)}/hang-up`, { data: {} });
});
