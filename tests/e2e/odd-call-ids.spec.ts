/**
 * Calls whose ids URLs must escape — the seed document's own `…=…` id, reserved characters, non-ASCII — open from
 * the list and from a pasted URL, and show their transcript.
 */
import { callPath } from '../../lib/call-path';
import { fitsInHeader } from '../helpers/odd-call-ids';
import { expect, logIn, test } from './fixtures';

const final = (text: string) => ({
  kind: 'TranscriptionData',
  transcriptionData: { text, format: 'display', confidence: 0.9, offset: 10_000_000, duration: 10_000_000, words: [], participantRawID: '4:+14255550147', resultStatus: 'Final' },
});

/** Unique per run: the quiet server keeps its calls between tests. */
const run = Date.now().toString(36);
const ODD_IDS = [
  { name: 'the seed document’s id', callId: `65c57654=f12c-4975-92a4-21668e61dd98-${run}`, typed: true },
  { name: 'reserved characters', callId: `a+b c/d%e?f#g-${run}`, typed: false },
  { name: 'a non-ASCII id (metadata only)', callId: `café-日本-📞-${run}`, typed: true },
];

for (const { name, callId, typed } of ODD_IDS) {
  test(`a call with ${name} opens from the list and from a pasted URL`, async ({ page, acs }) => {
    expect(fitsInHeader(callId)).toBe(!/[^\x20-\x7e]/.test(callId));
    await logIn(page);
    const stream = await acs.open({}, { callId });
    const line = `Hello from ${name}.`;
    await stream.send(final(line));

    const row = page.locator(`[data-testid="call-list.row"][data-call-id=${JSON.stringify(callId)}]`);
    await expect(row).toBeVisible();
    await row.click();
    await expect(page).toHaveURL((url) => url.pathname === callPath(callId));
    const finals = page.locator('[data-testid="transcript.row"][data-status="final"] [data-testid="transcript.text"]');
    await expect(finals).toHaveText([line]);
    await expect(page.getByTitle('Call connection id')).toHaveText(callId);

    await page.goto('about:blank');
    await page.goto(callPath(callId));
    await expect(finals).toHaveText([line]);
    await expect(page.getByTitle('Call connection id')).toHaveText(callId);

    if (typed) {
      // As typed into the address bar, unescaped: the browser escapes what it must, Next decodes it once.
      await page.goto(`/calls/${callId}`);
      await expect(finals).toHaveText([line]);
    }

    // A live line still arrives on the page opened from the URL.
    await stream.send(final('And one more.'));
    await expect(finals).toHaveText([line, 'And one more.']);
    await stream.close();
  });
}

test('a malformed escape in a pasted call URL gets a clean 400 page, not a server error', async ({ page }) => {
  await logIn(page);
  const response = await page.goto('/calls/x%E0%A4%A');
  expect(response?.status()).toBe(400);
  await expect(page.getByText('This address is not valid')).toBeVisible();
  await page.getByRole('link', { name: /Back to all calls/ }).click();
  await expect(page).toHaveURL(/\/$/);
});
