/**
 * The call list at 2,000 live calls, each getting a line about once a second: Chromium runs no long task over 100 ms
 * while the rows update, and every call can be reached — by scrolling the whole table, by the filter, by keyboard.
 */
import type { Page } from '@playwright/test';
import { acsToken, expect, INGRESS_URL, logIn, test } from './fixtures';
import { LiveCallGenerator } from './live-call-generator';

const CALLS = 2_000;
/** The steady window measured, after the list has all the calls and a few updates have passed. */
const WINDOW_MS = 20_000;
const LONG_TASK_BUDGET_MS = 100;

interface LongTask {
  start: number;
  duration: number;
}

/** Installed before any page script: records every long task (a main-thread task over 50 ms). */
function observeLongTasks() {
  const marks = window as unknown as { __longTasks: LongTask[] };
  marks.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) marks.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

const now = (page: Page) => page.evaluate(() => performance.now());
const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { __longTasks: LongTask[] }).__longTasks);
const liveCount = async (page: Page) => Number(((await page.getByTestId('call-list.counts').textContent().catch(() => '')) ?? '').replace(/,/g, '').match(/(\d+) live/)?.[1] ?? 0);

test('2,000 live calls updating once a second: no long task over 100 ms, and every call is reachable', async ({ page }) => {
  test.setTimeout(360_000);
  const generator = new LiveCallGenerator({ url: INGRESS_URL, token: await acsToken(), calls: CALLS, periodMs: 1_000 });
  // What the browser receives: `calls:changed` batches and their rows.
  const batches: { at: number; rows: number }[] = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.startsWith('42["calls:changed"')) batches.push({ at: Date.now(), rows: (JSON.parse(payload.slice(2)) as [string, unknown[]])[1].length });
    }),
  );
  try {
    await generator.open();
    generator.start();
    await page.addInitScript(observeLongTasks);
    await logIn(page);
    await expect.poll(() => liveCount(page), { timeout: 60_000, message: 'every call is on the list' }).toBeGreaterThanOrEqual(CALLS);
    // Warm: a few rounds of updates to every row have arrived and been drawn.
    const loadedAt = batches.length;
    await expect.poll(() => batches.length - loadedAt, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);

    const windowStart = await now(page);
    const batchesBefore = batches.length;
    // A measurement window, not a wait for a condition: the page is observed while 2,000 rows update once a second.
    await page.waitForTimeout(WINDOW_MS);
    const windowEnd = await now(page);
    const inWindow = (await longTasks(page)).filter((task) => task.start >= windowStart && task.start < windowEnd);
    const received = batches.slice(batchesBefore);
    const rows = received.reduce((sum, batch) => sum + batch.rows, 0);
    const longest = Math.max(0, ...inWindow.map((task) => task.duration));
    console.log(
      `call list, ${CALLS.toLocaleString('en-US')} live calls, ${WINDOW_MS / 1_000} s window: ${received.length} calls:changed events, ${rows} rows (${Math.round((rows / WINDOW_MS) * 1_000)} a second); ` +
        `${inWindow.length} long tasks, longest ${Math.round(longest)} ms [${inWindow.map((task) => Math.round(task.duration)).join(', ')}]; generator sent ${generator.sent} lines`,
    );
    // The rows really did update about once a second each.
    expect(rows).toBeGreaterThan(CALLS * (WINDOW_MS / 1_000) * 0.6);
    expect(longest).toBeLessThanOrEqual(LONG_TASK_BUDGET_MS);

    // Every call is reachable. Stop the lines so rows stop re-sorting, wait until the list has been quiet for a
    // moment (the last rows' updates arrive in chunks, and a silent call's attention can still move it), then scroll
    // the whole table. A row that moved past the scroll while it ran is found on the next pass, at most a few.
    generator.stop();
    const settled = batches.length;
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBeGreaterThan(settled);
    await expect.poll(() => Date.now() - (batches.at(-1)?.at ?? 0), { timeout: 15_000, message: 'the list is quiet' }).toBeGreaterThan(1_500);
    const seenSet = new Set<string>();
    const seen: string[] = [];
    const missing = () => generator.callIds.filter((callId) => !seenSet.has(callId));
    for (let pass = 0; pass < 4 && (pass === 0 || missing().length > 0); pass += 1) {
      const ids = await page.getByTestId('call-list.scroller').evaluate(async (scroller) => {
        const found = new Set<string>();
        const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        scroller.scrollTop = 0;
        await frame();
        for (;;) {
          for (const row of scroller.querySelectorAll('[data-testid="call-list.live"] [data-testid="call-list.row"]')) found.add(row.getAttribute('data-call-id') ?? '');
          if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
          scroller.scrollTop += scroller.clientHeight;
          await frame();
        }
        return [...found];
      });
      if (pass > 0) console.log(`scroll pass ${pass + 1}: ${missing().length} calls not seen before had moved`);
      for (const callId of ids) {
        if (seenSet.has(callId)) continue;
        seenSet.add(callId);
        seen.push(callId);
      }
    }
    expect(missing()).toEqual([]);
    // At the very end of the table: its last row.
    const rowCount = (await page.getByTestId('call-list.table').getAttribute('aria-rowcount')) ?? '';
    await expect(page.getByTestId('call-list.scroller').getByRole('row').last()).toHaveAttribute('aria-rowindex', rowCount);

    // The filter finds a call wherever it sorts: the last one seen while scrolling, and a few others.
    const filter = page.getByTestId('call-list.filter');
    const liveRows = page.getByTestId('call-list.live').getByTestId('call-list.row');
    const farDown = [...seen].reverse().find((callId) => generator.callIds.includes(callId)) ?? '';
    for (const callId of [farDown, generator.callIds[0], generator.callIds[CALLS - 1], generator.callIds[777]]) {
      await filter.fill(callId ?? '');
      await expect(liveRows).toHaveCount(1);
      await expect(liveRows.first()).toHaveAttribute('data-call-id', callId ?? '');
    }
    await filter.fill('');
    await expect.poll(() => liveCount(page)).toBeGreaterThanOrEqual(CALLS);

    // By keyboard: the row in the tab order, arrows, End, Home, and Enter opens the call.
    await page.getByTestId('call-list.scroller').evaluate((scroller) => (scroller.scrollTop = 0));
    const active = page.locator('[data-testid="call-list.row"][tabindex="0"]');
    await active.focus();
    const focusedIndex = () => page.evaluate(() => Number(document.activeElement?.getAttribute('aria-rowindex') ?? -1));
    expect(await focusedIndex()).toBe(3);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedIndex).toBe(5);
    await page.keyboard.press('End');
    const focusedCall = () => page.evaluate(() => document.activeElement?.getAttribute('data-call-id'));
    await expect.poll(async () => (await focusedCall()) === (await page.getByTestId('call-list.row').last().getAttribute('data-call-id'))).toBe(true);
    expect(await focusedIndex()).toBeGreaterThan(CALLS);
    await page.keyboard.press('Home');
    await expect.poll(focusedIndex).toBe(3);
    const openedId = await page.evaluate(() => document.activeElement?.getAttribute('data-call-id') ?? '');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL((url) => url.pathname === `/calls/${encodeURIComponent(openedId)}`);
  } finally {
    await generator.close();
  }
});
