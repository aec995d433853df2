/**
 * The share page's player in a real Chromium (no extension) against a real backend and its
 * embedded store, on a real 30 s WebM uploaded through presigned URLs: Speed 2× plays at twice the
 * rate (measured against 1× in the same run), the keys seek (l, →, j, ←), play/pause (k) and mute
 * (m), the position is remembered across a reload, the video is named after the title, and axe
 * finds no WCAG 2.1 AA problem in light or dark.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openWatchPage, pauseAt, sharedWatchRecording, videoTime } from './support/watch-seed';

const shared = sharedWatchRecording({ seconds: 30, title: 'Player check' });

/** Media seconds per wall-clock second over `ms` of playing, measured inside the page. */
async function rate(page: Page, ms: number): Promise<number> {
  return page.locator('video').evaluate(async (v: HTMLVideoElement, wait: number) => {
    if (v.paused) await v.play();
    if (v.readyState < 3) await new Promise((r) => v.addEventListener('playing', r, { once: true }));
    await new Promise((r) => setTimeout(r, 300)); // past the start-up
    const t0 = v.currentTime;
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, wait));
    return (v.currentTime - t0) / ((performance.now() - w0) / 1000);
  }, ms);
}

test('Speed 2× plays at twice the rate of 1× (media time over wall time, same run)', async ({ page }) => {
  await openWatchPage(page, shared.seed.recording.shareUrl);
  const speed = page.getByLabel('Speed');
  await expect(speed).toBeVisible();
  expect(await speed.locator('option').allTextContents()).toEqual(['0.5×', '1×', '1.25×', '1.5×', '2×']);
  await page.getByRole('button', { name: 'Mute' }).click(); // a quiet test; muting doesn't change the clock
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  const normal = await rate(page, 2500);
  await speed.selectOption('2');
  expect(await page.locator('video').evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(2);
  const double = await rate(page, 2500);
  console.log(`share player speed: 1× → ${normal.toFixed(2)} media s per s, 2× → ${double.toFixed(2)}`);
  expect(normal).toBeGreaterThan(0.75);
  expect(normal).toBeLessThan(1.25);
  expect(double).toBeGreaterThan(1.6);
  expect(double).toBeLessThan(2.4);
});

test('keys: l +10 s, → +5 s, j −10 s, ← −5 s, k plays and pauses, m mutes', async ({ page }) => {
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await pauseAt(page, 10);
  await page.locator('h1').click(); // focus on the page, not in a field
  const after = async (key: string, expected: number) => {
    await page.keyboard.press(key);
    await expect.poll(() => videoTime(page)).toBeCloseTo(expected, 0);
  };
  await after('l', 20);
  await after('ArrowRight', 25);
  await after('j', 15);
  await after('ArrowLeft', 10);
  await page.keyboard.press('k');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press('k');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.keyboard.press('m');
  expect(await page.locator('video').evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
  await expect(page.getByRole('button', { name: 'Unmute' })).toBeVisible();
  // In a text field the keys are text.
  const before = await videoTime(page);
  await page.getByLabel(/^Add a comment at/).fill('look');
  await page.getByLabel(/^Add a comment at/).press('l');
  await expect(page.getByLabel(/^Add a comment at/)).toHaveValue('lookl');
  expect(await videoTime(page)).toBe(before);
});

test('the position is remembered across a reload; the video is named after the title; PiP and full screen are offered', async ({ page }) => {
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await expect(page.getByRole('button', { name: 'Picture-in-picture' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Full screen' })).toBeVisible();
  await expect(page.locator('video')).toHaveAttribute('aria-label', 'Player check');
  await pauseAt(page, 12);
  await page.reload();
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await expect.poll(() => videoTime(page)).toBeCloseTo(12, 0);
  await expect(page.locator('#watch-position')).toHaveText('0:12');
  await expect(page.locator('#watch-length')).toHaveText('0:30');
});

test('axe finds no WCAG 2.1 AA problem on the share page, light and dark', async ({ page }) => {
  await openWatchPage(page, shared.seed.recording.shareUrl);
  await expect(page.getByRole('button', { name: 'React 👍' })).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const found = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(found, `axe, share page, ${colorScheme}`).toEqual([]);
  }
});

test('the embed page is the player alone: speed, keys and the timeline, no comments box or owner tools', async ({ page }) => {
  await openWatchPage(page, `${shared.backend.url}/embed/${shared.seed.recording.id}`);
  await expect(page.getByLabel('Speed')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Comments' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Embed' })).toHaveCount(0);
  await expect(page.locator('header')).toHaveCount(0);
  await pauseAt(page, 4);
  await page.locator('body').press('l');
  await expect.poll(() => videoTime(page)).toBeCloseTo(14, 0);
});
