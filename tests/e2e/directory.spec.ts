/**
 * The directory end to end: an admin imports a CSV on /admin (a bad file first: each bad row is listed and nothing is
 * imported), and the call list and the call page then read the agent's name; renaming the entry changes the open
 * call page without a reload. /admin with the directory's errors shown passes axe.
 */
import { randomUUID } from 'node:crypto';
import { callPath } from '../../lib/call-path';
import { expectNoSeriousViolations } from './axe-check';
import { expect, logIn, test } from './fixtures';

const line = (text: string, offsetSeconds: number, speaker: string) => ({
  kind: 'TranscriptionData',
  transcriptionData: { text, format: 'display', confidence: 0.9, offset: offsetSeconds * 10_000_000, duration: 10_000_000, words: [], participantRawID: speaker, resultStatus: 'Final' },
});

const csvFile = (text: string) => ({ name: 'directory.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

test('an imported directory names the agent in the call list and on the call page', async ({ page, acs }) => {
  const tag = randomUUID().slice(0, 8);
  // Raw ids of this test only: the e2e server's database is shared by every spec.
  const agent = `8:acs:e2e_dir_${tag}`;
  const caller = `4:+1425555${String(Math.floor(Math.random() * 9_000) + 1_000)}`;
  const name = `Derek ${tag}`;
  await logIn(page);
  const stream = await acs.open();
  await stream.send(line('I was charged twice.', 1, caller));
  await stream.send(line('Let me check that for you.', 3, agent));

  await page.goto('/admin');
  const importer = page.getByTestId('admin.directory.import');
  await importer.getByTestId('admin.directory.import.file').setInputFiles(csvFile(`raw_id,display_name,kind,teams\n${agent},${name},agent,\n${caller},,customer,No such team\n`));
  await importer.getByTestId('admin.directory.import.submit').click();
  await expect(page.getByTestId('admin.directory.import.error')).toContainText('nothing was imported');
  await expect(page.getByTestId('admin.directory.import.rows')).toContainText('Line 3: display_name');
  await expect(page.getByTestId('admin.directory.import.rows')).toContainText('Line 3: teams: there is no team called “No such team”.');
  await expectNoSeriousViolations(page, 'admin with directory import errors');

  await importer.getByTestId('admin.directory.import.file').setInputFiles(csvFile(`raw_id,display_name,kind,teams\n${agent},${name},agent,\n`));
  await importer.getByTestId('admin.directory.import.submit').click();
  await expect(page.getByTestId('admin.directory.import.done')).toContainText('Imported: 1 new, 0 updated.');
  await page.getByTestId('admin.directory.search').fill(tag);
  await expect(page.getByTestId('admin.directory.row')).toHaveCount(1);
  await expect(page.getByTestId('admin.directory.row')).toContainText(name);
  await expect(page.getByTestId('admin.directory.row')).toContainText(agent);
  await expectNoSeriousViolations(page, 'admin with the directory');

  await page.goto('/');
  const row = page.locator(`[data-testid="call-list.row"][data-call-id="${stream.callId}"]`);
  await expect(row).toContainText(`${name} (agent)`);
  await expect(row).toContainText('Caller +1 425 555');

  await page.goto(callPath(stream.callId));
  const rows = page.locator('[data-testid="transcript.row"][data-status="final"]');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText(`${name} (agent)`);

  // Renamed on /admin (here through the API with the page's session): the open page follows without a reload.
  const renamed = await page.request.put(`/api/admin/directory/${encodeURIComponent(agent)}`, { data: { displayName: `Dee ${tag}`, kind: 'bot', teamIds: [] } });
  expect(renamed.status()).toBe(200);
  await expect(rows.nth(1)).toContainText(`Dee ${tag} (bot)`);
  await expect(page.locator('h1')).toContainText(`Dee ${tag} (bot)`);
  await stream.close();
});
