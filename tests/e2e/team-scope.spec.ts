/**
 * Team-scoped lists end to end: two supervisors of different teams, each in their own browser, see only their team's
 * calls in the list; opening the other team's call by its URL shows "Call not found", exactly as for a missing call.
 */
import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { callPath } from '../../lib/call-path';
import { expect, logIn, test } from './fixtures';

const PASSWORD = 'team-scope-password-1';

async function created<T>(request: APIRequestContext, url: string, data: unknown): Promise<T> {
  const response = await request.post(url, { data });
  expect(response.status(), url).toBe(201);
  return ((await response.json()) as { data: T }).data;
}

test('two supervisors of different teams each see only their calls', async ({ page, browser, acs }) => {
  // Three browsers' worth of logins and page loads.
  test.setTimeout(150_000);
  const suffix = randomUUID().slice(0, 6);
  // Distinct numbers per run: the e2e server's database outlives one spec.
  const prefixes = { west: `4:+1206${suffix.replace(/\D/g, '7').slice(0, 3)}`, east: `4:+1212${suffix.replace(/\D/g, '3').slice(0, 3)}` };
  await logIn(page);
  const teams: Record<'west' | 'east', { id: string }> = {
    west: await created(page.request, '/api/admin/teams', { name: `West ${suffix}`, match: [`${prefixes.west}*`] }),
    east: await created(page.request, '/api/admin/teams', { name: `East ${suffix}`, match: [`${prefixes.east}*`] }),
  };
  const calls: Record<'west' | 'east', string> = { west: '', east: '' };
  for (const side of ['west', 'east'] as const) {
    await created(page.request, '/api/admin/users', { username: `sup-${side}-${suffix}`, password: PASSWORD, role: 'supervisor', teamIds: [teams[side].id] });
    const stream = await acs.open();
    calls[side] = stream.callId;
    await stream.send({
      kind: 'TranscriptionData',
      transcriptionData: { text: `Hello from the ${side}.`, format: 'display', confidence: 0.9, offset: 0, duration: 10_000_000, words: [], participantRawID: `${prefixes[side]}0101`, resultStatus: 'Final' },
    });
  }

  for (const side of ['west', 'east'] as const) {
    const other = side === 'west' ? 'east' : 'west';
    const context = await browser.newContext();
    const supervisor = await context.newPage();
    await supervisor.goto('/login');
    await supervisor.getByTestId('login.username').fill(`sup-${side}-${suffix}`);
    await supervisor.getByTestId('login.password').fill(PASSWORD);
    await supervisor.getByTestId('login.submit').click();
    await expect(supervisor).toHaveURL(/\/$/);
    await expect(supervisor.locator(`[data-testid="call-list.row"][data-call-id="${calls[side]}"]`)).toBeVisible();
    await expect(supervisor.locator(`[data-testid="call-list.row"][data-call-id="${calls[other]}"]`)).toHaveCount(0);
    await supervisor.goto(callPath(calls[other]));
    await expect(supervisor.getByRole('heading', { name: 'Call not found' })).toBeVisible();
    await supervisor.goto(callPath(calls[side]));
    await expect(supervisor.getByTestId('transcript.text')).toHaveText(`Hello from the ${side}.`);
    await context.close();
  }
  // The admin sees both.
  await page.goto('/');
  for (const callId of Object.values(calls)) await expect(page.locator(`[data-testid="call-list.row"][data-call-id="${callId}"]`)).toBeVisible();
});
