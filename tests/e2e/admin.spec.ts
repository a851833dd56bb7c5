/**
 * Users and roles end to end: an admin creates a team and a viewer on /admin (with a field error first); the viewer
 * logs in in a second browser and sees the call controls, exports and rule writes disabled with the reason, and
 * gets the friendly 403 at /admin; disabling the viewer sends their open page to the login screen.
 */
import { randomUUID } from 'node:crypto';
import { callPath } from '../../lib/call-path';
import { expect, logIn, test } from './fixtures';

test('an admin creates a viewer, who sees call controls and exports disabled with the reason', async ({ page, browser, acs }) => {
  const viewerName = `viewer-${randomUUID().slice(0, 8)}`;
  const teamName = `Team ${randomUUID().slice(0, 6)}`;
  const password = 'viewer-password-1';
  await logIn(page);
  await page.getByTestId('header.nav-admin').click();
  await expect(page).toHaveURL(/\/admin$/);

  await page.getByTestId('admin.team-form.name').fill(teamName);
  await page.getByTestId('admin.team-form.match').fill('4:+1425555*\n4:+1*2*');
  await page.getByTestId('admin.team-form.submit').click();
  await expect(page.getByTestId('admin.team-form.match-error')).toContainText('Line 2');
  await page.getByTestId('admin.team-form.match').fill('4:+1425555*');
  await page.getByTestId('admin.team-form.submit').click();
  await expect(page.getByTestId(`admin.team.${teamName}`)).toContainText('4:+1425555*');

  await page.getByTestId('admin.user-form.username').fill(viewerName);
  await page.getByTestId('admin.user-form.password').fill('short');
  await page.getByTestId('admin.user-form.submit').click();
  await expect(page.getByTestId('admin.user-form.password-error')).toContainText('at least 10 characters');
  await page.getByTestId('admin.user-form.password').fill(password);
  await page.getByTestId(`admin.user-form.teams.${teamName}`).check();
  await page.getByTestId('admin.user-form.submit').click();
  const row = page.getByTestId(`admin.user.${viewerName}`);
  await expect(row).toHaveAttribute('data-role', 'viewer');
  await expect(page.getByTestId(`admin.user.${viewerName}.teams.${teamName}`)).toBeChecked();

  const stream = await acs.open();
  // A line from a number of the viewer's team puts the call in it: viewers see their teams' calls only.
  await stream.send({
    kind: 'TranscriptionData',
    transcriptionData: { text: 'Hello.', format: 'display', confidence: 0.9, offset: 0, duration: 10_000_000, words: [], participantRawID: '4:+14255550100', resultStatus: 'Final' },
  });
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await viewer.goto('/login');
  await viewer.getByTestId('login.username').fill(viewerName);
  await viewer.getByTestId('login.password').fill(password);
  await viewer.getByTestId('login.submit').click();
  await expect(viewer).toHaveURL(/\/$/);
  await expect(viewer.getByTestId('header.nav-admin')).toHaveCount(0);
  await expect(viewer.locator(`[data-testid="call-list.row"][data-call-id="${stream.callId}"]`)).toBeVisible();
  await expect(viewer.getByTestId('call-list.place-call')).toBeDisabled();
  await expect(viewer.getByTestId('call-list.no-control')).toHaveText('Viewers cannot control calls.');
  await viewer.getByTestId('call-list.filters-toggle').click();
  await expect(viewer.getByTestId('call-list.export.menu')).toBeDisabled();
  await expect(viewer.getByTestId('call-list.export.reason')).toHaveText('Viewers cannot export calls.');

  await viewer.goto(callPath(stream.callId));
  for (const control of ['controls.start', 'controls.stop', 'controls.summarize', 'controls.hangup']) {
    await expect(viewer.getByTestId(control)).toBeDisabled();
    await expect(viewer.getByTestId(control)).toHaveAttribute('title', 'Viewers cannot control calls.');
  }
  await expect(viewer.getByTestId('controls.no-permission')).toHaveText('Viewers cannot control calls.');
  await expect(viewer.getByTestId('export.menu')).toBeDisabled();
  await expect(viewer.getByTestId('export.reason')).toHaveText('Viewers cannot export calls.');

  await viewer.goto('/rules');
  await expect(viewer.getByTestId('rules.new')).toBeDisabled();
  await expect(viewer.getByTestId('rules.no-permission')).toHaveText('Viewers cannot change alert rules.');
  await expect(viewer.getByTestId('rules.edit').first()).toBeDisabled();

  await viewer.goto('/admin');
  await expect(viewer.getByTestId('admin.forbidden')).toContainText('Admins only');

  // Disabling the viewer ends their session at once: the open page goes to the login screen.
  await viewer.goto(callPath(stream.callId));
  await expect(viewer.getByTestId('controls.no-permission')).toBeVisible();
  await page.getByTestId(`admin.user.${viewerName}.toggle`).click();
  await expect(row).toHaveAttribute('data-disabled', 'true');
  await expect(viewer).toHaveURL(/\/login/);
  await viewerContext.close();
  await stream.close();
});
