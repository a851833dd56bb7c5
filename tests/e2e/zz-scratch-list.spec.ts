import fs from 'node:fs';
import { acsToken, expect, INGRESS_URL, logIn, test } from './fixtures';
import { LiveCallGenerator } from './live-call-generator';

test('trace list', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const generator = new LiveCallGenerator({ url: INGRESS_URL, token: await acsToken(), calls: 2000, periodMs: 1_000 });
  try {
    await generator.open();
    generator.start();
    await logIn(page);
    await expect(page.getByTestId('call-list.counts')).toContainText('2,0', { timeout: 60_000 });
    await page.waitForTimeout(4000);
    await browser.startTracing(page, { path: '/tmp/ls/list-trace.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'disabled-by-default-v8.gc', 'toplevel', 'blink', 'loading'] });
    await page.waitForTimeout(8000);
    await browser.stopTracing();
  } finally {
    await generator.close();
  }
});
