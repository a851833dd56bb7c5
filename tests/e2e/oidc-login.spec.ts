/**
 * Single sign-on in Chromium: a real OpenID provider in the test process (tests/helpers/oidc-provider.ts) and an
 * Earshot of its own pointed at it (the shared e2e servers have no SSO). "Sign in with Microsoft" on /login, the
 * provider's login page, back on the dashboard as the mapped role; then logging out ends the provider's session too.
 */
import { expect, test } from '@playwright/test';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { startTestOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider';
import { freePort } from '../helpers/server-process';
import { expectNoSeriousViolations } from './axe-check';

let provider: TestOidcProvider | undefined;
let app: NextServer | undefined;
let base = '';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startTestOidcProvider({
    redirectUri: `${base}/api/auth/oidc/callback`,
    postLogoutRedirectUri: `${base}/login`,
    users: {
      ada: { claims: { preferred_username: 'ada@contoso.com', name: 'Ada Admin', roles: ['Earshot.Admin'], oid: 'oid-ada', tid: 'tenant-1' } },
      val: { claims: { preferred_username: 'val@contoso.com', name: 'Val Viewer', roles: ['Earshot.Viewer'], oid: 'oid-val', tid: 'tenant-1' } },
    },
  });
  app = await startNextServer({ env: { PORT: String(port), PUBLIC_BASE_URL: base, ...provider.env(), OIDC_LOGOUT: 'provider' } });
});

test.afterAll(async () => {
  await app?.close();
  await provider?.close();
});

test('signs in with Microsoft through the provider and lands on the dashboard as the mapped role', async ({ page }) => {
  await page.goto(`${base}/search`);
  await expect(page).toHaveURL(/\/login\?next=%2Fsearch$/);
  await page.getByTestId('login.sso').click();
  // The provider's own login page.
  await expect(page).toHaveURL(new RegExp(`^${provider?.issuer ?? ''}/interaction/`));
  await page.locator('input[name="login"]').fill('ada');
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await expect(page).toHaveURL(`${base}/search`);
  await expect(page.getByText('Signed in as')).toContainText('ada@contoso.com');
  await expect(page.getByTestId('header.nav-admin')).toBeVisible();
  const session = await page.request.get(`${base}/api/session`);
  expect(await session.json()).toMatchObject({ ok: true, data: { username: 'ada@contoso.com', role: 'admin' } });
  await page.getByTestId('header.account').click();
  await expect(page.getByTestId('account.sso')).toBeVisible();
  await expect(page.getByTestId('account.password-form')).toHaveCount(0);

  // Logging out ends the provider's session too (OIDC_LOGOUT=provider) and comes back to the login page.
  await page.getByTestId('header.logout').click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(new RegExp(`^${base}/login`));
  await expect(page.getByTestId('login.sso')).toBeVisible();
});

test('a viewer lands on the dashboard without the admin page; an unmapped sign-in error reads clearly', async ({ page, browser }) => {
  await page.goto(`${base}/login`);
  await expectNoSeriousViolations(page, 'the login page with single sign-on');
  await page.getByTestId('login.sso').click();
  await page.locator('input[name="login"]').fill('val');
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await expect(page).toHaveURL(`${base}/`);
  await expect(page.getByText('Signed in as')).toContainText('val@contoso.com');
  await expect(page.getByTestId('header.nav-admin')).toHaveCount(0);
  const signedOut = await (await browser.newContext()).newPage();
  await signedOut.goto(`${base}/login?error=no_role`);
  await expect(signedOut.getByTestId('login.sso-error')).toContainText('no Earshot role');
  await expectNoSeriousViolations(signedOut, 'the login page with a sign-in error');
  await signedOut.context().close();
});
