import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

/** E2E_PORT_OFFSET shifts every port below, so two checkouts can run their end-to-end suites side by side. */
const PORT_OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const E2E_PORT = 3300 + PORT_OFFSET;
export const E2E_SUPERVISOR = { username: 'e2e-supervisor', password: 'e2e-password-123' };
const root = fileURLToPath(new URL('../..', import.meta.url));
export const E2E_DATA_DIR = path.join(root, '.cache', 'e2e');
export const E2E_DEMO_PORT = 3301 + PORT_OFFSET;
/** The demo server's embedded emulator, reachable by tests that inject ACS faults. */
export const E2E_EMULATOR_URL = `http://127.0.0.1:${4511 + PORT_OFFSET}`;
export const E2E_EMULATOR_ACCESS_KEY = Buffer.from('earshot-e2e-emulator-access-key!').toString('base64');
/** The quiet server's emulator: no demo traffic and no auto-answer, so tests ring calls for a supervisor to answer. */
export const E2E_QUIET_EMULATOR_URL = `http://127.0.0.1:${4512 + PORT_OFFSET}`;
const E2E_DEMO_DATA_DIR = path.join(root, '.cache', 'e2e-demo');

function serverEnv(overrides: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    HOST: '127.0.0.1',
    DEV_SIGNING_KEY_PATH: path.join(root, '.cache', 'e2e-dev-signing-key.json'),
    SUPERVISOR_USERNAME: E2E_SUPERVISOR.username,
    SUPERVISOR_PASSWORD: E2E_SUPERVISOR.password,
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

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
  // The build happens once, before Playwright starts (npm run test:e2e), so both servers share it.
  webServer: [
    {
      // Replay tests: no demo traffic, so only the calls a test streams in appear; incoming calls ring for a supervisor.
      command: `rm -rf "${E2E_DATA_DIR}" && tsx server/index.ts`,
      cwd: root,
      url: `http://127.0.0.1:${E2E_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: serverEnv({
        PORT: String(E2E_PORT),
        DATABASE_PATH: path.join(E2E_DATA_DIR, 'earshot.db'),
        DEMO_CALLS: '0',
        AUTO_ANSWER: 'false',
        EMULATOR_PORT: new URL(E2E_QUIET_EMULATOR_URL).port,
        EMULATOR_ACCESS_KEY: E2E_EMULATOR_ACCESS_KEY,
      }),
    },
    {
      // As `npm start` runs out of the box: the embedded emulator with demo calls.
      command: `rm -rf "${E2E_DEMO_DATA_DIR}" && tsx server/index.ts`,
      cwd: root,
      url: `http://127.0.0.1:${E2E_DEMO_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: serverEnv({
        PORT: String(E2E_DEMO_PORT),
        DATABASE_PATH: path.join(E2E_DEMO_DATA_DIR, 'earshot.db'),
        // As npm start, except periodic summaries: the controls spec counts the summaries it asks for itself
        // (tests/integration/periodic-summaries.test.ts covers them against the emulator).
        SUMMARY_INTERVAL_MINUTES: 'off',
        EMULATOR_PORT: new URL(E2E_EMULATOR_URL).port,
        EMULATOR_ACCESS_KEY: E2E_EMULATOR_ACCESS_KEY,
      }),
    },
  ],
});
