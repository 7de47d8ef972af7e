/**
 * End-to-end tests in Chromium against the started product: `node scripts/stack.ts start` on
 * its own port, data directory and mail ports, so it never touches a developer's running stack.
 */
import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';
import { BASE_URL, DATA_DIR, IP_BASE_URL, MAIL_HTTP_PORT, PORT, SMTP_PORT, STRIPE_FAKE_PORT } from './constants.ts';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // One worker: tests share one seeded database, and the API rate-limits per client address.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // A sign-in may wait up to 30 s for an authenticator code the API has not seen yet.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  outputDir: resolve(import.meta.dirname, '../../test-results/e2e'),
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'localhost' },
    // The address the server binds, as a newcomer or a proxy reaches it: the sign-in journeys
    // and every role's home again (a request here once sent the server into endless recursion).
    { name: '127.0.0.1', use: { baseURL: IP_BASE_URL }, testMatch: ['auth.spec.ts', 'homes.spec.ts'] },
  ],
  webServer: {
    // A fresh data directory every run (the web server starts before any global setup could wipe it).
    command: `node -e "require('node:fs').rmSync('${DATA_DIR}', { recursive: true, force: true })" && node scripts/stack.ts start`,
    cwd: resolve(import.meta.dirname, '../..'),
    url: `${BASE_URL}/api/ready`,
    timeout: 180_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      DATA_DIR,
      SMTP_PORT: String(SMTP_PORT),
      MAIL_HTTP_PORT: String(MAIL_HTTP_PORT),
      PILOT_E2E: '1',
      // The suite signs in about 30 times a minute from one address; lockout still applies.
      LOGIN_RATE_LIMIT_PER_MINUTE: '300',
      // Billing on, against the repository's fake Stripe (checkout, portal, signed webhooks).
      STRIPE_FAKE_PORT: String(STRIPE_FAKE_PORT),
    },
  },
});
