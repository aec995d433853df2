/**
 * The keyboard shortcuts (manifest `commands`), pressed for real: a headed Chromium on a virtual X
 * display (Xvfb) gets X key events from xdotool, so Chrome's own shortcut handling delivers the
 * commands to the service worker exactly as for a user at a keyboard (Playwright's page keyboard
 * never reaches browser shortcuts). Nothing here calls the service worker's listener directly.
 *
 * A shortcut counts as invoking Reelay on the active tab: tabCapture may record that tab and the
 * recording is titled after it, with no toolbar click and no popup.
 */
import type { RecorderStatus } from '../extension/src/shared/recorder-status';
import manifest from '../manifest.json' with { type: 'json' };
import { CAPTURE_FLAGS, CAPTURE_TARGET_TITLE, distDir, expect, launchOnFreshProfile, openCaptureTarget, seedConnection, test, type LaunchedExtension } from './fixtures';
import { pollFor } from './support/poll';
import { pressKeys, startXvfb, type VirtualDisplay } from './support/xvfb';

/**
 * The recorder's status, asked from the service worker (no extension page is open); idle while
 * there is no recorder, or while a recorder just created has not started listening yet.
 */
function status(ext: LaunchedExtension): Promise<RecorderStatus> {
  return ext.serviceWorker.evaluate(async () => {
    const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
    if (contexts.length === 0) return { state: 'idle' } as RecorderStatus;
    try {
      return (await chrome.runtime.sendMessage({ target: 'offscreen', type: 'get-status', data: {} })) as RecorderStatus;
    } catch {
      return { state: 'idle' } as RecorderStatus;
    }
  });
}

function waitForState<S extends RecorderStatus['state']>(ext: LaunchedExtension, state: S, timeout = 60_000): Promise<Extract<RecorderStatus, { state: S }>> {
  let last: RecorderStatus | undefined;
  return pollFor(
    async () => {
      last = await status(ext);
      if (last.state === 'failed' && state !== 'failed') throw new Error(`recorder failed: ${JSON.stringify(last.error)}`);
      return last.state === state ? (last as Extract<RecorderStatus, { state: S }>) : undefined;
    },
    { timeout, message: `recorder ${state} (last: ${JSON.stringify(last)})` },
  );
}

/** xdotool's name for a manifest shortcut: "Alt+Shift+G" -> "alt+shift+g". */
const keysOf = (shortcut: string) => shortcut.toLowerCase();
const SUGGESTED = Object.fromEntries(Object.entries(manifest.commands).map(([name, c]) => [name, c.suggested_key.default]));

let display: VirtualDisplay | undefined;
test.beforeAll(async () => {
  display = await startXvfb();
});
test.afterAll(async () => {
  await display?.close();
});

test('the three shortcuts, pressed on a real keyboard (xdotool on Xvfb), start, pause, resume and stop a recording of the active tab, then start and cancel one', async ({ backend, testPages }) => {
  const browser = await launchOnFreshProfile(distDir(), CAPTURE_FLAGS, display!.display);
  try {
    const { ext } = browser;
    // Chrome took the suggested keys (it silently drops any that clash with its own).
    const commands = await ext.serviceWorker.evaluate(() => chrome.commands.getAll());
    for (const name of ['toggle-recording', 'toggle-pause', 'cancel-recording']) {
      expect(commands.find((c) => c.name === name)?.shortcut, `${name} has its suggested key`).toBe(SUGGESTED[name]);
    }
    await seedConnection(ext, backend);
    await ext.serviceWorker.evaluate(() => chrome.storage.local.set({ preferences: { source: 'tab', microphone: false, countdownSeconds: 0, quality: '720p' } }));
    const target = await openCaptureTarget(ext, testPages);
    for (const page of ext.context.pages()) if (page !== target) await page.close();
    const press = (command: string) => pressKeys(display!.display, CAPTURE_TARGET_TITLE, keysOf(SUGGESTED[command]!));

    // Start: the active tab, titled after the page.
    await press('toggle-recording');
    const recording = await waitForState(ext, 'recording');
    expect(recording.source).toBe('tab');
    expect(recording.title).toBe(CAPTURE_TARGET_TITLE);

    // Pause, resume.
    await press('toggle-pause');
    await waitForState(ext, 'paused');
    await press('toggle-pause');
    await waitForState(ext, 'recording');

    // Stop with the start key: a finished recording with a link.
    // Something recorded first (on a busy machine the headed browser's first chunk can take seconds).
    await pollFor(
      async () => {
        const s = await status(ext);
        return s.state === 'recording' && s.elapsedMs >= 2000 && s.upload.bytesRecorded > 0 ? s : undefined;
      },
      { timeout: 60_000, message: '2 s and some bytes recorded' },
    );
    await press('toggle-recording');
    const done = await waitForState(ext, 'done', 90_000);
    expect(done.shareUrl).toContain('/v/');
    await pollFor(async () => ext.context.pages().find((p) => p.url().startsWith(done.shareUrl)), { message: 'the share page opened' });
    for (const page of ext.context.pages()) if (page !== target) await page.close(); // the share page plays: CPU
    await target.bringToFront();

    // Start again, then cancel: discarded, only the finished recording is left.
    await press('toggle-recording');
    await waitForState(ext, 'recording');
    await press('cancel-recording');
    await waitForState(ext, 'cancelled');
    const recent = await ext.serviceWorker.evaluate(() => chrome.runtime.sendMessage({ target: 'offscreen', type: 'list-recent', data: {} }));
    expect((recent as { recordings: { recordingId?: string }[] }).recordings.map((r) => r.recordingId)).toEqual([done.recordingId]);
  } finally {
    await browser.close();
  }
});
