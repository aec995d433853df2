/**
 * The link is in the user's hands at Stop, before the upload finishes: right after Stop the real
 * clipboard holds the share URL (copied by the offscreen document), the popup shows it with
 * "Link copied" and a Copy button, and a "Link copied" notification carries it. To prove this
 * happens before the complete call, the backend is away from just before Stop until the link was
 * checked: nothing can complete meanwhile, yet the link is there. Back, the recording completes
 * under that same link, and no second notification comes.
 */
import type { Page } from '@playwright/test';
import type { RecorderStatus } from '../extension/src/shared/recorder-status';
import {
  CAPTURE_FLAGS,
  expect,
  prepareScreenRecording,
  recorderStatus,
  startRecordingFromPopup,
  test,
  waitForRecordedTime,
  waitForShareLink,
  waitForStatus,
  withTestBackend,
  type LaunchedExtension,
} from './fixtures';

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 180_000 });

type Finishing = Extract<RecorderStatus, { state: 'finishing' }>;

/** Lets `page` read the clipboard (Playwright's grantPermissions refuses chrome-extension:// origins). */
async function allowClipboardRead(ext: LaunchedExtension): Promise<void> {
  const browser = ext.context.browser();
  if (!browser) throw new Error('no browser handle for CDP');
  const cdp = await browser.newBrowserCDPSession(); // stays attached: overrides end with the session
  for (const name of ['clipboard-read', 'clipboard-write']) {
    await cdp.send('Browser.setPermission' as never, {
      permission: { name },
      setting: 'granted',
      origin: `chrome-extension://${ext.extensionId}`,
    } as never);
  }
}

async function readClipboard(page: Page): Promise<string> {
  await page.bringToFront();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Ids of the extension's notifications that carry `url` (notification ids end with the URL to open). */
function notificationsFor(ext: LaunchedExtension, url: string): Promise<string[]> {
  return ext.serviceWorker.evaluate(async (u) => Object.keys(await chrome.notifications.getAll()).filter((id) => id.endsWith(`:${u}`)), url);
}

test('Stop puts the share link on the clipboard, in the popup and in one notification, before the upload completes', async ({ ext, testPages }) => {
  await withTestBackend({}, async (backend) => {
    await allowClipboardRead(ext);
    const { popup } = await prepareScreenRecording(ext, backend, testPages, { bitrate: 2_500_000 });
    // Something else is on the clipboard before: the test must see the recorder's copy, not a leftover.
    await popup.bringToFront();
    await popup.evaluate(() => navigator.clipboard.writeText('before the recording'));
    expect(await readClipboard(popup)).toBe('before the recording');

    await startRecordingFromPopup(popup);
    await waitForRecordedTime(popup, 2500);

    await backend.stop(); // nothing can be completed from now on
    await popup.getByRole('button', { name: 'Stop', exact: true }).click();
    const finishing = await waitForStatus<Finishing>(popup, (s): s is Finishing => s.state === 'finishing' && s.shareUrl !== undefined, {
      timeout: 15_000,
      message: 'finishing with the link',
    });
    const shareUrl = finishing.shareUrl!;
    expect(shareUrl).toMatch(new RegExp(`^${backend.url}/v/[A-Za-z0-9_-]+$`));
    expect(finishing.linkCopied).toBe(true);

    // The clipboard has it, right after Stop.
    expect(await readClipboard(popup)).toBe(shareUrl);

    // The popup shows it, with "Link copied" and Copy, while the upload is still finishing.
    const card = popup.getByRole('region', { name: 'Share link' });
    await expect(card.getByRole('link', { name: shareUrl })).toHaveAttribute('href', shareUrl);
    await expect(card.getByText('Link copied')).toBeVisible();
    await expect(card.getByRole('button', { name: 'Copy' })).toBeVisible();
    await expect(popup.getByRole('status').filter({ hasText: 'Finishing upload…' })).toBeVisible();

    // The popup page is a tab, not the toolbar popup: so the service worker notified too.
    await expect.poll(() => notificationsFor(ext, shareUrl), { message: 'a notification at Stop' }).toHaveLength(1);
    const atStop = await notificationsFor(ext, shareUrl);

    // Still not completed: the backend is away.
    expect((await recorderStatus(popup)).state).toBe('finishing');

    await backend.start();
    const done = await waitForShareLink(popup, 90_000);
    expect(done.shareUrl).toBe(shareUrl);
    // One notification for the recording: the one from Stop, no "ready" one on top.
    await popup.waitForTimeout(1000);
    expect(await notificationsFor(ext, shareUrl)).toEqual(atStop);
    expect(await readClipboard(popup)).toBe(shareUrl);
  });
});
