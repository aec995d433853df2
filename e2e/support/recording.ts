/**
 * Driving a recording the way a user does, from the popup (it needs the capture flags):
 *
 *   test.use({ captureFlags: CAPTURE_FLAGS });
 *   const { popup } = await prepareScreenRecording(ext, backend, testPages);  // noise page, fast parts
 *   await startRecordingFromPopup(popup);
 *   await waitForPartsUploaded(popup, 1);
 *   const { recordingId } = await stopAndWaitForShareLink(popup);
 *
 * "This tab" instead: openCaptureTarget + popupForTab (a real toolbar click grants tab capture).
 */
import { expect, type Page } from '@playwright/test';
import type { RecorderStatus, RecordingSource } from '../../extension/src/shared/recorder-status';
import type { TestBackend } from './backend';
import { CAPTURE_TARGET_TITLE, openExtensionPage, PAGES, tabIdOf, triggerAction, type LaunchedExtension } from './extension';
import { PART_SIZE } from '../../api';
import { waitForRecorderState } from './recorder-status';
import { installRecorderWitness } from './recorder-witness';
import type { StaticServer } from './static-server';

/** Parts are exactly 5 MiB, the last one may be shorter. */
export { PART_SIZE };

/**
 * Asked-for video bitrate for tests that need several parts: with the noise page MediaRecorder then
 * delivers ≈ 2–3 MB/s on a busy 2-core machine (≈ 1 MB/s at 20 Mbit/s; calm content stays far below
 * any bitrate). The tests wait for upload progress, never for a fixed time.
 */
export const FAST_PARTS_BITRATE = 100_000_000;

/** Stores a working connection directly (tests that are not about the connect form). */
export async function seedConnection(ext: LaunchedExtension, backend: TestBackend): Promise<void> {
  const connection = { serverUrl: backend.url, apiToken: backend.apiToken, partSize: PART_SIZE, checkedAt: Date.now() };
  await ext.serviceWorker.evaluate((c) => chrome.storage.local.set({ connection: c }), connection);
}

/**
 * Sets the recorder's video bitrate: the capture option `videoBitsPerSecond` (shared/capture-options.ts)
 * in the stored preferences, which the popup sends with every start. Call before opening the popup.
 */
export async function setRecorderBitrate(ext: LaunchedExtension, videoBitsPerSecond: number): Promise<void> {
  await ext.serviceWorker.evaluate(async (v) => {
    const { preferences } = await chrome.storage.local.get('preferences');
    await chrome.storage.local.set({ preferences: { ...(preferences as object | undefined), videoBitsPerSecond: v } });
  }, videoBitsPerSecond);
}

/**
 * e2e/pages/capture-target.html, whose title the capture flags auto-select: a calm animation, or
 * with `noise` fresh random pixels every frame (fills parts fast at a raised bitrate). One per browser.
 */
export async function openCaptureTarget(ext: LaunchedExtension, pages: StaticServer, { noise = false } = {}): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(pages.url(noise ? 'capture-target.html?noise' : 'capture-target.html'));
  await expect(page).toHaveTitle(CAPTURE_TARGET_TITLE);
  return page;
}

/**
 * Clicks the toolbar button on `target` (grants tab capture for it), then opens the
 * popup UI in a tab of its own, aimed at `target` through ?tabId=.
 */
export async function popupForTab(ext: LaunchedExtension, target: Page): Promise<Page> {
  const tabId = await tabIdOf(ext, target);
  await triggerAction(ext, target);
  return openExtensionPage(ext, PAGES.popup, { tabId });
}

export async function chooseSource(popup: Page, source: RecordingSource): Promise<void> {
  const radio = popup.getByRole('radio', { name: source === 'tab' ? /^This tab/ : /^Screen or window/ });
  await radio.check();
  await expect(radio).toBeChecked();
}

/**
 * The usual start of a multi-part recording: connected, fast parts, the noise page open, the popup
 * in a tab with "Screen or window" chosen (getDisplayMedia auto-selects the noise page).
 */
