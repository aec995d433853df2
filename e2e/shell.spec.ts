/**
 * The extension shell without a recording: service-worker routing (badge, finish
 * notification + share tab, single offscreen document), the popup's start form and
 * the one-time microphone permission page.
 */
import {
  CAPTURE_FLAGS,
  FAKE_MEDIA_UI_FLAG,
  openExtensionPage,
  PAGES,
  expect,
  extensionUrl,
  readStorage,
  seedConnection,
  setMicrophonePermission,
  tabIdOf,
  test,
  type LaunchedExtension,
  type TestBackend,
} from './fixtures';
import type { Locator, Page } from '@playwright/test';

test('service worker: badge messages from the recorder set the toolbar badge', async ({ ext, openPopup }) => {
  const page = await openPopup(); // any extension page can send runtime messages
  await page.evaluate(() =>
    chrome.runtime.sendMessage({ target: 'background', type: 'badge', data: { text: '3', color: '#e5484d' } }),
  );
  await expect.poll(() => ext.serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('3');
  await page.evaluate(() => chrome.runtime.sendMessage({ target: 'background', type: 'badge', data: { text: '1:05' } }));
  await expect.poll(() => ext.serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('1:05');
  const color = await ext.serviceWorker.evaluate(() => chrome.action.getBadgeBackgroundColor({}));
  expect(color.slice(0, 3)).toEqual([0xe5, 0x48, 0x4d]);
  await page.evaluate(() => chrome.runtime.sendMessage({ target: 'background', type: 'badge', data: { text: '' } }));
  await expect.poll(() => ext.serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
});

test('service worker: a finished recording opens its share page and notifies when no popup is open', async ({
  ext,
  openPopup,
  testPages,
}) => {
  const shareUrl = testPages.url('capture-target.html?share=1');
  const page = await openPopup();
  const opened = ext.context.waitForEvent('page', (p) => p.url() === shareUrl);
  await page.evaluate(
    (url) =>
      chrome.runtime.sendMessage({ target: 'background', type: 'recording-finished', data: { shareUrl: url, title: 'Demo' } }),
    shareUrl,
  );
  await opened;
  await expect
    .poll(async () => Object.keys(await ext.serviceWorker.evaluate(() => chrome.notifications.getAll())))
    .toEqual([expect.stringContaining(shareUrl)]);
});

test('service worker: the offscreen recorder document is created once, even when asked concurrently', async ({ ext }) => {
  const count = await ext.serviceWorker.evaluate(async () => {
    const ensure = (globalThis as unknown as { reelayEnsureOffscreen: () => Promise<void> }).reelayEnsureOffscreen;
    await Promise.all([ensure(), ensure(), ensure(), ensure()]);
    await ensure();
    const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
    return contexts.map((c) => c.documentUrl);
  });
  expect(count).toEqual([extensionUrl(ext.extensionId, PAGES.offscreen)]);
});

test('popup: the source choice is remembered', async ({ ext, backend, openPopup }) => {
  await seedConnection(ext, backend);
  const popup = await openPopup();
  await expect(popup.getByRole('radio', { name: /This tab/ })).toBeChecked();
  await popup.getByRole('radio', { name: /Screen or window/ }).check();
  await expect.poll(() => readStorage(ext, 'preferences')).toMatchObject({ source: 'screen' });

  const again = await openPopup();
  await expect(again.getByRole('radio', { name: /Screen or window/ })).toBeChecked();
});

test('popup: "This tab" on a tab the extension was not invoked on says what to do', async ({
  ext,
  backend,
  openPopup,
  testPages,
}) => {
  await seedConnection(ext, backend);
  const target = await ext.context.newPage();
  await target.goto(testPages.url('capture-target.html'));
  const popup = await openPopup({ tabId: await tabIdOf(ext, target) });
  await popup.getByRole('button', { name: 'Start recording' }).click();
  const alert = popup.getByRole('alert');
  await expect(alert).toContainText("Reelay can't record this tab.");
  await expect(alert).toContainText('Click the Reelay button on the tab you want to record');
  await expect(popup.getByRole('button', { name: 'Start recording' })).toBeEnabled();
});

/** A connected popup and its microphone switch, off at first. */
async function popupMicrophoneSwitch(ext: LaunchedExtension, backend: TestBackend, openPopup: () => Promise<Page>): Promise<Locator> {
  await seedConnection(ext, backend);
  const popup = await openPopup();
  const mic = popup.getByRole('switch', { name: /Microphone/ });
  await expect(mic).not.toBeChecked();
  return mic;
}

test.describe('microphone, no answer from the user', () => {
  // A fake microphone but no fake UI: headless Chrome dismisses the prompt, i.e. refuses.
  test.use({ captureFlags: CAPTURE_FLAGS });

  test('the switch opens the permission page; a refusal is explained and the switch stays off', async ({
    ext,
    backend,
    openPopup,
  }) => {
    const mic = await popupMicrophoneSwitch(ext, backend, openPopup);
    const permissionsPage = ext.context.waitForEvent('page', (p) => p.url().endsWith(PAGES.permissions));
    await mic.click();
    const page = await permissionsPage;
    await expect(page.getByRole('alert')).toContainText('Microphone access is blocked');
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expect(mic).not.toBeChecked();
    expect(await readStorage(ext, 'preferences')).toBeUndefined();
  });

  test('once access is allowed, the switch turns on and off without opening a page', async ({
    ext,
    backend,
    openPopup,
  }) => {
    await setMicrophonePermission(ext, 'granted'); // as if allowed earlier in site settings
    const mic = await popupMicrophoneSwitch(ext, backend, openPopup);
    const pagesBefore = ext.context.pages().length;
    await mic.click();
    await expect(mic).toBeChecked();
    await expect.poll(() => readStorage(ext, 'preferences')).toMatchObject({ microphone: true });
    await mic.click();
    await expect(mic).not.toBeChecked();
    await expect.poll(() => readStorage(ext, 'preferences')).toMatchObject({ microphone: false });
    expect(ext.context.pages().length).toBe(pagesBefore);
  });
});

test.describe('microphone, user allows', () => {
  // The fake UI answers Chrome's prompt with "Allow".
  test.use({ captureFlags: [...CAPTURE_FLAGS, FAKE_MEDIA_UI_FLAG] });

  test('the permission page gets access and turns the microphone on in the open popup', async ({
    ext,
    backend,
    openPopup,
  }) => {
    const mic = await popupMicrophoneSwitch(ext, backend, openPopup);
    const page = await openExtensionPage(ext, PAGES.permissions);
    await expect(page.getByRole('status')).toContainText('Microphone access is allowed');
    await expect.poll(() => readStorage(ext, 'preferences')).toMatchObject({ microphone: true });
    await expect(mic).toBeChecked();
  });
});
