/**
 * End-to-end tests: the built extension in the system Chromium (/usr/bin/chromium,
 * no browser download) against a real Reelay backend. See e2e/fixtures.ts.
 * The global setup builds the extension into a fresh temp dir for this run, so
 * concurrent runs never see a half-written dist/ (set REELAY_DIST to reuse a build).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  // 2 cores, and every test runs a whole browser + backend + store.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium' },
  },
});
