/**
 * Playwright fixtures for the extension e2e tests.
 *
 * Per test: a fresh Chromium profile with the built extension loaded (`ext`), its
 * service worker and id. Per worker: a real backend (`backend`) and a static server
 * for the test pages in e2e/pages (`testPages`). Capture flags are opt-in per file:
 * `test.use({ captureFlags: CAPTURE_FLAGS })`.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestBackend, type TestBackend } from './support/backend';
import { launchOnFreshProfile, openExtensionPage, PAGES, type LaunchedExtension } from './support/extension';
import { startStaticServer, type StaticServer } from './support/static-server';

export * from './support/backend';
export * from './support/extension';
export * from './support/recording';
export * from './support/recorder-status';
export * from './support/recorder-raw-output';
export * from './support/disturbances';
export * from './support/recorder-db';
export * from './support/store-inspect';
export * from './support/stored-recording';
export * from './support/media-check';
export { unusedPort } from './support/static-server';

const e2eDir = fileURLToPath(new URL('.', import.meta.url));

/** The built extension this run uses (REELAY_DIST from the global setup, else dist/). */
export function distDir(): string {
  const dir = process.env.REELAY_DIST ?? resolve(e2eDir, '..', 'dist');
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No built extension in ${dir}: run "npm run build" (or let the e2e global setup build it).`);
  }
  return dir;
}

interface TestFixtures {
  /** Extra Chromium flags for this test, e.g. CAPTURE_FLAGS. */
  captureFlags: string[];
  ext: LaunchedExtension;
  /** The popup opened as a normal tab (optionally for a target tab: popup.html?tabId=). */
  openPopup: (query?: Record<string, string | number>) => Promise<Page>;
  openOptions: () => Promise<Page>;
}

interface WorkerFixtures {
  backend: TestBackend;
  testPages: StaticServer;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  captureFlags: [[], { option: true }],

  ext: async ({ captureFlags }, use) => {
    const browser = await launchOnFreshProfile(distDir(), captureFlags);
    try {
      await use(browser.ext);
    } finally {
      await browser.close();
    }
  },

  openPopup: async ({ ext }, use) => {
    await use((query) => openExtensionPage(ext, PAGES.popup, query));
  },

  openOptions: async ({ ext }, use) => {
    await use(() => openExtensionPage(ext, PAGES.options));
  },

  backend: [
    async ({}, use) => {
      const backend = await startTestBackend();
      try {
        await use(backend);
      } finally {
        await backend.close();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  testPages: [
    async ({}, use) => {
      const server = await startStaticServer(join(e2eDir, 'pages'));
      try {
        await use(server);
      } finally {
        await server.close();
      }
    },
    { scope: 'worker' },
  ],
});

export { expect };

/** Fills and submits the connect form (popup or options page). */
export async function connect(page: Page, serverUrl: string, apiToken: string): Promise<void> {
  await page.getByLabel('Server URL').fill(serverUrl);
  await page.getByLabel('API token').fill(apiToken);
  await page.getByRole('button', { name: 'Save' }).click();
}
