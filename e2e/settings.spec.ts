/**
 * The options page's recording settings take effect in real recordings: Quality sets the frame
 * size (720p: 720 lines), Countdown its length, Maximum length stops a recording on its own after a
 * warning. Real Chromium, the built extension, a real backend and store; each setting is chosen in
 * the options page UI, as a user would.
 */
import type { Page } from '@playwright/test';
import {
  CAPTURE_FLAGS,
  CAPTURE_TARGET_TITLE,
  checkStoredRecording,
  chooseSource,
  closeSharePages,
  describeCheck,
  expect,
  openCaptureTarget,
  popupForTab,
  readStorage,
  seedConnection,
  startRecordingFromPopup,
  stopAndWaitForShareLink,
  tabIdOf,
  test,
  waitForRecordedTime,
  waitForRecorderState,
  waitForStatus,
  type LaunchedExtension,
  type TestBackend,
} from './fixtures';
import type { StaticServer } from './support/static-server';

test.use({ captureFlags: CAPTURE_FLAGS });

async function choose(options: Page, ext: LaunchedExtension, control: 'Quality' | 'Countdown', name: RegExp, expected: Record<string, unknown>): Promise<void> {
  await options.getByRole('group', { name: control }).getByRole('radio', { name }).check();
  await expect.poll(() => readStorage(ext, 'preferences')).toMatchObject(expected);
}

/**
 * Makes `page`'s browser window 2000x1600, so the tab is larger than 1080p as Chrome reports it
 * (chrome.tabs: the window's size, not Playwright's emulated viewport) and taller than 16:9: the
 * frame's height is what the Quality box limits.
 */
async function growWindow(ext: LaunchedExtension, page: Page): Promise<void> {
  const cdp = await ext.context.newCDPSession(page);
  try {
    const { windowId } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number };
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { width: 2000, height: 1600 } });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** A "This tab" recording of the capture target in a window larger than 1080p, `ms` long; its stored check. */
async function recordLargeTab(ext: LaunchedExtension, backend: TestBackend, testPages: StaticServer, ms: number) {
  const target = await openCaptureTarget(ext, testPages);
  await growWindow(ext, target);
  const tabId = await tabIdOf(ext, target);
  const tabHeight = await ext.serviceWorker.evaluate(async (id) => (await chrome.tabs.get(id)).height, tabId);
  expect(tabHeight, 'the tab is taller than 1080 lines').toBeGreaterThan(1080);
  const popup = await popupForTab(ext, target);
  await chooseSource(popup, 'tab');
  const started = await startRecordingFromPopup(popup, 'settings');
  await waitForRecordedTime(popup, ms);
  const link = await stopAndWaitForShareLink(popup);
  const check = await checkStoredRecording(backend, popup, link.recordingId);
  await closeSharePages(ext, link);
  await popup.close();
  await target.close();
  return { started, check };
}

test('Quality 720p, chosen in the options page, records a tab taller than 1080 lines with 720 lines', async ({ ext, backend, testPages, openOptions }) => {
  await seedConnection(ext, backend);
  const options = await openOptions();
  await choose(options, ext, 'Countdown', /^None/, { countdownSeconds: 0 });
  await choose(options, ext, 'Quality', /^720p/, { quality: '720p' });

  // The tab is taller than 1080 lines (checked in recordLargeTab): the 720 comes from the setting.
  const hd = await recordLargeTab(ext, backend, testPages, 2000);
  console.log(describeCheck('settings 720p', hd.check));
  // The recording is titled after the recorded tab's page.
  expect(hd.started.title).toBe(CAPTURE_TARGET_TITLE);
  const small = hd.check.streams.find((s) => s.codecType === 'video')!;
  expect(small.height).toBe(720);
  expect(small.width).toBeLessThanOrEqual(1280);
});

test('Countdown in the options page: 5 s counts down from 5', async ({ ext, backend, testPages, openOptions }) => {
  await seedConnection(ext, backend);
  const options = await openOptions();
  await choose(options, ext, 'Countdown', /^5 seconds/, { countdownSeconds: 5 });
  const target = await openCaptureTarget(ext, testPages);
  const popup = await popupForTab(ext, target);
  await chooseSource(popup, 'tab');
  await popup.getByRole('button', { name: 'Start recording' }).click();
  await waitForStatus(popup, (s) => s.state === 'countdown' && s.secondsLeft === 5, { message: 'countdown at 5', intervals: [100] });
  await expect(popup.getByRole('timer', { name: /Recording starts in/ })).toBeVisible();
  await waitForRecorderState(popup, 'recording', 30_000);
  await popup.getByRole('button', { name: 'Cancel recording' }).click();
  await popup.getByRole('button', { name: 'Discard' }).click();
  await waitForRecorderState(popup, 'cancelled');
});

test('Maximum length in the options page (1 minute) warns 30 s before and stops the recording on its own', async ({ ext, backend, testPages, openOptions }) => {
  test.setTimeout(240_000);
  await seedConnection(ext, backend);
  const options = await openOptions();
  await choose(options, ext, 'Countdown', /^None/, { countdownSeconds: 0 });
  await choose(options, ext, 'Quality', /^720p/, { quality: '720p' });
  await options.getByLabel('Maximum length').selectOption({ label: '1 minute' });
  await expect.poll(() => readStorage(ext, 'preferences')).toMatchObject({ maxLengthMinutes: 1 });

  const target = await openCaptureTarget(ext, testPages);
  const popup = await popupForTab(ext, target);
  await chooseSource(popup, 'tab');
  const started = await startRecordingFromPopup(popup, 'max-length');
  expect(started.maxLengthMs).toBe(60_000);
  await expect(popup.getByText('Stops on its own at 1:00 (maximum length).')).toBeVisible();

  // 30 s before the end: the warning, while it still records.
  await waitForRecordedTime(popup, 31_000);
  await expect(popup.getByText(/^Stops in \d+ s: the maximum length is 1:00\./)).toBeVisible();
  expect((await waitForStatus(popup, () => true)).state).toBe('recording');

  // Nobody presses Stop: it ends by itself, through the normal Stop (link, upload, done).
  const done = await waitForRecorderState(popup, 'done', 120_000);
  const check = await checkStoredRecording(backend, popup, done.recordingId);
  console.log(describeCheck('settings max length', check));
  expect(check.metadata.durationMs).toBeGreaterThanOrEqual(59_500);
  expect(check.metadata.durationMs).toBeLessThanOrEqual(61_500);
  expect(check.span.videoDuration).toBeGreaterThan(58);
  expect(check.span.videoDuration).toBeLessThan(62);
  await closeSharePages(ext, { recordingId: done.recordingId, shareUrl: done.shareUrl });
});
