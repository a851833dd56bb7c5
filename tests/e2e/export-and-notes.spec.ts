import fs from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import webvtt from 'webvtt-parser';
import { callPath } from '../../lib/call-path';
import { expect, logIn, test } from './fixtures';

const final = (text: string, offsetMs: number, speaker: string) => ({
  kind: 'TranscriptionData',
  transcriptionData: { text, format: 'display', confidence: 0.9, offset: offsetMs * 10_000, duration: 15_000_000, words: [], participantRawID: speaker, resultStatus: 'Final' },
});

const LINES = [
  final('Buenos días, ¿en qué puedo ayudarle?', 1_000, '8:acs:agent_e2e'),
  final('Quiero cancelar, "ahora", por favor — नमस्ते 👋', 3_500, '4:+14255550123'),
  final('=1+1 is not a formula here', 6_000, '8:acs:agent_e2e'),
];

test('a bookmark and a note on a line reach another supervisor’s browser live, and only the author can delete the note', async ({ page, browser, acs }) => {
  await logIn(page);
  const stream = await acs.open();
  for (const line of LINES) await stream.send(line);
  await page.goto(callPath(stream.callId));
  const finals = page.locator('[data-testid="transcript.row"][data-status="final"]');
  await expect(finals).toHaveCount(LINES.length);

  const otherContext = await browser.newContext();
  try {
    const other = await otherContext.newPage();
    await logIn(other);
    await other.goto(callPath(stream.callId));
    await expect(other.locator('[data-testid="transcript.row"][data-status="final"]')).toHaveCount(LINES.length);

    // The bookmark by keyboard: the line's buttons are in the tab order and show when focused.
    const line2 = page.locator('[data-testid="transcript.row"][data-seq="2"]');
    await line2.getByRole('button', { name: 'Bookmark line 2' }).focus();
    await page.keyboard.press('Enter');
    await expect(line2.getByRole('button', { name: 'Bookmark line 2' })).toHaveAttribute('aria-pressed', 'true');
    const otherLine2 = other.locator('[data-testid="transcript.row"][data-seq="2"]');
    await expect(otherLine2.getByTestId('transcript.marks')).toHaveAttribute('data-bookmarked', 'true');

    await line2.hover();
    await line2.getByRole('button', { name: 'Add a note to line 2' }).click();
    await expect(page.getByTestId('notes.target')).toHaveText('Note on line 2');
    await expect(page.getByTestId('notes.text')).toBeFocused();
    await page.getByTestId('notes.text').fill('Call back tomorrow — café ☕');
    await page.getByTestId('notes.add').click();
    await expect(page.getByTestId('notes.target')).toHaveText('Note on the call');

    const otherNote = other.locator('[data-testid="notes.item"][data-kind="note"]');
    await expect(otherNote).toContainText('Call back tomorrow — café ☕');
    await expect(otherNote.getByTestId('notes.author')).toHaveText('e2e-supervisor');
    await expect(otherNote.getByTestId('notes.line-link')).toHaveText('line 2');
    await expect(otherLine2.getByTestId('transcript.marks')).toHaveAttribute('data-notes', '1');
    await otherNote.getByTestId('notes.line-link').click();
    await expect(other).toHaveURL(/#seq-2$/);

    // A note on the whole call.
    await page.getByTestId('notes.text').fill('Whole call: supervisor reviewed');
    await page.getByTestId('notes.add').click();
    await expect(other.locator('[data-testid="notes.item"]:not([data-seq])')).toContainText('Whole call: supervisor reviewed');

    // Its author deletes the line note; it goes from the other browser too.
    await page.locator('[data-testid="notes.item"][data-seq="2"][data-kind="note"]').getByTestId('notes.delete').click();
    await expect(other.locator('[data-testid="notes.item"][data-seq="2"][data-kind="note"]')).toHaveCount(0);
    await expect(otherLine2.getByTestId('transcript.marks')).toHaveAttribute('data-notes', '0');
  } finally {
    await otherContext.close();
    await stream.close();
  }
});

test('the call page downloads a WebVTT and a CSV of the call, with its lines, speakers and accents intact', async ({ page, acs }) => {
  await logIn(page);
  const stream = await acs.open();
  for (const line of LINES) await stream.send(line);
  await page.goto(callPath(stream.callId));
  await expect(page.locator('[data-testid="transcript.row"][data-status="final"]')).toHaveCount(LINES.length);

  const fetchDownload = async (format: 'vtt' | 'csv') => {
    await page.getByTestId('export.menu').locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export.${format}`).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^earshot-[A-Za-z0-9._-]+-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
    return fs.readFile(await download.path(), 'utf8');
  };

  const vtt = await fetchDownload('vtt');
  const parsed = new webvtt.WebVTTParser({ '&amp;': '&', '&lt;': '<', '&gt;': '>' }).parse(vtt, 'metadata');
  expect(parsed.errors).toEqual([]);
  expect(parsed.cues.map((cue) => cue.startTime)).toEqual([1, 3.5, 6]);
  expect(parsed.cues.map((cue) => cue.tree.children[0]?.name)).toEqual(['v', 'v', 'v']);
  expect(parsed.cues[1]?.text).toContain('Quiero cancelar, "ahora", por favor — नमस्ते 👋');

  const csv = await fetchDownload('csv');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const rows = parseCsv(csv, { bom: true, columns: true }) as Record<string, string>[];
  expect(rows.map((row) => row.text)).toEqual(['Buenos días, ¿en qué puedo ayudarle?', 'Quiero cancelar, "ahora", por favor — नमस्ते 👋', "'=1+1 is not a formula here"]);
  expect(rows.map((row) => row.seq)).toEqual(['1', '2', '3']);

  // Each download is in the call's audit trail, live.
  await expect(page.getByTestId('audit.item').filter({ hasText: 'Export' })).toHaveCount(2);
  await stream.close();
});
