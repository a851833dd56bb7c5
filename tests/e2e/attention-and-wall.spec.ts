import { expect, type Page } from '@playwright/test';
import { logIn, test, type AcsSender } from './fixtures';

const line = (text: string, offsetTicks: number, sentiment: 'negative' | 'neutral') => ({
  kind: 'TranscriptionData',
  transcriptionData: { text, format: 'display', confidence: 0.9, offset: offsetTicks, duration: 10_000_000, words: [], participantRawID: '4:+14255550147', resultStatus: 'Final', sentimentAnalysisResult: { sentiment } },
});

async function streamCalls(acs: AcsSender) {
  const upset = await acs.open();
  const calm = await acs.open();
  for (const [index, text] of ['This is the third time I call.', 'Nobody has fixed it.', 'I am really fed up.'].entries()) await upset.send(line(text, (index + 1) * 20_000_000, 'negative'));
  await calm.send(line('Thanks, that works now.', 20_000_000, 'neutral'));
  return { upset, calm };
}

const positionOf = async (page: Page, selector: string, callId: string) =>
  page.locator(selector).evaluateAll((elements, id) => elements.findIndex((element) => element.getAttribute('data-call-id') === id), callId);

test('the list puts the call that needs attention first, says why, and filters to such calls', async ({ page, acs }) => {
  await logIn(page);
  const { upset, calm } = await streamCalls(acs);
  const upsetRow = page.locator(`[data-testid="call-list.row"][data-call-id="${upset.callId}"]`);
  await expect(upsetRow.locator('[data-testid="call-row.reason"][data-kind="negativeStreak"]')).toHaveText('3 negative in a row');
  await expect(upsetRow).toHaveAttribute('data-attention', 'true');
  await expect.poll(async () => (await positionOf(page, '[data-testid="call-list.row"]', upset.callId)) < (await positionOf(page, '[data-testid="call-list.row"]', calm.callId))).toBe(true);

  await page.getByTestId('call-list.attention-only').click();
  await expect(page.getByTestId('call-list.attention-only')).toHaveAttribute('aria-pressed', 'true');
  await expect(upsetRow).toBeVisible();
  await expect(page.locator(`[data-testid="call-list.row"][data-call-id="${calm.callId}"]`)).toHaveCount(0);

  // j from anywhere outside a field (here: nothing focused) reaches the table; ? lists the keys.
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await page.keyboard.press('j');
  await expect(page.locator('[data-testid="call-list.row"]:focus')).toHaveCount(1);
  await page.keyboard.press('?');
  await expect(page.getByTestId('keyboard-help')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('keyboard-help')).toBeHidden();
  await upset.close();
  await calm.close();
});

test('the wall shows a tile per live call, the urgent ones first, and j / k / Enter work', async ({ page, acs }) => {
  await logIn(page);
  const { upset, calm } = await streamCalls(acs);
  await page.goto('/wall');
  const upsetTile = page.locator(`[data-testid="wall.tile"][data-call-id="${upset.callId}"]`);
  await expect(upsetTile.locator('[data-testid="wall.reason"][data-kind="negativeStreak"]')).toHaveText('3 negative in a row');
  await expect(upsetTile.getByTestId('wall.last-line')).toContainText('I am really fed up.');
  await expect(page.locator(`[data-testid="wall.tile"][data-call-id="${calm.callId}"]`)).toBeVisible();
  await expect.poll(async () => (await positionOf(page, '[data-testid="wall.tile"]', upset.callId)) < (await positionOf(page, '[data-testid="wall.tile"]', calm.callId))).toBe(true);

  await page.keyboard.press('j');
  const first = page.locator('[data-testid="wall.tile"]').first();
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('j');
  await expect(page.locator('[data-testid="wall.tile"]').nth(1)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('k');
  await expect(first).toHaveAttribute('data-selected', 'true');
  const firstId = await first.getAttribute('data-call-id');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/calls/${encodeURIComponent(firstId ?? '')}$`));
  await upset.close();
  await calm.close();
});

test('on the wall, a acknowledges the selected call’s alert, and the tile drops the alert from its reasons', async ({ page, acs }) => {
  await logIn(page);
  const alerted = await acs.open();
  await alerted.send(line('I want to cancel my account.', 20_000_000, 'neutral'));
  await page.goto('/wall');
  const tile = page.locator(`[data-testid="wall.tile"][data-call-id="${alerted.callId}"]`);
  await expect(tile.locator('[data-testid="wall.reason"][data-kind="alert"]')).toBeVisible();
  for (let presses = 0; presses < 20 && (await tile.getAttribute('data-selected')) !== 'true'; presses += 1) await page.keyboard.press('j');
  await expect(tile).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('a');
  await expect(tile.locator('[data-testid="wall.reason"][data-kind="alert"]')).toHaveCount(0);
  await alerted.close();
});
