/**
 * axe-core on the main screens: the call list, a call page, the wall (and its keys), /rules (with its form open), the
 * alert inbox open, /search with results, /admin (with a field error) and /account.
 * Serious and critical violations fail the test; each is listed with its rule, its help and the elements involved.
 */
import { callPath } from '../../lib/call-path';
import { expectNoSeriousViolations } from './axe-check';
import { expect, logIn, test } from './fixtures';

const line = (text: string, offset: number, speaker: string) => ({
  kind: 'TranscriptionData',
  transcriptionData: { text, format: 'display', confidence: 0.9, offset, duration: 20_000_000, words: [], participantRawID: speaker, resultStatus: 'Final', sentimentAnalysisResult: { sentiment: 'negative' } },
});

test('the call list, a call page, the wall, /rules, the open inbox and /search have no serious accessibility violations', async ({ page, acs }) => {
  await logIn(page);
  const stream = await acs.open({ enableSentimentAnalysis: true, piiRedactionOptions: { enable: true, redactionType: 'MaskWithCharacter' } });
  await stream.send(line('My card number is **** **** **** 1111 and I want to cancel.', 10_000_000, '4:+14255550147'));
  await stream.send(line('I can help with that.', 40_000_000, '8:acs:e2e_agent'));

  await expect(page.locator(`[data-testid="call-list.row"][data-call-id="${stream.callId}"]`)).toBeVisible();
  await expectNoSeriousViolations(page, 'call list');

  await page.goto(callPath(stream.callId));
  await expect(page.locator('[data-testid="transcript.row"][data-status="final"]')).toHaveCount(2);
  await expectNoSeriousViolations(page, 'call page');

  // The default "Wants to cancel" rule fired on the first line: the inbox has at least one alert to check.
  await page.getByTestId('header.alerts').click();
  await expect(page.getByTestId('alert-inbox.item').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'alert inbox');
  await page.keyboard.press('Escape');

  await page.goto('/wall');
  await expect(page.locator(`[data-testid="wall.tile"][data-call-id="${stream.callId}"]`)).toBeVisible();
  await expectNoSeriousViolations(page, 'wall');
  await page.keyboard.press('?');
  await expect(page.getByTestId('keyboard-help')).toBeVisible();
  await expectNoSeriousViolations(page, 'keyboard help');
  await page.keyboard.press('Escape');

  await page.goto('/rules');
  await expect(page.getByTestId('rules.row').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'rules page');
  await page.getByTestId('rules.new').click();
  await page.getByTestId('rule-form.submit').click();
  await expect(page.getByTestId('rule-form.name-error')).toBeVisible();
  await expectNoSeriousViolations(page, 'rule form with messages');
  await page.keyboard.press('Escape');

  await page.goto('/search?q=cancel+card');
  await expect(page.getByTestId('search.hit').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'search results');
  await stream.close();
});

test('/admin and /account have no serious accessibility violations', async ({ page }) => {
  await logIn(page);
  await page.goto('/admin');
  await expect(page.getByTestId('admin.users')).toBeVisible();
  await page.getByTestId('admin.user-form.username').fill('not a valid name');
  await page.getByTestId('admin.user-form.password').fill('long-enough-password');
  await page.getByTestId('admin.user-form.submit').click();
  await expect(page.getByTestId('admin.user-form.username-error')).toBeVisible();
  await expectNoSeriousViolations(page, 'admin page with messages');
  await page.getByTestId('header.account').click();
  await expect(page.getByTestId('account.password-form')).toBeVisible();
  await expectNoSeriousViolations(page, 'account page');
});
