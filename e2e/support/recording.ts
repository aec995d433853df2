/**
 * Helpers for recording tests (they need the offscreen recorder):
 *
 *   test.use({ captureFlags: CAPTURE_FLAGS });
 *   const target = await openCaptureTarget(ext, testPages);
 *   const popup = await popupForTab(ext, target);        // toolbar click + popup.html?tabId=
 *   await popup.getByRole('button', { name: 'Start recording' }).click();
 *   await waitForRecorderState(popup, 'recording');
 */
import { expect, type Page } from '@playwright/test';
import type { RecorderState, RecorderStatus } from '../../extension/src/shared/recorder-status';
import {
  CAPTURE_TARGET_TITLE,
  openExtensionPage,
  PAGES,
  tabIdOf,
  triggerAction,
  type LaunchedExtension,
} from './extension';
import type { StaticServer } from './static-server';

/** The animated canvas + tone page whose title the capture flags auto-select. */
export async function openCaptureTarget(ext: LaunchedExtension, pages: StaticServer): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(pages.url('capture-target.html'));
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

/** Asks the recorder for its status from any extension page; idle if no recorder runs. */
export function recorderStatus(extensionPage: Page): Promise<RecorderStatus> {
  return extensionPage.evaluate(async () => {
    const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
    if (contexts.length === 0) return { state: 'idle' } as RecorderStatus;
    return (await chrome.runtime.sendMessage({ target: 'offscreen', type: 'get-status', data: {} })) as RecorderStatus;
  });
}

export async function waitForRecorderState<S extends RecorderState>(
  extensionPage: Page,
  state: S,
  timeoutMs = 60_000,
): Promise<Extract<RecorderStatus, { state: S }>> {
  let last: RecorderStatus | undefined;
  await expect
    .poll(
      async () => {
        last = await recorderStatus(extensionPage);
        if (last.state === 'failed') throw new Error(`recorder failed: ${JSON.stringify(last.error)}`);
        return last.state;
      },
      { timeout: timeoutMs, intervals: [250, 500, 1000] },
    )
    .toBe(state);
  return last as Extract<RecorderStatus, { state: S }>;
}
