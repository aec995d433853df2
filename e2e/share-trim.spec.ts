/**
 * The owner's tools on the share page, in a real Chromium against a real backend (no extension),
 * on a real 30 s WebM. Trim: the signed-in owner sets 0:05–0:12 in the Trim panel (PATCH, nothing
 * re-encoded); a viewer's player then starts at 0:05, stops at 0:12, shows 0:07 as the length
 * (bar, clock and the page's duration), and offers "Download original (untrimmed)"; Remove trim
 * plays it all again. Privacy: the panel saves who can watch, a password and downloads (read back
 * from GET /sharing; the refusals themselves are e2e/share-privacy.spec.ts's). Embed: the snippet.
 */
import { expect, test, type Page } from '@playwright/test';
import type { SharingSettings } from '../api';
import { openWatchPage, sharedWatchRecording, signInContext, videoTime } from './support/watch-seed';

const shared = sharedWatchRecording({ seconds: 30, title: 'Trim check' });

async function sharing(): Promise<SharingSettings> {
  const res = await fetch(`${shared.backend.url}/api/recordings/${shared.seed.recording.id}/sharing`, { headers: { authorization: `Bearer ${shared.seed.ownerToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as SharingSettings;
}

const tools = (page: Page) => page.locator('#watch-tools');

test('trim: set by the owner on the page; a viewer’s play starts at the start, stops at the end, and the length shown is the trimmed one', async ({ page, context, browser }) => {
  await signInContext(context, shared.backend, shared.seed.owner);
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await page.getByText('Trim and privacy').click();
  await page.getByLabel('Start').fill('0:05');
  await page.getByLabel('End').fill('0:12');
  await page.getByRole('button', { name: 'Save trim' }).click();
  await expect(tools(page).getByRole('status')).toHaveText('Trimmed: it now plays 0:05 to 0:12.');
  expect((await sharing()).trim).toEqual({ startMs: 5000, endMs: 12_000 });
  await expect(page.locator('#watch-length')).toHaveText('0:07'); // the owner's player follows at once

  const viewer = await (await browser.newContext()).newPage();
  await openWatchPage(viewer, shared.seed.recording.shareUrl);
  await expect(viewer.locator('#watch-length')).toHaveText('0:07');
  await expect(viewer.locator('#watch-duration')).toHaveText('Duration 0:07');
  await expect(viewer.getByRole('slider', { name: 'Seek' })).toHaveAttribute('max', '7000');
  await expect(viewer.getByRole('link', { name: 'Download original (untrimmed)' })).toBeVisible();
  await expect.poll(() => videoTime(viewer)).toBeCloseTo(5, 1); // at the start before playing
  await expect(viewer.locator('#watch-position')).toHaveText('0:00');

  await viewer.getByRole('button', { name: 'Mute' }).click();
  await viewer.getByRole('button', { name: 'Play' }).click();
  await expect(viewer.getByRole('button', { name: 'Pause' })).toBeVisible();
  const first = await videoTime(viewer);
  expect(first).toBeGreaterThanOrEqual(4.9);
  expect(first).toBeLessThan(6.5);
  // It stops by itself at the end: 7 s of playing.
  await expect(viewer.getByRole('button', { name: 'Play' })).toBeVisible({ timeout: 15_000 });
  const end = await videoTime(viewer);
  expect(end).toBeGreaterThanOrEqual(11.9);
  expect(end).toBeLessThanOrEqual(12.3);
  await expect(viewer.locator('#watch-position')).toHaveText('0:07');
  // …and stays there, without seeking over and over.
  const seeks = await viewer.locator('video').evaluate(
    (v: HTMLVideoElement) =>
      new Promise<number>((resolve) => {
        let n = 0;
        v.addEventListener('seeking', () => n++);
        setTimeout(() => resolve(n), 1000);
      }),
  );
  expect(seeks).toBe(0);
  // Keys stay inside the span too.
  await viewer.locator('h1').click();
  await viewer.keyboard.press('l');
  expect(await videoTime(viewer)).toBeLessThanOrEqual(12.05);
  // Playing again starts over at the start.
  await viewer.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => videoTime(viewer)).toBeLessThan(7);
  expect(await videoTime(viewer)).toBeGreaterThanOrEqual(4.9);
  await viewer.context().close();

  await page.getByRole('button', { name: 'Remove trim' }).click();
  await expect(tools(page).getByRole('status')).toHaveText('Trim removed: it plays in full.');
  expect((await sharing()).trim).toBeNull();
  await expect(page.locator('#watch-length')).toHaveText('0:30');
  await expect(page.getByRole('link', { name: 'Download', exact: true })).toBeVisible();
});

test('a wrong trim is said in plain words and not saved', async ({ page, context }) => {
  await signInContext(context, shared.backend, shared.seed.owner);
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await page.getByText('Trim and privacy').click();
  await page.getByLabel('Start').fill('0:20');
  await page.getByLabel('End').fill('0:10');
  await page.getByRole('button', { name: 'Save trim' }).click();
  await expect(tools(page).getByRole('status')).toHaveText('The end must come after the start.');
  await page.getByLabel('End').fill('soon');
  await page.getByRole('button', { name: 'Save trim' }).click();
  await expect(tools(page).getByRole('status')).toHaveText('End: write a time like 1:30.');
  expect((await sharing()).trim).toBeNull();
});

test('privacy panel: who can watch, a password and downloads are saved; Embed gives the iframe snippet', async ({ page, context }) => {
  await signInContext(context, shared.backend, shared.seed.owner);
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await page.getByText('Trim and privacy').click();
  await page.getByLabel('Anyone with a password').check();
  await page.getByLabel('Password', { exact: true }).fill('open-sesame');
  await page.getByLabel('Allow downloads').uncheck();
  await page.getByRole('button', { name: 'Save privacy' }).click();
  await expect(tools(page).getByRole('status')).toHaveText('Sharing settings saved.');
  expect((await sharing()).privacy).toEqual({ visibility: 'password', downloads: false, hasPassword: true, expiresAt: null });

  await page.getByLabel('Anyone with the link').check();
  await page.getByLabel('Allow downloads').check();
  // The status already says "saved" from the first save: wait for this save's own answer.
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/recordings/${shared.seed.recording.id}`) && r.request().method() === 'PATCH');
  await page.getByRole('button', { name: 'Save privacy' }).click();
  expect((await saved).status()).toBe(200);
  await expect(tools(page).getByRole('status')).toHaveText('Sharing settings saved.');
  expect((await sharing()).privacy).toMatchObject({ visibility: 'public', downloads: true });

  await page.getByRole('button', { name: 'Embed' }).click();
  const code = await page.getByLabel('Embed code').inputValue();
  expect(code).toBe(`<iframe src="${shared.backend.url}/embed/${shared.seed.recording.id}" width="640" height="360" frameborder="0" allow="fullscreen; picture-in-picture" allowfullscreen title="Trim check"></iframe>`);
});
