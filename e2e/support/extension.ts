/**
 * Launching Chromium with the unpacked extension, and driving it the way a user
 * would (see /work/shared/notes/testing-in-chromium.md for why each step is needed).
 */
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';

/** Title of e2e/pages/capture-target.html; tab capture auto-selects the tab with this title. */
export const CAPTURE_TARGET_TITLE = 'Reelay capture target';

/**
 * Flags that let capture run without a human (verified with Chromium 156, headless):
 * - the title flag answers getDisplayMedia's picker ("Screen or window") with that tab;
 * - the fake device gives a microphone (allow it with setMicrophonePermission).
 * "This tab" (tabCapture stream id + getUserMedia) works with these flags.
 */
export const CAPTURE_FLAGS = [
  `--auto-select-tab-capture-source-by-title=${CAPTURE_TARGET_TITLE}`,
  '--use-fake-device-for-media-stream',
];

/**
 * Answers every camera/microphone prompt with "Allow" (the permission reads "granted"
 * from the start). It BREAKS "This tab": getUserMedia with a tab stream id then fails
 * with "Requested device not found". Only for tests of the permission page.
 */
export const FAKE_MEDIA_UI_FLAG = '--use-fake-ui-for-media-stream';

/** Extension pages, relative to chrome-extension://<id>/ (see manifest.json / vite.config.ts). */
export const PAGES = {
  popup: 'popup/popup.html',
  options: 'options/options.html',
  permissions: 'permissions/permissions.html',
  offscreen: 'offscreen/offscreen.html',
} as const;

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
}

export async function launchWithExtension(opts: {
  distDir: string;
  userDataDir: string;
  extraArgs?: string[];
  /** A headed browser on this X display (Xvfb, e2e/support/xvfb.ts): keyboard shortcuts need one. */
  display?: string;
}): Promise<LaunchedExtension> {
  const context = await chromium.launchPersistentContext(opts.userDataDir, {
    executablePath: CHROMIUM,
    headless: opts.display === undefined,
    ...(opts.display !== undefined ? { env: { ...process.env, DISPLAY: opts.display } } : {}),
    args: [
      `--disable-extensions-except=${opts.distDir}`,
      `--load-extension=${opts.distDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      // No traffic beyond loopback: no component updates, safe browsing, sync, field trials.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      '--metrics-recording-only',
      '--disable-features=MediaRouter,OptimizationHints,Translate',
      // The capture target plays a tone without a user gesture.
      '--autoplay-policy=no-user-gesture-required',
      ...(opts.extraArgs ?? []),
    ],
  });
  try {
    let [serviceWorker] = context.serviceWorkers();
    serviceWorker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
    const extensionId = new URL(serviceWorker.url()).host;
    return { context, extensionId, serviceWorker };
  } catch (err) {
    await context.close();
    throw err;
  }
}

/** A browser with the extension on a fresh profile (a temp dir), removed again by `close`. */
export interface FreshProfileBrowser {
  ext: LaunchedExtension;
  userDataDir: string;
  close(): Promise<void>;
}

export async function launchOnFreshProfile(distDir: string, extraArgs: string[] = [], display?: string): Promise<FreshProfileBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'reelay-e2e-profile-'));
  try {
    const ext = await launchWithExtension({ distDir, userDataDir, extraArgs, ...(display !== undefined ? { display } : {}) });
    return {
      ext,
      userDataDir,
      close: async () => {
        await ext.context.close().catch(() => undefined);
        // A headed browser's helper processes may still write their caches for a moment.
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

export function extensionUrl(extensionId: string, page: string, query?: Record<string, string | number>): string {
  const url = new URL(`chrome-extension://${extensionId}/${page}`);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
  return url.href;
}

/** Opens an extension page in a normal tab (Playwright can drive it like any page). */
export async function openExtensionPage(
  ext: LaunchedExtension,
  page: string,
  query?: Record<string, string | number>,
): Promise<Page> {
  const tab = await ext.context.newPage();
  await tab.goto(extensionUrl(ext.extensionId, page, query));
  return tab;
}

/**
 * A real toolbar click on `page`'s tab (CDP Extensions.triggerAction): opens the real
 * popup and counts as invoking the extension on that tab (needed by tabCapture).
 * The real popup is not a Playwright Page; open popup.html?tabId= in a tab to drive the UI.
 */
export async function triggerAction(ext: LaunchedExtension, page: Page): Promise<void> {
  const browser = ext.context.browser();
  const cdp = browser ? await browser.newBrowserCDPSession() : await ext.context.newCDPSession(page);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as {
      targetInfos: { targetId: string; url: string }[];
    };
    const tab = targetInfos.find((t) => t.url === page.url());
    if (!tab) throw new Error(`no tab target for ${page.url()}`);
    await cdp.send('Extensions.triggerAction' as never, { id: ext.extensionId, targetId: tab.targetId } as never);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** chrome.tabs id of `page` (the extension has no "tabs" permission, so find it as the active tab). */
export async function tabIdOf(ext: LaunchedExtension, page: Page): Promise<number> {
  await page.bringToFront();
  const id = await ext.serviceWorker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id;
  });
  if (typeof id !== 'number') throw new Error('could not find the tab id');
  return id;
}

/** Reads chrome.storage.local from the service worker. */
export function readStorage(ext: LaunchedExtension, key: string): Promise<unknown> {
  return ext.serviceWorker.evaluate(async (k) => (await chrome.storage.local.get(k))[k], key);
}

/**
 * Sets the extension origin's microphone permission, as the user would in Chrome's
 * site settings. (Playwright's grantPermissions refuses chrome-extension:// origins.)
 * CDP permission overrides end when their session detaches, so the session stays
 * open until the browser closes.
 * Note: with --use-fake-ui-for-media-stream the permission already reads "granted".
 */
export async function setMicrophonePermission(
  ext: LaunchedExtension,
  setting: 'granted' | 'denied' | 'prompt',
): Promise<void> {
  const browser = ext.context.browser();
  if (!browser) throw new Error('no browser handle for CDP');
  const cdp = await browser.newBrowserCDPSession();
  await cdp.send('Browser.setPermission' as never, {
    permission: { name: 'microphone' },
    setting,
    origin: `chrome-extension://${ext.extensionId}`,
  } as never);
}
