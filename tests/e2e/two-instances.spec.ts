/**
 * Two instances on PostgreSQL and Redis (tests/helpers/cluster.ts): the call list open on instance A, the call
 * page on instance B, while the call streams into A. Skipped in one line when PostgreSQL or Redis is not
 * reachable, unless EARSHOT_REQUIRE_SERVICES=1 (CI), which makes that a failure.
 */
import { expect, test, type Page } from '@playwright/test';
import { callPath } from '../../lib/call-path';
import { startCluster, type Cluster } from '../helpers/cluster';
import { SUPERVISOR } from '../helpers/earshot-harness';
import { postgresReachable, redisReachable } from '../helpers/services';
import { waitFor } from '../helpers/wait-for';

let cluster: Cluster | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const available = (await postgresReachable()) && (await redisReachable());
  test.skip(!available, 'PostgreSQL or Redis is not reachable');
  cluster = await startCluster({ scenarioIds: ['long-technical-support'], speedFactor: 3 });
});

test.afterAll(async () => {
  await cluster?.close();
});

async function logInAt(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login.username').fill(SUPERVISOR.username);
  await page.getByTestId('login.password').fill(SUPERVISOR.password);
  await page.getByTestId('login.submit').click();
  await expect(page).toHaveURL(`${baseUrl}/`);
}

test('the list on one instance and the call page on another follow a call that streams into the first', async ({ browser }) => {
  test.setTimeout(120_000);
  if (!cluster) throw new Error('no cluster');
  const { a, b, emulator, balancer } = cluster;
  await waitFor(() => emulator.eventGridState() === 'validated', 20_000, 'Event Grid handshake');
  const placed = emulator.placeIncomingCall({ scenarioId: 'long-technical-support' });
  const callId = await waitFor(() => emulator.calls.list().find((call) => call.ids.serverCallId === placed.serverCallId)?.ids.callConnectionId, 20_000, 'the call is answered');
  await waitFor(() => [...balancer.served.keys()].some((key) => key.endsWith(' /ws/transcripts')), 20_000, 'its stream reaches an instance');

  const listPage = await (await browser.newContext()).newPage();
  await logInAt(listPage, a.url);
  const row = listPage.locator(`[data-testid="call-list.row"][data-call-id="${callId}"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row.getByTestId('call-row.last-line')).not.toBeEmpty({ timeout: 30_000 });

  const callPage = await (await browser.newContext()).newPage();
  await logInAt(callPage, b.url);
  await callPage.goto(`${b.url}${callPath(callId)}`);
  const finals = callPage.locator('[data-testid="transcript.row"][data-status="final"]');
  await expect(finals.first()).toBeVisible({ timeout: 30_000 });
  const before = await finals.count();
  // Lines keep arriving live on B while the stream is on the other instance.
  await expect.poll(() => finals.count(), { timeout: 45_000 }).toBeGreaterThan(before + 2);
  await expect(row.getByTestId('call-row.last-line')).not.toBeEmpty();
});
