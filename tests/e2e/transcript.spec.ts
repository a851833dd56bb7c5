import { expect, logIn, test } from './fixtures';
import { callPath } from '../../lib/call-path';

const data = (text: string, status: 'Final' | 'Intermediate', extra: Record<string, unknown> = {}) => ({
  kind: 'TranscriptionData',
  transcriptionData: { text, format: 'display', confidence: 0.91, offset: 12_000_000, duration: 20_000_000, words: [], participantRawID: '4:+14255550147', resultStatus: status, ...extra },
});

test('an unauthenticated browser is sent to the login page, and a wrong password is refused', async ({ page }) => {
  await page.goto('/calls/anything');
  await expect(page).toHaveURL(/\/login\?next=%2Fcalls%2Fanything/);
  await page.getByTestId('login.username').fill('e2e-supervisor');
  await page.getByTestId('login.password').fill('wrong-password');
  await page.getByTestId('login.submit').click();
  await expect(page.getByTestId('login.error')).toBeVisible();
  const api = await page.request.get('/api/calls');
  expect(api.status()).toBe(401);
});

test('a replayed call appears on the list and its transcript, PII, languages and chart show on the call page', async ({ page, acs }) => {
  await logIn(page);
  const callId = await acs.replay('multi-speaker-bilingual.jsonl', 40);
  const row = page.locator(`[data-testid="call-list.row"][data-call-id="${callId}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('call-row.last-line')).toContainText('Adiós');
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/calls/${callId}$`));

  const finals = page.locator('[data-testid="transcript.row"][data-status="final"]');
  await expect(finals).toHaveCount(15);
  await expect(page.getByTestId('transcript.pii').first()).toHaveText(/^\*+$/);
  await expect(page.getByText('4/12/1988')).toHaveCount(0);
  await expect(page.getByTestId('transcript.language').filter({ hasText: 'es-ES' }).first()).toBeVisible();
  await expect(page.getByTestId('transcript.sentiment').first()).toBeVisible();
  await expect(page.getByTestId('sentiment.chart').locator('path.recharts-curve').first()).toBeVisible();
  await expect(page.getByTestId('metadata.panel')).toContainText('MaskWithCharacter');
  await expect(page.getByTestId('summaries.panel')).toBeVisible();

  await page.reload();
  await expect(finals).toHaveCount(15);
  await expect(page.getByTestId('transcript.pii').first()).toBeVisible();
});

test('intermediate text shows dimmed and is replaced in place by the final', async ({ page, acs }) => {
  await logIn(page);
  const stream = await acs.open({ enableSentimentAnalysis: true, piiRedactionOptions: { enable: true, redactionType: 'MaskWithCharacter' } });
  await page.goto(`/calls/${stream.callId}`);
  await stream.send(data('i would like to', 'Intermediate'));
  const interim = page.locator('[data-testid="transcript.row"][data-status="intermediate"]');
  await expect(interim).toContainText('i would like to');
  await stream.send(data('i would like to pay with card ****', 'Intermediate'));
  await expect(interim).toContainText('pay with card');
  await expect(interim).toHaveCount(1);
  await stream.send(data('I would like to pay with card **** **** **** 1111.', 'Final', { sentimentAnalysisResult: { sentiment: 'positive' } }));
  const final = page.locator('[data-testid="transcript.row"][data-status="final"]');
  await expect(final).toHaveCount(1);
  await expect(final).toContainText('I would like to pay with card');
  await expect(interim).toHaveCount(0);
  await expect(final.getByTestId('transcript.pii')).toHaveCount(3);
  await stream.close();
});

test('a final ACS sends again — on the same stream and after a reconnect — shows once', async ({ page, acs }) => {
  await logIn(page);
  const first = await acs.open();
  await page.goto(callPath(first.callId));
  const cancel = data('I want to cancel my account.', 'Final', { offset: 20_000_000, sentimentAnalysisResult: { sentiment: 'negative' } });
  await first.send(cancel);
  await first.send(cancel);
  await first.send(data('Let me see what I can do.', 'Final', { offset: 50_000_000, participantRawID: '8:acs:agent_1' }));
  const finals = page.locator('[data-testid="transcript.row"][data-status="final"]');
  await expect(finals).toHaveCount(2);
  await first.close();
  // ACS reconnects the stream and resends what it sent last, then goes on.
  const again = await acs.open({}, { callId: first.callId });
  await again.send(cancel);
  await again.send(data('Thank you.', 'Final', { offset: 80_000_000 }));
  await expect(finals).toHaveCount(3);
  await expect(finals.filter({ hasText: 'I want to cancel my account.' })).toHaveCount(1);
  await page.reload();
  await expect(finals).toHaveCount(3);
  await expect(finals.filter({ hasText: 'I want to cancel my account.' })).toHaveCount(1);
  await again.close();
});

test('a stream that goes silent says so on the list and the call page, and clears when packets come back', async ({ page, acs }) => {
  await logIn(page);
  const stream = await acs.open();
  await stream.send(data('Hello, can you hear me?', 'Final'));
  const row = page.locator(`[data-testid="call-list.row"][data-call-id="${stream.callId}"]`);
  await expect(row).toBeVisible();
  // Nothing more arrives: after PACKET_STALE_MS (15 s) the row says the stream has stalled, ticking with the clock.
  await expect(row.getByTestId('call-row.health')).toHaveAttribute('data-kind', 'stalled', { timeout: 30_000 });
  await expect(row.getByTestId('call-row.health')).toContainText(/No packets \d+ s/);
  await page.goto(`/calls/${stream.callId}`);
  await expect(page.getByTestId('call.health')).toHaveAttribute('data-kind', 'stalled');
  await stream.send(data('Yes, I can hear you now.', 'Final', { offset: 30_000_000 }));
  await expect(page.getByTestId('call.health')).toHaveCount(0);
  await stream.close();
});
