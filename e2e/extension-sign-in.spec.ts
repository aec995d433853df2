/**
 * The extension signs in and manages finished recordings as that person (issue 13, parts 2–3):
 * real Chromium with the built extension, a real backend with accounts and its embedded store.
 * "Sign in" on the options page opens the server's sign-in in Chrome's sign-in window
 * (chrome.identity.launchWebAuthFlow); the member signs in with email and password and presses
 * Allow; the popup then shows them. Two short tab recordings: one renamed and then removed from the
 * list (its link keeps playing), one deleted from the popup (the link 404s, nothing is left in the
 * bucket). Sign out forgets the token and revokes it on the server.
 */
import type { Page } from '@playwright/test';
import {
  CAPTURE_FLAGS,
  chooseSource,
  closeSharePages,
  expect,
  listObjectKeys,
  openCaptureTarget,
  openExtensionPage,
  PAGES,
  popupForTab,
  readStorage,
  startRecordingFromPopup,
  stopAndWaitForShareLink,
  test,
  waitWhileRecording,
  type LaunchedExtension,
  type ShareLink,
} from './fixtures';
import type { StaticServer } from './support/static-server';
import { addMember, openSignInWindow, signInAndAllow, type Person } from './support/sign-in';

test.use({ captureFlags: CAPTURE_FLAGS });
test.describe.configure({ timeout: 300_000 });

const EZRA: Person = { email: 'ezra@example.com', password: 'ezra-password-1', name: 'Ezra' };

/** A 2 s "This tab" recording of a fresh capture target (each its own tab and toolbar click, as settings.spec does). */
async function recordTab(ext: LaunchedExtension, testPages: StaticServer): Promise<ShareLink> {
  const target = await openCaptureTarget(ext, testPages);
  const popup = await popupForTab(ext, target);
  await chooseSource(popup, 'tab');
  await startRecordingFromPopup(popup);
  // Bytes spooled, not just time on the clock: on a loaded machine the first chunk can come late.
  await waitWhileRecording(popup, (st) => st.elapsedMs >= 2000 && st.upload.bytesRecorded > 0, { message: '2 s and some bytes recorded' });
  const link = await stopAndWaitForShareLink(popup);
  await closeSharePages(ext, link);
  await popup.close();
  await target.close();
  return link;
}

/** No countdown: the test records two short recordings. */
async function noCountdown(ext: LaunchedExtension): Promise<void> {
  await ext.serviceWorker.evaluate(async () => {
    const { preferences } = await chrome.storage.local.get('preferences');
    await chrome.storage.local.set({ preferences: { ...(preferences as object | undefined), countdownSeconds: 0 } });
  });
}

const recentRow = (popup: Page, title: string) =>
  popup.getByRole('region', { name: 'Recent' }).getByRole('listitem').filter({ hasText: title });

