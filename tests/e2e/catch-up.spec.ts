import { callPath } from '../../lib/call-path';
import { expectNoSeriousViolations } from './axe-check';
import { expect, test } from './fixtures';

const line = (text: string, offsetSeconds: number) => ({
  kind: 'TranscriptionData',
  transcriptionData: { text, format: 'display', confidence: 0.9, offset: offsetSeconds * 10_000_000, duration: 10_000_000, words: [], participantRawID: '4:+14255550147', resultStatus: 'Final' },
});

test('coming back to a call shows what changed since the last look: new lines with a marker, and new alerts', async ({ loggedInPage: page, acs }) => {
  const stream = await acs.open();
  await stream.send(line('Hello, thanks for calling.', 1));
  await stream.send(line('Hi, I have a question about my bill.', 3));

  const finals = page.locator('[data-testid="transcript.row"][data-status="final"]');
  await page.goto(callPath(stream.callId));
  await expect(finals).toHaveCount(2);
  // A first look has nothing to catch up on.
  await expect(page.getByTestId('catch-up')).toHaveCount(0);

  // The supervisor leaves; the call goes on, and trips the default "cancel" rule.
  await page.goto('/');
  await expect(page.getByTestId('call-list.row').first()).toBeVisible();
  await stream.send(line('Honestly, I want to cancel my account.', 5));
  await stream.send(line('I understand. Let me see what I can do.', 8));
  const row = page.locator(`[data-testid="call-list.row"][data-call-id="${stream.callId}"]`);
  await expect(row.getByTestId('call-row.last-line')).toContainText('Let me see');

  await page.goto(callPath(stream.callId));
  await expect(finals).toHaveCount(4);
  const card = page.getByTestId('catch-up');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('catch-up.counts')).toHaveText('2 new lines · 1 new alert');
  await expect(card.getByTestId('catch-up.alert')).toContainText('cancel');
  // The marker sits right above the first line the supervisor has not seen.
  const marker = page.getByTestId('transcript.new-marker');
  await expect(marker).toHaveCount(1);
  await expect(page.locator('[data-testid="transcript.row"][data-seq="3"]').getByTestId('transcript.new-marker')).toBeVisible();
  await expectNoSeriousViolations(page, 'call page catching up');

  await card.getByTestId('catch-up.first-new').click();
  await expect(page).toHaveURL(/#seq-3$/);
  await expect(page.locator('[data-testid="transcript.row"][data-seq="3"]')).toHaveAttribute('data-linked', 'true');
  await card.getByTestId('catch-up.dismiss').click();
  await expect(card).toHaveCount(0);

  // Having seen it all, a reload has nothing new.
  await page.reload();
  await expect(finals).toHaveCount(4);
  await expect(page.getByTestId('catch-up')).toHaveCount(0);
  await stream.close();
});
