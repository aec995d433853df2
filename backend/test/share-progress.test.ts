/**
 * The share page of a recording still uploading, in a real headless Chromium against a real
 * backend and the embedded store: it shows the upload's progress (the numbers /v/:id/status
 * answers), and once the upload completes it plays by itself in place, without a click and
 * without a reload: with sound where the browser allows it, else muted with a "Turn on sound" button;
 * then the player page's bundle takes over (its controls and comments), as on a page loaded ready.
 * Also: indeterminate until the recorder reported Stop, "not found" in place when cancelled, no
 * CSP violation, AA contrast of its texts and controls in light and dark.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletedPart, CreateRecordingResponse } from '../../api';
import { PART_SIZE } from '../../api';
import { formatSize } from '../src/share/format';
import { watchedTab } from './browser-tab';
import { api, complete, createRecording, startTestServer, uploadParts, type TestServer } from './helpers';
import { makeMultiPartWebm } from './media-fixtures';

let t: TestServer;
let webm: Uint8Array<ArrayBuffer>;
let browser: Browser;
beforeAll(async () => {
  [t, webm, browser] = await Promise.all([
    startTestServer(),
    makeMultiPartWebm(),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--mute-audio', '--autoplay-policy=no-user-gesture-required'] }),
  ]);
  expect(webm.byteLength).toBeGreaterThan(PART_SIZE);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/**
 * Part 1 uploaded, Stop reported, the page opened (in `context`, prepared by the caller) and
 * showing part 1 of the total: the page of a recording whose tail is still uploading.
 */
async function openHalfUploaded(context: BrowserContext) {
  const rec = await createRecording(t.reelay, { title: 'Tail still uploading', mimeType: 'video/webm' });
  const part1 = await uploadParts(t.reelay, rec, new Map([[1, webm.slice(0, PART_SIZE)]]));
  const stopped = await api(t.reelay, 'POST', `/api/recordings/${rec.id}/stopped`, {
    token: rec.uploadToken,
    body: { totalBytes: webm.byteLength, durationMs: 4000 },
  });
  expect(stopped.status).toBe(204);
  const { tab, violations } = await watchedTab(context);
  await tab.goto(rec.shareUrl);
  const bar = tab.getByRole('progressbar', { name: 'Finishing upload…' });
  await expect.poll(() => bar.getAttribute('value'), { timeout: 20_000 }).toBe(String(PART_SIZE));
  return { rec, part1, tab, violations, bar };
}

/** Uploads the tail (part 2); `beforeComplete` runs once it is stored, then the recording is completed. */
async function uploadTheRest(rec: CreateRecordingResponse, part1: CompletedPart[], beforeComplete?: () => Promise<void>) {
  const part2 = await uploadParts(t.reelay, rec, new Map([[2, webm.slice(PART_SIZE)]]));
  await beforeComplete?.();
  expect((await complete(t.reelay, rec, [...part1, ...part2], { durationMs: 4000 })).status).toBe(200);
}

/** Resolves once the page's video plays and its clock moves (no time budget: the test's timeout). */
async function expectPlayingByItself(tab: Page) {
  await tab.waitForFunction(() => {
    const v = document.querySelector('video');
    return !!v && !v.paused && v.currentTime > 0.2;
  }, null, { timeout: 30_000 }).catch(async (error: unknown) => {
    const state = await tab.evaluate(() => {
      const v = document.querySelector('video');
      if (!v) return `no video; page: ${document.querySelector('main')?.textContent?.trim().slice(0, 300)}`;
      return JSON.stringify({ paused: v.paused, currentTime: v.currentTime, readyState: v.readyState, networkState: v.networkState, error: v.error?.message, src: v.currentSrc });
    });
    throw new Error(`the video did not start playing by itself: ${state}`, { cause: error });
  });
  const first = await tab.evaluate(() => document.querySelector('video')!.currentTime);
  await tab.waitForFunction((t0) => document.querySelector('video')!.currentTime > t0, first, { timeout: 30_000 });
}