test('sign in from the extension (sign-in page, Allow), the popup shows the person; "See all" opens the library with both recordings; Rename and Remove from list keep the link playing, Delete makes it 404 and leaves nothing in the bucket; Sign out revokes the token', async ({
  ext,
  backend,
  testPages,
}) => {
  await addMember(backend.url, backend.apiToken, EZRA);
  await noCountdown(ext);

  // Sign in on the options page: the server's sign-in page, then Allow.
  const options = await openExtensionPage(ext, PAGES.options);
  await options.getByLabel('Server URL').fill(backend.url);
  const signInWindow = await openSignInWindow(ext.context, backend.url, () => options.getByRole('button', { name: 'Sign in' }).click());
  await signInAndAllow(signInWindow, EZRA);
  await expect(options.getByRole('status')).toContainText(`Connected to ${backend.url} as Ezra (ezra@example.com)`);

  // Stored where a pasted token goes: a personal token of Ezra's, made by the sign-in (its id kept for Sign out).
  const connection = (await readStorage(ext, 'connection')) as { apiToken: string; tokenId?: string; serverUrl: string };
  expect(connection.serverUrl).toBe(backend.url);
  expect(connection.apiToken).toMatch(/^rly_/);
  expect(connection.tokenId).toBeTruthy();
  const session = await fetch(`${backend.url}/api/session`, { headers: { authorization: `Bearer ${connection.apiToken}` } });
  expect(((await session.json()) as { user: { email: string } }).user.email).toBe(EZRA.email);

  const kept = await recordTab(ext, testPages);
  const deleted = await recordTab(ext, testPages);

  // The popup shows who is signed in, and links to the library.
  const popup = await openExtensionPage(ext, PAGES.popup);
  await expect(popup.locator('header')).toContainText('Signed in as Ezra');
  await expect(popup.getByRole('link', { name: /^See all/ })).toHaveAttribute('href', `${backend.url}/library`);

  // Rename the older one (finished: renamed on the server as Ezra, not with the spent upload token).
  await popup.getByRole('button', { name: /^Rename / }).nth(1).click();
  await popup.getByRole('textbox', { name: 'Title' }).fill('Keep me');
  await popup.keyboard.press('Enter');
  await expect(recentRow(popup, 'Keep me')).toHaveCount(1);
  const renamed = await fetch(`${backend.url}/api/recordings/${kept.recordingId}`);
  expect(((await renamed.json()) as { title: string }).title).toBe('Keep me');

  // "See all" opens the library, where both recordings are, under the titles they have now.
  const [library] = await Promise.all([ext.context.waitForEvent('page'), popup.getByRole('link', { name: /^See all/ }).click()]);
  // Signed in on the server's page a moment ago (launchWebAuthFlow's window shares the profile's cookies): no second sign-in.
  await expect(library).toHaveURL(`${backend.url}/library`);
  await expect(library.getByRole('link', { name: 'Keep me', exact: true })).toHaveAttribute('href', kept.shareUrl);
  await expect(library.getByRole('link', { name: 'Reelay capture target', exact: true })).toHaveAttribute('href', deleted.shareUrl);
  await library.close();

  // Delete the newer one: the confirm says the video goes for everyone with the link.
  const other = recentRow(popup, 'Reelay capture target');
  await expect(other).toHaveCount(1);
  await other.getByRole('button', { name: /^Delete / }).click();
  const question = popup.getByRole('group', { name: 'Delete the video for everyone with the link?' });
  await question.getByRole('button', { name: 'Delete' }).click();
  await expect(other).toHaveCount(0);
  expect((await fetch(deleted.shareUrl)).status).toBe(404);
  expect((await fetch(`${backend.url}/api/recordings/${deleted.recordingId}`)).status).toBe(404);
  expect(await listObjectKeys(backend, `recordings/${deleted.recordingId}/`)).toEqual([]);

  // Remove from list: gone from the popup only; the link still plays.
  await recentRow(popup, 'Keep me').getByRole('button', { name: 'Remove from list: Keep me' }).click();
  await expect(recentRow(popup, 'Keep me')).toHaveCount(0);
  expect((await fetch(kept.shareUrl)).status).toBe(200);
  const video = await fetch(`${backend.url}/v/${kept.recordingId}/video`);
  expect(video.status).toBe(200);
  expect(video.headers.get('content-type')).toContain('video/webm');
  expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(10_000);

  // Sign out: forgotten here, revoked on the server; the popup asks to connect again.
  await popup.getByRole('button', { name: 'Sign out' }).click();
  await expect(popup.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await readStorage(ext, 'connection')).toBeUndefined();
  const revoked = await fetch(`${backend.url}/api/session`, { headers: { authorization: `Bearer ${connection.apiToken}` } });
  expect(revoked.status).toBe(401);
});

test('Cancel on the server page comes back as a cancelled sign-in, and nothing is stored', async ({ ext, backend }) => {
  await addMember(backend.url, backend.apiToken, { ...EZRA, email: 'cancel@example.com' });
  const popup = await openExtensionPage(ext, PAGES.popup);
  await popup.getByLabel('Server URL').fill(backend.url);
  const window = await openSignInWindow(ext.context, backend.url, () => popup.getByRole('button', { name: 'Sign in' }).click());
  await window.getByLabel('Email').fill('cancel@example.com');
  await window.getByLabel('Password').fill(EZRA.password);
  await window.getByRole('button', { name: 'Sign in' }).click();
  await window.getByRole('button', { name: 'Cancel' }).click();
  await expect(popup.getByRole('status')).toContainText('Sign-in cancelled');
  expect(await readStorage(ext, 'connection')).toBeUndefined();
});
