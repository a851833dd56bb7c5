import { expect, logIn, test } from './fixtures';

test('logging out elsewhere with the same session sends an open dashboard straight to the login page', async ({ page, context }) => {
  await logIn(page);
  await expect(page.getByTestId('connection.status')).toHaveAttribute('data-status', 'live');

  // Another request with the same cookie (another tab, say): the open page learns it over socket.io at once.
  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === 'earshot_session');
  expect(session).toBeDefined();
  const response = await page.request.post('/api/auth/logout', { headers: { cookie: `earshot_session=${session?.value ?? ''}` } });
  expect(response.status()).toBe(200);

  await expect(page).toHaveURL(/\/login\?next=%2F$/);
  await expect(page.getByTestId('login.username')).toBeVisible();
});
