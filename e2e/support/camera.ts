/**
 * Camera bubble and in-page overlay helpers: the solid-colour page, device permissions for the
 * extension origin, the overlay's frames in the recorded page, and pixel checks on a frame of the
 * recorded file (ffmpeg → raw RGB).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect, type Frame, type Page } from '@playwright/test';
import type { LaunchedExtension } from './extension';
import { pollFor } from './poll';
import { probeStreams, tempFile } from './media-check';

const run = promisify(execFile);

export const SOLID_TITLE = 'Reelay solid colour';
/** Magenta: far from anything Chromium's fake camera draws. */
export const PAGE_RGB: Rgb = [255, 0, 255];

/** Capture flags: "Screen or window" auto-picks the solid page; a fake camera and microphone. */
export const SOLID_CAPTURE_FLAGS = [`--auto-select-tab-capture-source-by-title=${SOLID_TITLE}`, '--use-fake-device-for-media-stream'];

export type Rgb = [number, number, number];

/**
 * The extension origin's camera or microphone permission, as set in Chrome's site settings (CDP;
 * the session stays open because overrides end with it).
 */
export async function setDevicePermission(ext: LaunchedExtension, device: 'camera' | 'microphone', setting: 'granted' | 'denied' | 'prompt'): Promise<void> {
  const browser = ext.context.browser();
  if (!browser) throw new Error('no browser handle for CDP');
  const cdp = await browser.newBrowserCDPSession();
  await cdp.send('Browser.setPermission' as never, {
    permission: { name: device },
    setting,
    origin: `chrome-extension://${ext.extensionId}`,
  } as never);
}

/** Merges `prefs` into the stored capture options (before the popup opens). */
export async function setPreferences(ext: LaunchedExtension, prefs: Record<string, unknown>): Promise<void> {
  await ext.serviceWorker.evaluate(async (p) => {
    const { preferences } = await chrome.storage.local.get('preferences');
    await chrome.storage.local.set({ preferences: { ...(preferences as object | undefined), ...p } });
  }, prefs);
}

export async function openSolidPage(ext: LaunchedExtension, pages: { url(path: string): string }): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(pages.url('solid.html'));
  await expect(page).toHaveTitle(SOLID_TITLE);
  return page;
}

/** The overlay frame `part` in `page` (it sits in a closed shadow root: found through the frame tree). */
export function overlayFrame(page: Page, part: 'countdown' | 'bar' | 'bubble'): Frame | undefined {
  return page.frames().find((f) => f.url().includes('/overlay/overlay.html') && f.url().includes(`part=${part}`));
}

export async function waitForOverlayFrame(page: Page, part: 'countdown' | 'bar' | 'bubble', timeout = 30_000): Promise<Frame> {
  return pollFor(async () => overlayFrame(page, part), { timeout, message: `overlay frame ${part}` });
}

/** Waits until the bubble plays the camera's picture (the WebRTC view from the offscreen feed). */
export async function waitForBubblePicture(page: Page, timeout = 30_000): Promise<{ width: number; height: number }> {
  const frame = await waitForOverlayFrame(page, 'bubble', timeout);
  return pollFor(
    async () =>
      (await frame.evaluate(() => {
        const video = document.querySelector('video');
        return video && video.readyState >= 2 && video.videoWidth > 0 ? { width: video.videoWidth, height: video.videoHeight } : null;
      })) ?? undefined,
    { timeout, message: 'camera picture in the bubble' },
  );
}

export interface RgbFrame {
  width: number;
  height: number;
  pixels: Buffer;
}

/** One decoded frame of `file` at `seconds`, as rgb24. */
export async function frameAt(file: Buffer, seconds: number): Promise<RgbFrame> {
  const tmp = await tempFile(file);
  try {
    const video = (await probeStreams(tmp.path)).find((s) => s.codecType === 'video');
    if (!video?.width || !video.height) throw new Error('no video stream with a size');
    const { stdout } = await run(
      'ffmpeg',
      ['-nostdin', '-v', 'error', '-ss', String(seconds), '-i', tmp.path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
    );
    const pixels = stdout as unknown as Buffer;
    expect(pixels.length, 'one rgb24 frame').toBe(video.width * video.height * 3);
    // Debugging: REELAY_FRAME_DUMP=/tmp/x writes each checked frame as a PPM image.
    if (process.env.REELAY_FRAME_DUMP) {
      await writeFile(`${process.env.REELAY_FRAME_DUMP}-${Date.now()}.ppm`, Buffer.concat([Buffer.from(`P6 ${video.width} ${video.height} 255\n`), pixels]));
    }
    return { width: video.width, height: video.height, pixels };
  } finally {
    await tmp.cleanup();
  }
}

/** Mean colour of the square centred at (cx, cy) with half-side `r`, frame pixels. */
export function meanColour(frame: RgbFrame, cx: number, cy: number, r: number): Rgb {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.max(0, Math.round(cy - r)); y < Math.min(frame.height, Math.round(cy + r)); y++) {
    for (let x = Math.max(0, Math.round(cx - r)); x < Math.min(frame.width, Math.round(cx + r)); x++) {
      const i = (y * frame.width + x) * 3;
      sum[0]! += frame.pixels[i]!;
      sum[1]! += frame.pixels[i + 1]!;
      sum[2]! += frame.pixels[i + 2]!;
      n++;
    }
  }
  return sum.map((v) => Math.round(v / Math.max(1, n))) as Rgb;
}

export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** The page's viewport in CSS pixels (the recorded area of a tab). */
export function viewportOf(page: Page): Promise<{ width: number; height: number }> {
  return page.evaluate(() => ({ width: document.documentElement.clientWidth || innerWidth, height: innerHeight }));
}
