/**
 * Search end to end: lines streamed through the real ingress are found from the header's search box (`/` focuses it),
 * results are grouped by call with the matched words marked (as text, never HTML), filters live in the URL, and a
 * hit opens the call page at that line, highlighted.
 */
import { randomUUID } from 'node:crypto';
import { callLinePath } from '../../lib/line-link';
import { expect, logIn, test } from './fixtures';

const CALLER = '4:+14255550147';
const AGENT = '8:acs:e2e_agent';

function finalLine(text: string, index: number, speaker = CALLER, language?: string) {
  return {
    kind: 'TranscriptionData',
    transcriptionData: {
      text,
      format: 'display',
      confidence: 0.92,
      offset: (index + 1) * 30_000_000,
      duration: 20_000_000,
      words: [],
      participantRawID: speaker,
      resultStatus: 'Final',
      sentimentAnalysisResult: { sentiment: 'neutral' },
      ...(language === undefined ? {} : { languageIdentified: language }),
    },
  };
}

test('a phrase spoken in a call is found from the header, grouped by call, and opens the call at that line', async ({ page, acs }) => {
  // Words of this run only, so an earlier run's calls in the same database do not match.
  const marker = `zebra${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  await logIn(page);
  const stream = await acs.open({ enableSentimentAnalysis: true });
  await stream.send(finalLine('Thank you for calling, how can I help?', 0, AGENT));
  await stream.send(finalLine(`My order ${marker} arrived broken <b>twice</b>.`, 1));
  await stream.send(finalLine(`Sorry about order ${marker}, I will send a new one.`, 2, AGENT));
  await stream.send(finalLine('Quiero la garantía del teléfono, por favor.', 3, CALLER, 'es-ES'));
  await expect(page.locator(`[data-testid="call-list.row"][data-call-id="${stream.callId}"]`)).toBeVisible();

  await page.locator('body').press('/');
  const box = page.getByTestId('header.search');
  await expect(box).toBeFocused();
  await box.fill(`"order ${marker} arrived"`);
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);

  const results = page.getByTestId('search.results');
  await expect(results.getByTestId('search.call')).toHaveCount(1);
  const hit = results.getByTestId('search.hit');
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText(`My order ${marker} arrived broken <b>twice</b>.`);
  await expect(hit.getByTestId('search.match').first()).toContainText('order');
  await expect(hit.locator('b')).toHaveCount(0);

  // A bare word finds both lines of the call, newest first; a filter goes into the URL.
  await page.getByTestId('search.query').fill(marker);
  await page.getByTestId('search.state').selectOption('live');
  await page.getByTestId('search.submit').click();
  await expect(page).toHaveURL(new RegExp(`q=${marker}&state=live`));
  await expect(results.getByTestId('search.hit')).toHaveCount(2);
  await expect(results.getByTestId('search.hit').first()).toContainText('Sorry about order');
  await page.getByTestId('search.state').selectOption('ended');
  await page.getByTestId('search.submit').click();
  await expect(page.getByTestId('search.status')).toHaveText('No lines match.');

  // Accents fold: "garantia" finds "garantía".
  await page.goto(`/search?q=garantia+telefono&language=es`);
  await expect(page.getByTestId('search.hit').filter({ hasText: 'garantía' }).first()).toBeVisible();

  await page.goto(`/search?q=${marker}+arrived`);
  await page.getByTestId('search.hit').click();
  await expect(page).toHaveURL(callLinePath(stream.callId, 2));
  const line = page.locator('[data-testid="transcript.row"][data-seq="2"]');
  await expect(line).toHaveAttribute('aria-current', 'location');
  await expect(line).toBeInViewport();
  await stream.close();
});

test('a query with nothing to find says what is wrong', async ({ page }) => {
  await logIn(page);
  await page.goto('/search?q=%26%7C!');
  await expect(page.getByTestId('search.status').getByRole('alert')).toContainText('q: type a word to search for');
});
