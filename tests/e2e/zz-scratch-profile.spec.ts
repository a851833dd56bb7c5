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

test('profile', async ({ page, acs }) => {
  test.setTimeout(240_000);
  await logIn(page);
  const stream = await acs.open({ enableSentimentAnalysis: true });
  const sent: Promise<void>[] = [];
  for (let index = 0; index < LINES; index += 1) sent.push(stream.send(finalPacket(index)));
  await Promise.all(sent);
  await expect.poll(async () => ((await (await page.request.get(`/api/calls/${stream.callId}?afterSeq=${LINES - 1}`)).json()) as { data?: { call: { lastSeq: number } } }).data?.call.lastSeq ?? 0, { timeout: 120_000 }).toBe(LINES);
  for (const after of [0, 2000, 4000, 6000, 8000]) {
    const t0 = Date.now();
    const response = await page.request.get(`/api/calls/${stream.callId}?afterSeq=${after}`);
    const body = await response.body();
    console.log(`http page after ${after}: ${Date.now() - t0} ms, ${body.length} bytes`);
  }
  await page.goto(callPath(stream.callId));
  await expect(page.locator(`[data-seq="${LINES}"]`)).toBeVisible({ timeout: 30_000 });
  await page.goto('about:blank');
  const client = await page.context().newCDPSession(page);
  await client.send('Profiler.enable');
  await client.send('Profiler.setSamplingInterval', { interval: 200 });
  await client.send('Profiler.start');
  const t0 = Date.now();
  page.on('websocket', (ws) => {
    ws.on('framereceived', (frame) => { const len = typeof frame.payload === 'string' ? frame.payload.length : frame.payload.length; if (len > 10000) console.log('frame in', Date.now() - t0, len); });
    ws.on('framesent', (frame) => { console.log('frame out', Date.now() - t0, String(frame.payload).slice(0, 80)); });
  });
  page.on('console', (m) => console.log('console', Date.now() - t0, m.text()));
  await page.goto(callPath(stream.callId));
  await expect(page.locator(`[data-seq="${LINES}"]`)).toBeVisible({ timeout: 30_000 });
  console.log('visible after', Date.now() - t0);
  const { profile } = await client.send('Profiler.stop');
  fs.writeFileSync('/tmp/ls/open.cpuprofile', JSON.stringify(profile));
  await stream.close();
});
