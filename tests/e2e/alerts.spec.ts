/**
 * Triage end to end: a rule created in /rules fires on a call streamed through the real ingress; the toast, the
 * header count and the inbox show it; the inbox opens the call at the triggering line; acknowledging takes it out,
 * on every dashboard. A link to an old line of a long call (beyond the first page the call page loads) scrolls to it.
 * Managing rules (field messages from RE2 and from the server, testing on a past call, edit, on / off, delete), and
 * the per-browser sound and notification settings.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { callLinePath } from '../../lib/line-link';
import { expect, logIn, test } from './fixtures';

const CALLER = '4:+14255550147';
const AGENT = '8:acs:e2e_agent';

function finalLine(text: string, index: number, speaker = CALLER) {
  return {
    kind: 'TranscriptionData',
    transcriptionData: { text, format: 'display', confidence: 0.92, offset: (index + 1) * 30_000_000, duration: 20_000_000, words: [], participantRawID: speaker, resultStatus: 'Final', sentimentAnalysisResult: { sentiment: 'neutral' } },
  };
}

async function openCount(page: Page): Promise<number> {
  const button = page.getByTestId('header.alerts');
  await expect(button).toHaveAttribute('data-count', /^\d+$/);
  return Number(await button.getAttribute('data-count'));
}

test('a rule made in /rules fires on a live call: toast, header count, inbox, the line highlighted, acknowledge', async ({ page, acs }) => {
  await logIn(page);
  await page.getByTestId('header.nav-rules').click();
  await expect(page).toHaveURL(/\/rules$/);
  await expect(page.getByRole('heading', { name: 'Rules', level: 1 })).toBeVisible();
  // The counts show once the rules are read, after the page is hydrated: a click before that would do nothing.
  await expect(page.getByTestId('rules.counts')).toBeVisible();

  // Create through the form; first with nothing to match, which the form refuses next to the phrases box.
  const name = `Refund requested ${randomUUID().slice(0, 6)}`;
  // A phrase of this run only: a rule left by an earlier run (a retry, --repeat-each) must not fire on this call too.
  const orderNumber = String(100_000 + Math.floor(Math.random() * 900_000));
  const phrase = `refund my order number ${orderNumber}`;
  await page.getByTestId('rules.new').click();
  const form = page.getByTestId('rule-form.dialog');
  await expect(form.getByTestId('rule-form.name')).toBeFocused();
  await form.getByTestId('rule-form.name').fill(name);
  await form.getByTestId('rule-form.submit').click();
  const phrasesError = form.getByTestId('rule-form.phrases-error');
  await expect(phrasesError).toHaveText('give at least one phrase or a regular expression');
  await expect(form.getByTestId('rule-form.phrases')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByTestId('rule-form.phrases')).toBeFocused();
  // A count of 0 is refused next to the count, for another kind.
  await form.getByTestId('rule-form.kind').selectOption('negativeStreak');
  await form.getByTestId('rule-form.count').fill('0');
  await expect(form.getByTestId('rule-form.count-error')).toHaveText('count must be at least 1');
  await form.getByTestId('rule-form.kind').selectOption('phrases');
  await form.getByTestId('rule-form.phrases').fill(phrase);
  await expect(phrasesError).toHaveCount(0);
  await form.getByTestId('rule-form.severity').selectOption('critical');
  await form.getByTestId('rule-form.submit').click();
  await expect(form).toBeHidden();
  const row = page.getByTestId('rules.row').filter({ hasText: name });
  await expect(row.getByTestId('rules.summary')).toContainText(`Anyone says “${phrase}”`);
  await expect(row.getByRole('switch', { name: `Enabled: ${name}` })).toHaveAttribute('aria-checked', 'true');

  const before = await openCount(page);
  // A call through the real ingress; the caller says the phrase on its third line.
  const stream = await acs.open({ enableSentimentAnalysis: true });
  await stream.send(finalLine('Thank you for calling, how can I help?', 0, AGENT));
  await stream.send(finalLine('Hi, I ordered a blender two weeks ago.', 1));
  await stream.send(finalLine(`Please refund my order number ${orderNumber}, it never arrived.`, 2));

  const toast = page.getByTestId('alert-toast').filter({ hasText: name });
  await expect(toast).toBeVisible();
  await expect(toast.getByTestId('alert.severity')).toHaveText('Critical');
  await expect(toast.getByTestId('alert.text')).toContainText(phrase);
  await expect(page.getByTestId('alert-announcer.assertive')).toContainText(`Critical alert: ${name}`);
  await expect(page.getByTestId('header.alerts')).toHaveAccessibleName(`Alerts, ${before + 1} open`);
  await expect(page.getByTestId('header.alerts-count')).toHaveText(String(before + 1));
  // The toast waits while the pointer is on it; dismissing it leaves the alert open in the inbox.
  await toast.hover();
  await expect(toast).toHaveAttribute('data-paused', 'true');
  await toast.getByTestId('alert-toast.dismiss').click();
  await expect(toast).toHaveCount(0);
  await expect(page.getByTestId('header.alerts-count')).toHaveText(String(before + 1));

  // The inbox: newest first, and a click opens the call at the line, highlighted and in view.
  await page.getByTestId('header.alerts').click();
  const inbox = page.getByTestId('alert-inbox');
  await expect(inbox).toBeVisible();
  const item = inbox.getByTestId('alert-inbox.item').filter({ hasText: name });
  await expect(inbox.getByTestId('alert-inbox.item').first()).toHaveAttribute('data-alert-id', (await item.getAttribute('data-alert-id')) ?? '');
  await expect(item.getByTestId('alert.reason')).not.toBeEmpty();
  await item.getByTestId('alert.open').click();
  await expect(inbox).toBeHidden();
  await expect(page).toHaveURL(`${callLinePath(stream.callId, 3)}`);
  const line = page.locator('[data-testid="transcript.row"][data-seq="3"]');
  await expect(line).toHaveAttribute('aria-current', 'location');
  await expect(line).toHaveId('seq-3');
  await expect(line).toBeInViewport();
  await expect(page.locator('[data-testid="transcript.row"][aria-current]')).toHaveCount(1);

  // Another supervisor's dashboard has it open too; it learns of the acknowledgement only from `alert:updated`.
  const other = await page.context().newPage();
  await other.goto('/');
  await expect(other.getByTestId('header.alerts')).toHaveAccessibleName(`Alerts, ${before + 1} open`);
  await other.getByTestId('header.alerts').click();
  const otherItem = other.getByTestId('alert-inbox.item').filter({ hasText: name });
  await expect(otherItem).toBeVisible();

  // Acknowledge: it leaves the list and the count goes down, here and there.
  await page.getByTestId('header.alerts').click();
  await inbox.getByTestId('alert-inbox.item').filter({ hasText: name }).getByTestId('alert.acknowledge').click();
  await expect(inbox.getByTestId('alert-inbox.item').filter({ hasText: name })).toHaveCount(0);
  await expect(page.getByTestId('header.alerts')).toHaveAccessibleName(before === 0 ? 'Alerts, none open' : `Alerts, ${before} open`);
  await expect(otherItem).toHaveCount(0);
  await expect(other.getByTestId('header.alerts')).toHaveAccessibleName(before === 0 ? 'Alerts, none open' : `Alerts, ${before} open`);
  await other.close();
  await page.keyboard.press('Escape');
  await expect(inbox).toBeHidden();
  await expect(page.getByTestId('header.alerts')).toBeFocused();
  await stream.close();
  // Leave the server as found: later specs count alerts too.
  const ruleId = await page.request.get('/api/rules').then(async (response) => ((await response.json()) as { data: { rules: { id: string; name: string }[] } }).data.rules.find((rule) => rule.name === name)?.id);
  if (ruleId !== undefined) expect((await page.request.delete(`/api/rules/${ruleId}`)).ok()).toBe(true);
});

test('a link to a line older than the first page of a long call scrolls to it and highlights it, also on a hash change', async ({ page, acs }) => {
  test.setTimeout(120_000);
  // Three pages: the newest 500 lines first (2101–2600), then the 2,000 before them, then lines 1–100.
  const LINES = 2_600;
  await logIn(page);
  const stream = await acs.open();
  const sent: Promise<void>[] = [];
  for (let index = 0; index < LINES; index += 1) sent.push(stream.send(finalLine(`Line ${index + 1} of a long call.`, index, index % 2 === 0 ? CALLER : AGENT)));
  await Promise.all(sent);
  await expect
    .poll(async () => {
      const response = await page.request.get(`/api/calls/${encodeURIComponent(stream.callId)}?afterSeq=${LINES - 1}`);
      const body = (await response.json()) as { data?: { call: { lastSeq: number } } };
      return body.data?.call.lastSeq ?? 0;
    }, { timeout: 60_000 })
    .toBe(LINES);

  // Line 2550 is in the first page the call page loads; the two older pages that go in front of it afterwards must
  // not move it away.
  await page.goto(callLinePath(stream.callId, 2550));
  const recent = page.locator('[data-testid="transcript.row"][data-seq="2550"]');
  await expect(recent).toHaveAttribute('aria-current', 'location');
  await expect(page.getByText('loading earlier lines…')).toHaveCount(0);
  await expect(page.locator('[data-testid="transcript.row"][data-seq="1"]')).toHaveCount(0);
  await expect(recent).toBeInViewport();

  // Line 1200 comes with the second page, and the third goes in front of it after.
  await page.goto('about:blank');
  await page.goto(callLinePath(stream.callId, 1200));
  const middle = page.locator('[data-testid="transcript.row"][data-seq="1200"]');
  await expect(middle).toHaveAttribute('aria-current', 'location');
  await expect(page.getByText('loading earlier lines…')).toHaveCount(0);
  await expect(middle).toBeInViewport();

  // Line 12 is far older than the newest 500 lines the page loads first.
  await page.goto('about:blank');
  await page.goto(callLinePath(stream.callId, 12));
  const old = page.locator('[data-testid="transcript.row"][data-seq="12"]');
  await expect(old).toBeInViewport({ timeout: 30_000 });
  await expect(old).toHaveAttribute('aria-current', 'location');
  await expect(old).toContainText('Line 12 of a long call.');
  await expect(page.locator(`[data-testid="transcript.row"][data-seq="${LINES}"]`)).not.toBeInViewport();

  // A hash change within the page moves to the other line.
  await page.evaluate(() => {
    window.location.hash = '#seq-1500';
  });
  const other = page.locator('[data-testid="transcript.row"][data-seq="1500"]');
  await expect(other).toBeInViewport();
  await expect(other).toHaveAttribute('aria-current', 'location');
  await expect(page.locator('[data-testid="transcript.row"][aria-current]')).toHaveCount(1);

  // A line the transcript does not have says so.
  await page.evaluate(() => {
    window.location.hash = '#seq-9999';
  });
  await expect(page.getByTestId('transcript.line-target')).toHaveText('Line 9999 is not in this transcript.');
  await stream.close();
});

test('/rules: RE2 and server field messages, test on a past call with links to the lines, edit, switch off and delete', async ({ page, acs }) => {
  await logIn(page);
  const stream = await acs.open();
  await stream.send(finalLine('Hello, this is about my credit card.', 0));
  await stream.send(finalLine('I will file a chargeback with my bank.', 1));
  await stream.send(finalLine('Please do not do a charge back yet.', 2, AGENT));
  await expect
    .poll(async () => ((await (await page.request.get(`/api/calls/${encodeURIComponent(stream.callId)}`)).json()) as { data?: { call: { lastSeq: number } } }).data?.call.lastSeq ?? 0)
    .toBe(3);

  await page.goto('/rules');
  await expect(page.getByTestId('rules.counts')).toBeVisible();
  const name = `Chargeback ${randomUUID().slice(0, 6)}`;
  await page.getByTestId('rules.new').click();
  const form = page.getByTestId('rule-form.dialog');
  await form.getByTestId('rule-form.name').fill(name);
  // Lookaround passes the schema but not RE2: the page says so as it is typed (with RE2's own words), and keeps it.
  await form.getByTestId('rule-form.regex').fill('charge(?=back)');
  await expect(form.getByTestId('rule-form.regex-error')).toContainText('RE2 syntax: no backreferences or lookaround');
  await form.getByTestId('rule-form.submit').click();
  await expect(form.getByTestId('rule-form.regex')).toBeFocused();
  await expect(form.getByTestId('rule-form.error')).toHaveCount(0);
  await form.getByTestId('rule-form.regex').fill('charge ?back');
  await expect(form.getByTestId('rule-form.regex-error')).toHaveCount(0);
  await form.getByTestId('rule-form.cooldown').fill('0');

  // The server's 400 lands next to its field too: the request on the wire carries a value the page would have
  // refused, and the real server's `error.fields` answer shows under the cooldown.
  await page.route('**/api/rules', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
    await route.continue({ postData: JSON.stringify({ ...body, cooldownSeconds: -1 }) });
  });
  await form.getByTestId('rule-form.submit').click();
  await expect(form.getByTestId('rule-form.error')).toHaveAttribute('data-code', 'invalid_request');
  await expect(form.getByTestId('rule-form.cooldown-error')).toHaveText('cooldownSeconds is at least 0');
  await expect(form.getByTestId('rule-form.cooldown')).toBeFocused();
  await page.unroute('**/api/rules');
  // Tried before saving, from the form itself; Enter in the call field runs the test and does not submit.
  const tryIt = form.getByTestId('rule-form.tester');
  await tryIt.locator('summary').click();
  await tryIt.getByTestId('rule-test.call').fill(stream.callId);
  await tryIt.getByTestId('rule-test.call').press('Enter');
  await expect(tryIt.getByTestId('rule-test.hit')).toHaveCount(2);
  await expect(form.getByTestId('rule-form.submit')).toBeVisible();
  await form.getByTestId('rule-form.submit').click();
  await expect(form).toBeHidden();
  const row = page.getByTestId('rules.row').filter({ hasText: name });
  await expect(row.getByTestId('rules.summary')).toContainText('A line matches /charge ?back/');

  // Test it on the call: two hits, each linked to its line.
  await row.getByTestId('rules.test').click();
  const tester = page.getByTestId('rule-test.dialog');
  await expect(tester.getByTestId('rule-test.call')).toBeFocused();
  await tester.getByTestId('rule-test.call').fill(stream.callId);
  await tester.getByTestId('rule-test.run').click();
  const hits = tester.getByTestId('rule-test.hit');
  await expect(hits).toHaveCount(2);
  await expect(hits.nth(0)).toContainText('I will file a chargeback with my bank.');
  await expect(hits.nth(0).getByRole('link', { name: 'Line 2' })).toHaveAttribute('href', callLinePath(stream.callId, 2));
  await expect(hits.nth(1).getByRole('link', { name: 'Line 3' })).toBeVisible();
  await hits.nth(1).getByRole('link', { name: 'Line 3' }).click();
  await expect(page).toHaveURL(callLinePath(stream.callId, 3));
  await expect(page.locator('[data-testid="transcript.row"][data-seq="3"]')).toHaveAttribute('aria-current', 'location');

  // Edit, switch off, delete: each survives a reload.
  await page.goto('/rules');
  await expect(page.getByTestId('rules.counts')).toBeVisible();
  await row.getByTestId('rules.edit').click();
  await expect(form.getByTestId('rule-form.regex')).toHaveValue('charge ?back');
  await form.getByTestId('rule-form.name').fill(`${name} (edited)`);
  await form.getByTestId('rule-form.submit').click();
  await expect(form).toBeHidden();
  const edited = page.getByTestId('rules.row').filter({ hasText: `${name} (edited)` });
  await edited.getByRole('switch').click();
  await expect(edited.getByRole('switch')).toHaveAttribute('aria-checked', 'false');
  await page.reload();
  await expect(edited.getByRole('switch')).toHaveAttribute('aria-checked', 'false');
  await edited.getByTestId('rules.delete').click();
  await page.getByTestId('delete-rule.confirm').click();
  await expect(edited).toHaveCount(0);
  await expect(page.getByTestId('rules.new')).toBeFocused();
  await page.reload();
  await expect(page.getByTestId('rules.row').first()).toBeVisible();
  await expect(edited).toHaveCount(0);
  await stream.close();
});

