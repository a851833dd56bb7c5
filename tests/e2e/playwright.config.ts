import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

export const E2E_PORT = 3300;
export const E2E_SUPERVISOR = { username: 'e2e-supervisor', password: 'e2e-password-123' };
const root = fileURLToPath(new URL('../..', import.meta.url));
export const E2E_DATA_DIR = path.join(root, '.cache', 'e2e');

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: path.join(root, 'test-results'),
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    // A fresh database every run; the production build, as `npm start` serves it.
    command: `rm -rf "${E2E_DATA_DIR}" && node server/tools/ensure-build.mjs && tsx server/index.ts`,
    cwd: root,
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      DATABASE_PATH: path.join(E2E_DATA_DIR, 'earshot.db'),
      DEV_SIGNING_KEY_PATH: path.join(root, '.cache', 'e2e-dev-signing-key.json'),
      SUPERVISOR_USERNAME: E2E_SUPERVISOR.username,
      SUPERVISOR_PASSWORD: E2E_SUPERVISOR.password,
      LOG_LEVEL: 'warn',
      DEMO_CALLS: '0',
    },
  },
});
