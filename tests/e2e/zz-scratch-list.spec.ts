import fs from 'node:fs';
import { acsToken, expect, INGRESS_URL, logIn, test } from './fixtures';
import { LiveCallGenerator } from './live-call-generator';

test('profile list', async ({ page }) => {
  test.setTimeout(300_000);
  const generator = new LiveCallGenerator({ url: INGRESS_URL, token: await acsToken(), calls: 2000, periodMs: 1_000 });
  try {
    await generator.open();
    generator.start();
    await logIn(page);
    await expect(page.getByTestId('call-list.counts')).toContainText('2,0', { timeout: 60_000 });
    await page.waitForTimeout(4000);
    const client = await page.context().newCDPSession(page);
    await client.send('Profiler.enable');
    await client.send('Profiler.setSamplingInterval', { interval: 200 });
    await client.send('Profiler.start');
    await page.waitForTimeout(6000);
    const { profile } = await client.send('Profiler.stop');
    fs.writeFileSync('/tmp/ls/list.cpuprofile', JSON.stringify(profile));
  } finally {
    await generator.close();
  }
});
