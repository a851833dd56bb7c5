import fs from 'node:fs';
import { callPath } from '../../lib/call-path';
import { expect, logIn, test } from './fixtures';

const LINES = 10_000;
const SPEAKERS = ['4:+14255550147', '8:acs:e2e_agent'];
const WORDS = ['I', 'would', 'like', 'to', 'check', 'the', 'status', 'of', 'my', 'order', 'from', 'last', 'week', 'please'];
function finalPacket(index: number) {
  const offset = index * 30_000_000;
  const words = WORDS.map((text, word) => ({ text, offset: offset + word * 2_000_000, duration: 1_800_000 }));
  return { kind: 'TranscriptionData', transcriptionData: { text: `Line ${index + 1}: ${WORDS.join(' ')}.`, format: 'display', confidence: 0.92, offset, duration: 28_000_000, words, participantRawID: SPEAKERS[index % 2], resultStatus: 'Final', sentimentAnalysisResult: { sentiment: 'neutral' } } };
}

function instrument(seq: number) {
  const w = window as unknown as { __log: string[] };
  w.__log = [];
  const log = (s: string) => w.__log.push(`${performance.now().toFixed(0)} ${s}`);
  const Orig = window.WebSocket;
  window.WebSocket = class extends Orig {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      log('ws open start');
      this.addEventListener('open', () => log('ws open'));
      this.addEventListener('message', (e) => { if (typeof e.data === 'string' && e.data.length > 1000) log(`ws in ${e.data.length}`); });
      const send = this.send.bind(this);
      this.send = (d: string) => { log(`ws out ${String(d).slice(0, 30)}`); send(d); };
    }
  } as typeof WebSocket;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) log(`longtask start=${e.startTime.toFixed(0)} dur=${e.duration.toFixed(0)}`); }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('DOMContentLoaded', () => log('DOMContentLoaded'));
  const check = () => {
    const row = document.querySelector(`[data-testid="transcript.row"][data-seq="${seq}"]`);
    const scroller = row?.closest('[role="region"]');
    if (row && scroller) {
      const rect = row.getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      if (rect.height > 0 && rect.top >= view.top - 1 && rect.bottom <= view.bottom + 1) { log('VISIBLE'); return; }
      log('row present, not in view');
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

test('profile', async ({ page, acs }) => {
  test.setTimeout(240_000);
  await logIn(page);
  const stream = await acs.open({ enableSentimentAnalysis: true });
  const sent: Promise<void>[] = [];
  for (let index = 0; index < LINES; index += 1) sent.push(stream.send(finalPacket(index)));
  await Promise.all(sent);
  await expect.poll(async () => ((await (await page.request.get(`/api/calls/${stream.callId}?afterSeq=${LINES - 1}`)).json()) as { data?: { call: { lastSeq: number } } }).data?.call.lastSeq ?? 0, { timeout: 120_000 }).toBe(LINES);
  await page.addInitScript(instrument, LINES);
  await page.goto(callPath(stream.callId));
  await expect(page.locator(`[data-testid="transcript.row"][data-seq="${LINES}"]`)).toBeVisible({ timeout: 30_000 });
  for (const variant of ['', '', '', '']) {
    await page.goto('about:blank');
    const client = await page.context().newCDPSession(page);
    await client.send('Profiler.enable');
    await client.send('Profiler.setSamplingInterval', { interval: 100 });
    await client.send('Profiler.start');
    await page.goto(callPath(stream.callId) + variant);
    await page.waitForFunction(() => (window as unknown as { __log: string[] }).__log.some((l) => l.endsWith('VISIBLE')));
    const { profile } = await client.send('Profiler.stop');
    fs.writeFileSync(`/tmp/ls/open-${Date.now()}.cpuprofile`, JSON.stringify(profile));
    await page.waitForFunction(() => (window as unknown as { __log: string[] }).__log.some((l) => l.endsWith('VISIBLE')));
    await page.waitForTimeout(1500);
    const log = await page.evaluate(() => (window as unknown as { __log: string[] }).__log);
    const nav = await page.evaluate(() => JSON.stringify(performance.getEntriesByType('navigation').map((e) => { const n = e as PerformanceNavigationTiming; return { resp: n.responseEnd.toFixed(0), dcl: n.domContentLoadedEventEnd.toFixed(0), load: n.loadEventEnd.toFixed(0) }; })));
    console.log('---', nav, '\n' + log.filter((l) => /VISIBLE|longtask|ws in|call:open/.test(l)).slice(0, 8).join('\n'));
  }
  await stream.close();
});
