/**
 * Call control from the dashboard, end to end: the demo server's embedded emulator rings a call, the server answers
 * it, and a supervisor stops, starts, switches language, summarizes and hangs up from the call page, while ACS
 * faults injected into the emulator show up as errors. The dialogs on the call list run on the quiet server.
 */
import { z } from 'zod';
import type { Page } from '@playwright/test';
import { signedRequest } from '../integration/emulator/signed-requests';
import { expect, logIn, test } from './fixtures';
import { E2E_DEMO_PORT, E2E_EMULATOR_ACCESS_KEY, E2E_EMULATOR_URL } from './playwright.config';

const DEMO_URL = `http://127.0.0.1:${E2E_DEMO_PORT}`;
const EMULATOR_CONNECTION = `endpoint=${E2E_EMULATOR_URL}/;accesskey=${E2E_EMULATOR_ACCESS_KEY}`;

const RungSchema = z.object({ serverCallId: z.string(), scenarioId: z.string() });
const EmulatorCallsSchema = z.object({ value: z.array(z.object({ callConnectionId: z.string(), serverCallId: z.string(), state: z.string() })) });
const CallHistorySchema = z.object({
  ok: z.literal(true),
  data: z.object({ call: z.object({ lastSeq: z.number(), state: z.string(), transcription: z.string(), pending: z.array(z.object({ action: z.string() })) }) }),
});

async function emulator(method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await signedRequest(EMULATOR_CONNECTION, method, path, body);
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.json;
}

/** Rings the server with a demo call playing `scenarioId` (the server answers it by itself); returns the call id. */
async function ringDemoCall(scenarioId: string): Promise<string> {
  const rung = RungSchema.parse(await emulator('POST', '/emulator/incomingCalls', { scenarioId }));
  let callId = '';
  await expect
    .poll(
      async () => {
        const calls = EmulatorCallsSchema.parse(await emulator('GET', '/emulator/calls')).value;
        callId = calls.find((call) => call.serverCallId === rung.serverCallId && call.state === 'connected')?.callConnectionId ?? '';
        return callId;
      },
      { message: 'the server answers the demo call', timeout: 30_000 },
    )
    .not.toBe('');
  return callId;
}

async function injectFault(fault: Record<string, unknown>) {
  await emulator('POST', '/emulator/faults', fault);
}

async function serverCall(page: Page, callId: string) {
  const response = await page.request.get(`/api/calls/${encodeURIComponent(callId)}?afterSeq=1000000000`);
  return CallHistorySchema.parse(await response.json()).data.call;
}

/**
 * The page's transcription status reaches `expected`. When it does not, the failure also says what the server holds
 * and what the page shows as an error: a flaky run in CI leaves nothing else to go by.
 */