describe('share page while the tail uploads, in a real Chromium', () => {
  it('shows the progress with the right numbers, then plays by itself with sound, in place', async () => {
    const context = await browser.newContext();
    try {
      const { rec, part1, tab, violations, bar } = await openHalfUploaded(context);
      expect(await tab.locator('h1').textContent()).toBe('Still uploading');
      expect(await bar.getAttribute('max')).toBe(String(webm.byteLength));
      expect(await tab.locator('#progress-text').textContent()).toBe(`${formatSize(PART_SIZE)} of ${formatSize(webm.byteLength)}`);
      expect(await tab.locator('#pending-news').textContent()).toBe('Finishing upload…');
      // A marker that a reload would wipe; and when playback starts (a figure, printed, not asserted).
      await tab.evaluate(() => {
        const w = window as unknown as { sameDocument: boolean; playingAt?: number };
        w.sameDocument = true;
        document.addEventListener('playing', () => (w.playingAt ??= Date.now()), true);
      });

      // The progress moves as the tail arrives.
      await uploadTheRest(rec, part1, async () => {
        await expect.poll(() => bar.getAttribute('value'), { timeout: 20_000 }).toBe(String(webm.byteLength));
        expect(await tab.locator('#progress-text').textContent()).toBe(`${formatSize(webm.byteLength)} of ${formatSize(webm.byteLength)}`);
      });
      const playableAt = Date.now();
      await expectPlayingByItself(tab);
      const playingAt = await tab.evaluate(() => (window as unknown as { playingAt?: number }).playingAt);
      console.log(`[share-progress] complete answered → the page plays by itself: ${playingAt! - playableAt} ms (polls every 500 ms, 150 ms once every byte is stored)`);
      const after = await tab.evaluate(() => ({
        sameDocument: (window as unknown as { sameDocument?: boolean }).sameDocument === true,
        muted: document.querySelector('video')!.muted,
        unmute: document.getElementById('unmute') !== null,
      }));
      expect(after).toEqual({ sameDocument: true, muted: false, unmute: false });
      // The player page's details follow: its title, and its controls work.
      await expect.poll(() => tab.locator('h1').textContent()).toBe('Tail still uploading');
      expect(await tab.title()).toBe('Tail still uploading · Reelay');
      await expect.poll(() => tab.getByRole('button', { name: 'Copy link' }).isVisible()).toBe(true);
      expect(await tab.getByRole('link', { name: 'Download' }).getAttribute('href')).toBe(`${rec.shareUrl}/download`);
      // The player bundle takes over the video that is playing, as on a page loaded ready: its
      // controls, the comments, and the video named after the recording.
      await expect.poll(() => tab.locator('#player.enhanced').count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => tab.getByRole('heading', { name: 'Comments' }).isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await tab.getByText('Speed', { exact: true }).isVisible()).toBe(true);
      expect(await tab.locator('video').getAttribute('aria-label')).toBe('Tail still uploading');
      expect(await tab.evaluate(() => !document.querySelector('video')!.paused)).toBe(true);
      // Its play before the bundle loaded counts as a view.
      const stats = () => api(t.reelay, 'GET', `/api/recordings/${rec.id}/stats`, { token: t.reelay.apiToken }).then((r) => r.json.views as number);
      await expect.poll(stats, { timeout: 15_000 }).toBe(1);
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('before Stop is reported: indeterminate; cancelled meanwhile: "Recording not found" in place', async () => {
    const rec = await createRecording(t.reelay, { title: 'Cancelled soon', mimeType: 'video/webm' });
    await uploadParts(t.reelay, rec, new Map([[1, webm.slice(0, 1000)]]));
    const context = await browser.newContext();
    try {
      const { tab, violations } = await watchedTab(context);
      await tab.goto(rec.shareUrl);
      await expect.poll(() => tab.locator('#progress-text').textContent(), { timeout: 20_000 }).toBe(`${formatSize(1000)} uploaded`);
      const bar = tab.getByRole('progressbar', { name: 'Uploading…' });
      expect(await bar.getAttribute('value')).toBeNull(); // indeterminate
      expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: rec.uploadToken })).status).toBe(204);
      await expect.poll(() => tab.locator('h1').textContent(), { timeout: 20_000 }).toBe('Recording not found');
      expect(await tab.getByRole('progressbar').count()).toBe(0);
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

/**
 * Headless Chromium lets every page play with sound whatever --autoplay-policy says (measured), so
 * the refusal is Chrome's own answer replayed: play() of an unmuted element rejects with
 * NotAllowedError, as desktop Chrome does for a site the viewer has not interacted with (Playwright's
 * tab counts as activated, so the page's own pointer and key events decide). (A string:
 * the test transform would add helpers to a function that the page does not have.)
 */
const REFUSE_AUTOPLAY_WITH_SOUND = `(() => {
  const play = HTMLMediaElement.prototype.play;
  let interacted = false;
  for (const type of ['pointerdown', 'keydown']) addEventListener(type, () => (interacted = true), true);
  HTMLMediaElement.prototype.play = function () {
    if (!this.muted && !interacted) {
      return Promise.reject(new DOMException('play() failed because the user did not interact with the document first.', 'NotAllowedError'));
    }
    return play.call(this);
  };
})();`;

describe('where the browser refuses autoplay with sound (refusal faked: headless Chromium always allows it)', () => {
  it.each(['light', 'dark'] as const)('%s: plays muted by itself with a "Turn on sound" button (keyboard), AA contrast', async (colorScheme) => {
    const context = await browser.newContext({ colorScheme });
    try {
      await context.addInitScript({ content: REFUSE_AUTOPLAY_WITH_SOUND });
      const { rec, part1, tab, violations } = await openHalfUploaded(context);
      for (const sel of ['#progress-label', '#progress-text', 'h1', '.notice p']) {
        expect(await contrast(tab, sel), sel).toBeGreaterThanOrEqual(4.5);
      }

      await uploadTheRest(rec, part1);
      await expectPlayingByItself(tab);
      expect(await tab.evaluate(() => document.querySelector('video')!.muted)).toBe(true);
      const unmute = tab.getByRole('button', { name: 'Turn on sound' });
      await unmute.waitFor({ timeout: 20_000 });
      expect(await contrast(tab, '#unmute')).toBeGreaterThanOrEqual(4.5);
      await unmute.focus();
      await tab.keyboard.press('Enter');
      await expect.poll(() => tab.evaluate(() => document.querySelector('video')!.muted)).toBe(false);
      expect(await unmute.count()).toBe(0);
      expect(await tab.evaluate(() => document.querySelector('video')!.paused)).toBe(false);
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

/** WCAG contrast ratio of an element's text colour against the first opaque background behind it. */
async function contrast(tab: Page, selector: string): Promise<number> {
  return tab.locator(selector).first().evaluate((el) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    let bg: number[] = [255, 255, 255];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) {
        bg = c.slice(0, 3);
        break;
      }
    }
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}