test('sound and desktop notifications are off until ticked, need the browser’s permission, and are kept in this browser', async ({ page, context }) => {
  await logIn(page);
  await page.getByTestId('header.alerts').click();
  const sound = page.getByTestId('alert-settings.sound');
  const desktop = page.getByTestId('alert-settings.desktop');
  await expect(sound).not.toBeChecked();
  await expect(desktop).not.toBeChecked();
  // Nothing asked the browser on load.
  expect(await page.evaluate(() => Notification.permission)).toBe('default');

  await sound.check();
  // The click asks the browser; refused (Playwright dismisses the prompt), the setting stays off.
  await desktop.click();
  await expect(desktop).not.toBeChecked();
  await context.grantPermissions(['notifications']);
  await desktop.check();
  await expect(desktop).toBeChecked();
  await page.reload();
  await page.getByTestId('header.alerts').click();
  await expect(sound).toBeChecked();
  await expect(desktop).toBeChecked();
  expect(JSON.parse((await page.evaluate(() => window.localStorage.getItem('earshot.alert-preferences'))) ?? '{}')).toEqual({ sound: true, desktop: true });
  await desktop.uncheck();
  await expect(desktop).not.toBeChecked();
});

test('after the connection drops, the inbox catches up: an alert acknowledged meanwhile leaves, one raised meanwhile arrives', async ({ page, context, acs }) => {
  await logIn(page);
  // The page has joined the alert feed (its snapshot is in): an alert raised before that would not toast.
  await openCount(page);
  const stream = await acs.open();
  // "cancel" is one of the default rules' phrases (Wants to cancel).
  await stream.send(finalLine('I want to cancel my subscription today.', 0));
  const first = page.getByTestId('alert-toast').filter({ hasText: 'I want to cancel my subscription today.' });
  await expect(first).toBeVisible();
  const firstId = await first.getAttribute('data-alert-id');
  const status = page.getByTestId('connection.status');
  await expect(status).toHaveAttribute('data-status', 'live');

  await context.setOffline(true);
  await expect(status).not.toHaveAttribute('data-status', 'live');
  // While this dashboard is away: another supervisor acknowledges the first alert, and a new one is raised.
  expect((await page.request.post(`/api/alerts/${encodeURIComponent(firstId ?? '')}/ack`, { headers: { origin: new URL(page.url()).origin } })).ok()).toBe(true);
  await stream.send(finalLine('This is ridiculous, I want to complain.', 1));
  await expect
    .poll(async () => ((await (await page.request.get(`/api/alerts?callId=${encodeURIComponent(stream.callId)}`)).json()) as { data: { alerts: { text: string }[] } }).data.alerts.some((alert) => alert.text.includes('ridiculous')))
    .toBe(true);

  await context.setOffline(false);
  await expect(status).toHaveAttribute('data-status', 'live', { timeout: 30_000 });
  await page.getByTestId('header.alerts').click();
  const items = page.getByTestId('alert-inbox.item');
  await expect(items.filter({ hasText: stream.callId }).filter({ hasText: 'This is ridiculous, I want to complain.' })).toHaveCount(1);
  await expect(page.locator(`[data-testid="alert-inbox.item"][data-alert-id="${firstId}"]`)).toHaveCount(0);
  await expect(first).toHaveCount(0);
  await stream.close();
});