async function expectTranscription(page: Page, callId: string, expected: string) {
  try {
    await expect(page.getByTestId('controls.status')).toHaveText(expected);
  } catch (error) {
    const server = await serverCall(page, callId).catch((reason: unknown) => `unreadable (${String(reason)})`);
    const shown = await page.getByTestId('controls.error').textContent({ timeout: 1_000 }).catch(() => null);
    const held = typeof server === 'string' ? server : `${server.state}, transcription ${server.transcription}, pending [${server.pending.map((item) => item.action).join(', ')}]`;
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nserver: ${held}; page error: ${shown ?? 'none'}`);
  }
}

/** Polls the server's lastSeq until two reads 5 s apart agree: no line arrived in between. */
async function settledLastSeq(page: Page, callId: string): Promise<number> {
  let previous = -1;
  let current = -2;
  await expect
    .poll(
      async () => {
        previous = current;
        current = (await serverCall(page, callId)).lastSeq;
        return current === previous;
      },
      { message: 'no new line for 5 s', intervals: [5_000], timeout: 40_000 },
    )
    .toBe(true);
  return current;
}

const lineCount = async (page: Page) => Number(await page.getByTestId('call.line-count').getAttribute('data-count'));

/** Languages of the final rows after `afterSeq`, oldest first (the list follows the newest lines). */
async function languagesAfter(page: Page, afterSeq: number): Promise<string[]> {
  const rows = await page.locator('[data-testid="transcript.row"][data-status="final"]').evaluateAll((elements) =>
    elements.map((element) => ({
      seq: Number(element.getAttribute('data-seq')),
      language: element.querySelector('[data-testid="transcript.language"]')?.textContent ?? '',
    })),
  );
  return rows
    .filter((row) => row.seq > afterSeq)
    .sort((a, b) => a.seq - b.seq)
    .map((row) => row.language);
}

const auditItem = (page: Page, action: string, outcome: string) => page.locator(`[data-testid="audit.item"][data-action="${action}"][data-outcome="${outcome}"]`);

test.describe('call controls on a live demo call', () => {
  test.use({ baseURL: DEMO_URL });

  // Calls a test rang end with it, passed or failed, so the demo server is left with its own demo calls live.
  const rungCalls: string[] = [];
  test.afterEach(async ({ page }) => {
    for (const callId of rungCalls.splice(0)) await page.request.post(`/api/calls/${encodeURIComponent(callId)}/hang-up`, { data: { forEveryone: true } });
  });

  test('a caller switching language brings a one-click suggestion to switch the transcription', async ({ page }) => {
    test.setTimeout(180_000);
    // The code-switching scenario moves to Spanish after about 40 s of call time.
    const callId = await ringDemoCall('code-switching');
    rungCalls.push(callId);
    await logIn(page);
    await page.goto(`/calls/${callId}`);
    await expect(page.getByTestId('controls.status')).toHaveText('active', { timeout: 30_000 });
    await expect(page.getByTestId('controls.language')).toHaveValue('en-US');

    const suggestion = page.getByTestId('language-suggestion');
    await expect(suggestion).toContainText('Caller is speaking es-ES — switch transcription to es-ES', { timeout: 120_000 });
    await page.getByTestId('language-suggestion.switch').click();
    await expect(suggestion).toBeHidden();
    await expect(auditItem(page, 'update-transcription', 'confirmed')).toHaveCount(1);
    await expect(page.getByTestId('controls.language')).toHaveValue('es-ES');
    await expect(page.getByTestId('controls.status')).toHaveText('active');
  });

  test('stop, start, switch language, summarize, see ACS failures, hang up', async ({ page }) => {
    test.setTimeout(240_000);
    // The longest scenario: about half an hour of script, so the call outlives the test.
    const callId = await ringDemoCall('long-technical-support');
    rungCalls.push(callId);
    await logIn(page);
    await page.goto(`/calls/${callId}`);

    const status = page.getByTestId('controls.status');
    const start = page.getByTestId('controls.start');
    const stop = page.getByTestId('controls.stop');
    const language = page.getByTestId('controls.language');
    const pending = page.getByTestId('controls.pending');
    const error = page.getByTestId('controls.error');
    await expect(status).toHaveText('active', { timeout: 30_000 });
    await expect(page.locator('[data-testid="transcript.row"][data-status="final"]').first()).toBeVisible({ timeout: 30_000 });
    await expect(start).toBeDisabled();

    await test.step('Stop: pending from the click, then stopped, and the transcript stops growing', async () => {
      // Hold the request so the pending state can be seen before anything reaches the server.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/transcription/stop', async (route) => {
        await held;
        await route.continue();
      });
      await stop.click();
      await expect(stop).toHaveText('Stopping…');
      await expect(stop).toBeDisabled();
      await expect(pending).toHaveText('Stopping…');
      release();
      await expectTranscription(page, callId, 'stopped');
      await expect(pending).toHaveText('');
      await expect(stop).toHaveText('Stop');
      await expect(stop).toBeDisabled();
      await expect(start).toBeEnabled();
      await expect(language).toBeDisabled();
      await page.unroute('**/transcription/stop');

      const frozen = await settledLastSeq(page, callId);
      expect(await lineCount(page)).toBe(frozen);
      await expect(auditItem(page, 'stop-transcription', 'requested')).toHaveCount(1);
      await expect(auditItem(page, 'stop-transcription', 'confirmed')).toHaveCount(1);
      await expect(auditItem(page, 'stop-transcription', 'confirmed').getByTestId('audit.actor')).toHaveText('ACS');
    });

    await test.step('Start: active again, and lines flow', async () => {
      const before = await lineCount(page);
      await start.click();
      await expectTranscription(page, callId, 'active');
      await expect(stop).toBeEnabled();
      await expect.poll(() => lineCount(page), { message: 'new final lines', timeout: 60_000 }).toBeGreaterThan(before);
    });

    await test.step('Switch to es-ES: new lines are tagged es-ES', async () => {
      await language.selectOption('es-ES');
      await expect(auditItem(page, 'update-transcription', 'confirmed')).toHaveCount(1);
      await expect(pending).toHaveText('');
      await expectTranscription(page, callId, 'active');
      await expect(language).toHaveValue('es-ES');
      await expect(language).toBeEnabled();
      const switchedAt = (await serverCall(page, callId)).lastSeq;
      // An utterance already under way keeps the recogniser it started with; the ones after it are es-ES.
      await expect
        .poll(async () => (await languagesAfter(page, switchedAt)).slice(-2), { message: 'two new lines tagged es-ES', timeout: 90_000 })
        .toEqual(['es-ES', 'es-ES']);
    });

    await test.step('Summarize now: a summary appears', async () => {
      await expect(page.getByTestId('summaries.item')).toHaveCount(0);
      await page.getByTestId('controls.summarize').click();
      await expect(page.getByTestId('summaries.item')).toHaveCount(1);
      await expect(page.getByTestId('controls.summarize')).toHaveText('Summarize now');
      await expect(auditItem(page, 'summarize', 'confirmed')).toHaveCount(1);
    });

    await test.step('An ACS failure on the request shows its code and message', async () => {
      await injectFault({ operation: 'stopTranscription', status: 500, code: 'InternalError', message: 'Injected outage', times: 1, callConnectionId: callId });
      await stop.click();
      await expect(error).toContainText('InternalError');
      await expect(error).toContainText('Injected outage');
      await expect(error).toContainText('Stopping transcription failed');
      await expectTranscription(page, callId, 'active');
      await expect(stop).toBeEnabled();
      await expect(auditItem(page, 'stop-transcription', 'failed')).toContainText('InternalError: Injected outage');
      await page.getByTestId('controls.error-dismiss').click();
      await expect(error).toBeHidden();
    });

    await test.step('An ACS failure reported later, through a callback, shows its code and message', async () => {
      await stop.click();
      await expectTranscription(page, callId, 'stopped');
      await injectFault({ operation: 'startTranscription', mode: 'async', status: 400, code: '8581', subCode: 8581, message: 'Injected transcription failure', times: 1, callConnectionId: callId });
      await start.click();
      await expectTranscription(page, callId, 'failed');
      await expect(error).toContainText('8581');
      await expect(error).toContainText('Injected transcription failure');
      await expect(auditItem(page, 'start-transcription', 'failed')).toHaveCount(1);
      // A later start that succeeds clears it.
      await start.click();
      await expectTranscription(page, callId, 'active');
      await expect(error).toBeHidden();
    });

    await test.step('Hang up: confirmed, everything disabled, and the call moves to Recent', async () => {
      const hangUp = page.getByTestId('controls.hangup');
      await hangUp.click();
      const dialog = page.getByTestId('controls.hangup-dialog');
      await expect(dialog).toBeVisible();
      await expect(page.getByTestId('controls.hangup-everyone')).toBeChecked();
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(hangUp).toBeFocused();
      await hangUp.click();
      await page.getByTestId('controls.hangup-confirm').click();
      await expect(auditItem(page, 'hang-up', 'confirmed')).toHaveCount(1);
      await expectTranscription(page, callId, 'stopped');
      for (const control of ['controls.start', 'controls.stop', 'controls.language', 'controls.summarize', 'controls.hangup']) {
        await expect(page.getByTestId(control)).toBeDisabled();
      }
      await page.goto('/');
      await expect(page.getByTestId('call-list.recent').locator(`[data-testid="call-list.row"][data-call-id="${callId}"]`)).toBeVisible();
      await expect(page.getByTestId('call-list.live').locator(`[data-testid="call-list.row"][data-call-id="${callId}"]`)).toHaveCount(0);
    });

    // Stored server-side: a fresh page load shows the same trail.
    await page.goto(`/calls/${callId}`);
    await expect(page.getByTestId('audit.panel')).toBeVisible();
    await expect(page.getByTestId('audit.item').first()).toHaveAttribute('data-action', 'hang-up');
    await expect(auditItem(page, 'stop-transcription', 'failed')).toHaveCount(1);
  });
});

test.describe('place a call and connect to a room from the call list', () => {
  const opened: string[] = [];
  test.afterEach(async ({ page }) => {
    for (const callId of opened.splice(0)) await page.request.post(`/api/calls/${encodeURIComponent(callId)}/hang-up`, { data: {} });
  });
  const openedCallId = (page: Page) => {
    const callId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    opened.push(callId);
    return callId;
  };

  test('the Place call dialog checks the form, shows server errors, and opens the new call', async ({ page }) => {
    test.setTimeout(90_000);
    await logIn(page);
    const open = page.getByTestId('call-list.place-call');
    await open.click();
    const dialog = page.getByTestId('place-call.dialog');
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('place-call.target')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();

    await open.click();
    await page.getByTestId('place-call.target').fill('12345');
    await page.getByTestId('place-call.locales').fill('en-US es-ES fr-FR de-DE it-IT');
    await page.getByTestId('place-call.submit').click();
    await expect(page.getByTestId('place-call.target-error')).toContainText('E.164');
    await expect(page.getByTestId('place-call.locales-error')).toContainText('at most 4');
    await expect(page.getByTestId('place-call.target')).toBeFocused();

    // Well-formed, but not a locale ACS supports: the server passes on ACS's refusal.
    await page.getByTestId('place-call.target').fill('+1 425 555 0123');
    await page.getByTestId('place-call.locales').fill('en-US, es-ES');
    await page.getByTestId('place-call.locale').fill('xx-XX');
    await page.getByTestId('place-call.submit').click();
    const serverError = page.getByTestId('place-call.error');
    await expect(serverError).toContainText('8523');
    await expect(serverError).toContainText('xx-XX');

    await page.getByTestId('place-call.locale').fill('en-US');
    await page.getByTestId('place-call.submit').click();
    await expect(page).toHaveURL(/\/calls\/[^/]+$/);
    openedCallId(page);
    await expect(page.getByTestId('controls.status')).toHaveText('active', { timeout: 30_000 });
    await expect(auditItem(page, 'place-call', 'requested')).toContainText('to +14255550123');
    await expect(auditItem(page, 'place-call', 'confirmed')).toHaveCount(1);
  });

  test('the Connect to room dialog joins a room without transcribing, and Start begins it', async ({ page }) => {
    test.setTimeout(90_000);
    await logIn(page);
    await page.getByTestId('call-list.connect-room').click();
    await expect(page.getByTestId('connect-room.id')).toBeFocused();
    await page.getByTestId('connect-room.submit').click();
    await expect(page.getByTestId('connect-room.id-error')).toContainText('Enter the room id');
    await page.getByTestId('connect-room.kind').selectOption('groupCallLocator');
    await expect(page.getByTestId('connect-room.id-error')).toContainText('Enter the group call id');
    await page.getByTestId('connect-room.kind').selectOption('roomCallLocator');
    await page.getByTestId('connect-room.id').fill('99466843254286789');
    await page.getByTestId('connect-room.start-now').uncheck();
    await page.getByTestId('connect-room.submit').click();

    await expect(page).toHaveURL(/\/calls\/[^/]+$/);
    openedCallId(page);
    const status = page.getByTestId('controls.status');
    await expect(page.getByTestId('call.line-count')).toBeVisible();
    await expect(auditItem(page, 'connect-call', 'confirmed')).toHaveCount(1, { timeout: 30_000 });
    await expect(status).toHaveText('inactive');
    await expect(page.getByTestId('controls.stop')).toBeDisabled();
    await expect(page.getByTestId('controls.language')).toBeDisabled();
    await page.getByTestId('controls.start').click();
    await expect(status).toHaveText('active');
    await expect(page.locator('[data-testid="transcript.row"][data-status="final"]').first()).toBeVisible({ timeout: 45_000 });
  });
});
