import { expect, logIn, test } from './fixtures';
import { E2E_DEMO_PORT } from './playwright.config';

test.use({ baseURL: `http://127.0.0.1:${E2E_DEMO_PORT}` });

test('out of the box, demo calls from the embedded emulator appear and stream lines with sentiment, masked PII and languages', async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page);
  // Only live calls: other specs hang up demo calls, and a finished demo call moves to Recent.
  const rows = page.getByTestId('call-list.live').getByTestId('call-list.row');
  await expect(rows).toHaveCount(3, { timeout: 30_000 });
  await expect(rows.first().getByTestId('call-row.last-line')).not.toBeEmpty({ timeout: 30_000 });

  // Every demo call is answered with PII redaction on; open calls until one shows a masked line.
  const callIds = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-call-id') ?? ''));
  let sawPii = false;
  for (const callId of callIds) {
    await page.goto(`/calls/${callId}`);
    const finals = page.locator('[data-testid="transcript.row"][data-status="final"]');
    await expect(finals.first()).toBeVisible({ timeout: 30_000 });
    await expect(finals.first().getByTestId('transcript.sentiment')).toBeVisible();
    await expect(finals.first().getByTestId('transcript.language')).toHaveText(/^[a-z]{2}-[A-Z]{2}$/);
    const masked = await page.getByTestId('transcript.pii').first().waitFor({ state: 'visible', timeout: 45_000 }).then(() => true, () => false);
    if (masked) {
      sawPii = true;
      await expect(page.getByTestId('transcript.pii').first()).toHaveText(/^\*+$/);
      break;
    }
  }
  expect(sawPii).toBe(true);
});