export async function prepareScreenRecording(
  ext: LaunchedExtension,
  backend: TestBackend,
  pages: StaticServer,
  { bitrate = FAST_PARTS_BITRATE } = {},
): Promise<{ target: Page; popup: Page }> {
  await seedConnection(ext, backend);
  await setRecorderBitrate(ext, bitrate);
  const target = await openCaptureTarget(ext, pages, { noise: true });
  const popup = await openExtensionPage(ext, PAGES.popup);
  await chooseSource(popup, 'screen');
  return { target, popup };
}

/**
 * Clicks "Start recording", waits through preparing + countdown until it records, and forwards
 * the offscreen recorder's warnings and errors to the test output.
 */
export async function startRecordingFromPopup(popup: Page, logLabel = 'offscreen'): Promise<Extract<RecorderStatus, { state: 'recording' }>> {
  await installRecorderWitness(popup); // what the checks of the stored object compare with
  await popup.getByRole('button', { name: 'Start recording' }).click();
  const status = await waitForRecorderState(popup, 'recording', 60_000);
  await expect(popup.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  await forwardOffscreenLogs(popup, logLabel);
  return status;
}

export interface ShareLink {
  recordingId: string;
  shareUrl: string;
}

/** Clicks Stop and waits for the share link (see waitForShareLink). */
export async function stopAndWaitForShareLink(popup: Page, timeout = 120_000): Promise<ShareLink> {
  await popup.getByRole('button', { name: 'Stop', exact: true }).click();
  return waitForShareLink(popup, timeout);
}

/** Waits for 'done' (fails at once on 'failed') and checks the popup shows the share link as a real link. */
export async function waitForShareLink(popup: Page, timeout = 120_000): Promise<ShareLink> {
  const done = await waitForRecorderState(popup, 'done', timeout);
  const link = popup.getByRole('link', { name: done.shareUrl });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute('href', done.shareUrl);
  return { recordingId: done.recordingId, shareUrl: done.shareUrl };
}

/** Closes the share-page tabs the extension opened for finished recordings (they play the video and cost CPU). */
export async function closeSharePages(ext: LaunchedExtension, ...links: ShareLink[]): Promise<void> {
  for (const page of ext.context.pages()) {
    if (links.some((l) => page.url().startsWith(l.shareUrl))) await page.close().catch(() => undefined);
  }
}

/**
 * Forwards the offscreen recorder's console warnings and errors to the test output (the
 * offscreen document is not a Playwright page; chrome.extension.getViews reaches its window).
 * Re-run after the document was recreated.
 */
export async function forwardOffscreenLogs(extensionPage: Page, label = 'offscreen'): Promise<boolean> {
  if (!(await extensionPage.evaluate(() => '__reelayForward' in window))) {
    await extensionPage.exposeFunction('__reelayForward', (line: string) => console.log(`[${label}] ${line}`));
  }
  return extensionPage.evaluate(() => {
    const view = chrome.extension.getViews().find((v) => v.location.pathname.endsWith('/offscreen.html')) as
      | (Window & typeof globalThis & { __reelayHooked?: boolean })
      | undefined;
    if (!view) return false;
    if (view.__reelayHooked) return true;
    view.__reelayHooked = true;
    const forward = (window as unknown as { __reelayForward: (line: string) => void }).__reelayForward;
    const text = (x: unknown) => (x instanceof Error ? (x.stack ?? x.message) : typeof x === 'object' ? JSON.stringify(x) : String(x));
    for (const level of ['warn', 'error'] as const) {
      const original = view.console[level].bind(view.console);
      view.console[level] = (...args: unknown[]) => {
        forward(`${level}: ${args.map(text).join(' ')}`);
        original(...args);
      };
    }
    view.addEventListener('unhandledrejection', (e) => forward(`unhandled rejection: ${text(e.reason)}`));
    view.addEventListener('error', (e) => forward(`error: ${e.message}`));
    return true;
  });
}
