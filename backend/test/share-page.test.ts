/**
 * The share page as a player page: HTML, OpenGraph tags and CSP over real HTTP, its
 * states (uploading, ready, cancelled, deleted, unknown), and the page in a real headless
 * Chromium at phone (390×844) and desktop (1280×800) sizes: the video's metadata loads
 * and it seeks, the poster loads, "Copy link" copies, no CSP violation, no sideways scroll.
 */
import { createHash } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse } from '../../api';
import { watchedTab } from './browser-tab';
import { api, createRecording, startTestServer, uploadAndComplete, uploadThumbnail, type TestServer } from './helpers';
import { makeMediaFixtures, type MediaFixtures } from './media-fixtures';

let t: TestServer;
let media: MediaFixtures;
let withThumbnail: CreateRecordingResponse;
beforeAll(async () => {
  [t, media] = await Promise.all([startTestServer(), makeMediaFixtures()]);
  withThumbnail = await createRecording(t.reelay, { title: 'Design review: the <video> player & friends', mimeType: 'video/webm;codecs=vp9,opus' });
  expect(await uploadThumbnail(t.reelay, withThumbnail, media.jpeg)).toBe(200);
  const done = await uploadAndComplete(t.reelay, withThumbnail, new Map([[1, media.webm]]), { durationMs: 3_000, width: 640, height: 360 });
  expect(done.status).toBe(200);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

const page = (id: string) => fetch(`${t.reelay.localUrl}/v/${id}`);
const b64sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');
const directive = (csp: string, name: string) =>
  csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';

describe('share page HTML', () => {
  it('is a player page: poster, preload=metadata, title, date, duration, Download, Copy link, absolute og:image and og:video', async () => {
    const res = await page(withThumbnail.id);
    expect(res.status).toBe(200);
    const html = await res.text();
    const base = `${t.reelay.url}/v/${withThumbnail.id}`;
    const video = /<video[^>]*>/.exec(html)![0];
    expect(video).toContain(' preload="metadata"');
    expect(video).toContain(` poster="${base}/thumbnail"`);
    expect(video).toContain(` src="${base}/video"`);
    expect(video).toContain(' width="640" height="360"');
    expect(html).toContain('<h1>Design review: the &lt;video&gt; player &amp; friends</h1>');
    expect(html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d{1,2} [A-Z][a-z]{2} \d{4}<\/time>/);
    expect(html).toContain('0:03');
    expect(html).toMatch(new RegExp(`<a class="button" href="${base}/download" download>`));
    expect(html).toMatch(new RegExp(`<button type="button" class="button secondary" id="copy" data-url="${base}" hidden>`));
    expect(html).toContain(`<meta property="og:image" content="${base}/thumbnail">`);
    expect(html).toContain(`<meta property="og:video" content="${base}/video">`);
    expect(html).toContain('<meta property="og:video:type" content="video/webm">');
    // A player card: the embed page (issue 14), beside og:video's direct file.
    expect(html).toContain('<meta name="twitter:card" content="player">');
    expect(html).toContain(`<meta name="twitter:image" content="${base}/thumbnail">`);
    expect(new URL(`${base}/thumbnail`).protocol).toMatch(/^https?:$/); // absolute, as crawlers need
  });

  it('has a strict CSP: the inline script and style are allowed by their hashes, nothing else inline', async () => {
    const res = await page(withThumbnail.id);
    const csp = res.headers.get('content-security-policy')!;
    const html = await res.text();
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    // 'self': the player bundle from this server's /assets (issue 14); inline code only by hash.
    expect(directive(csp, 'script-src')).toBe(`script-src 'self' 'sha256-${b64sha256(scripts[0]!)}'`);
    expect(directive(csp, 'style-src')).toBe(`style-src 'self' 'sha256-${b64sha256(styles[0]!)}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(directive(csp, 'media-src')).toContain(new URL(t.reelay.config.s3.publicEndpoint).origin);
    expect(html).not.toMatch(/\sstyle="/); // style attributes would need 'unsafe-inline'
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
  });

  it('without a thumbnail: no poster, no og:image, a small twitter card', async () => {
    const rec = await createRecording(t.reelay, { title: 'Plain', mimeType: 'video/webm' });
    await uploadAndComplete(t.reelay, rec, new Map([[1, media.webm]]), { durationMs: 0 });
    const html = await (await page(rec.id)).text();
    expect(html).not.toContain('poster=');
    expect(html).not.toContain('og:image');
    expect(html).toContain('<meta name="twitter:card" content="summary">');
    expect((await fetch(`${t.reelay.localUrl}/v/${rec.id}/thumbnail`, { redirect: 'manual' })).status).toBe(404);
  });

  it('while uploading: a "still uploading" page that reloads itself, then the player at the same URL', async () => {
    const rec = await createRecording(t.reelay, { title: 'Live demo', mimeType: 'video/webm' });
    expect(await uploadThumbnail(t.reelay, rec, media.jpeg)).toBe(200);
    const pending = await page(rec.id);
    expect(pending.status).toBe(200);
    const html = await pending.text();
    expect(html).toContain('<h1>Still uploading</h1>');
    expect(html).toMatch(/<meta http-equiv="refresh" content="\d+">/);
    expect(html).toContain('<span class="name">Live demo</span>');
    expect(html).toContain(`<meta property="og:title" content="Live demo">`);
    expect(html).toContain(`<img class="poster" src="${t.reelay.url}/v/${rec.id}/thumbnail" alt="">`);
    expect(html).not.toContain('<video');

    await uploadAndComplete(t.reelay, rec, new Map([[1, media.webm]]));
    const ready = await (await page(rec.id)).text();
    expect(ready).toContain('<video');
    expect(ready).not.toContain('http-equiv="refresh"');
  });

  it('cancelled, deleted and unknown recordings get the same friendly 404 page', async () => {
    const cancelled = await createRecording(t.reelay);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${cancelled.id}`, { token: cancelled.uploadToken })).status).toBe(204);
    const deleted = await createRecording(t.reelay);
    await uploadAndComplete(t.reelay, deleted, new Map([[1, media.webm]]));
    expect((await page(deleted.id)).status).toBe(200);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${deleted.id}`, { token: t.reelay.apiToken })).status).toBe(204);

    for (const id of [cancelled.id, deleted.id, 'AAAAAAAAAAAAAAAAAAAAAA', 'not-an-id', '%2E%2E%2Fmeta.json', 'x'.repeat(3000)]) {
      const res = await page(id);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('<h1>Recording not found</h1>');
      expect(html).toContain('deleted it or cancelled the upload');
      for (const sub of ['video', 'download', 'thumbnail']) {
        expect((await fetch(`${t.reelay.localUrl}/v/${id}/${sub}`, { redirect: 'manual' })).status).toBe(404);
      }
    }
  });
});

describe('share page in a real Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--mute-audio'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    { name: 'phone', width: 390, height: 844 },
    { name: 'desktop', width: 1280, height: 800 },
  ])('$name ($width×$height): plays, seeks, shows the poster, copies the link, no CSP violation, fits the screen', async ({ width, height }) => {
    // PUBLIC_URL (http://localhost:<port>) is a secure context: the Clipboard API is available.
    const shareUrl = `${t.reelay.url}/v/${withThumbnail.id}`;
    const context = await browser.newContext({ viewport: { width, height } });
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.reelay.url });
      const { tab, violations } = await watchedTab(context);
      const poster = tab.waitForResponse((r) => r.url().includes(`/recordings/${withThumbnail.id}/thumbnail`));
      await tab.goto(shareUrl);
      const posterResponse = await poster;
      expect(posterResponse.status()).toBe(200);
      expect(posterResponse.headers()['content-type']).toBe('image/jpeg');

      await tab.waitForFunction(() => document.querySelector('video')!.readyState >= 1, null, { timeout: 20_000 });
      const duration = await tab.evaluate(() => document.querySelector('video')!.duration);
      expect(duration).toBeGreaterThan(2.5);
      expect(duration).toBeLessThan(3.5);
      // Seek: Range requests go through the redirect straight to the store.
      const seeked = await tab.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const v = document.querySelector('video')!;
            v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
            v.addEventListener('error', () => reject(new Error(v.error?.message)), { once: true });
            v.currentTime = 2;
          }),
      );
      expect(seeked).toBeCloseTo(2, 0);

      // Copy link: shown by the script, copies the share URL.
      await tab.getByRole('button', { name: 'Copy link' }).click();
      const copy = tab.locator('#copy'); // its accessible name changes on click
      await expect.poll(() => copy.textContent()).toBe('Copied!');
      expect(await tab.evaluate(() => navigator.clipboard.readText())).toBe(shareUrl);

      // The date is shown (localised by the script) and nothing overflows sideways.
      expect((await tab.locator('time').textContent())?.trim()).toMatch(/\d/);
      const layout = await tab.evaluate(() => {
        const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect().toJSON() as DOMRect;
        return {
          scrollWidth: document.documentElement.scrollWidth,
          video: box('video'),
          title: box('h1'),
          download: box('a.button'),
          copy: box('#copy'),
        };
      });
      expect(layout.scrollWidth).toBeLessThanOrEqual(width);
      for (const b of [layout.download, layout.copy, layout.title]) {
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.right).toBeLessThanOrEqual(width);
      }
      expect(layout.download.height).toBeGreaterThanOrEqual(44); // a comfortable touch target
      if (width < 640) {
        expect(layout.video.width).toBe(width); // full-bleed player on a phone
      } else {
        expect(layout.title.top).toBeLessThan(height); // the title is above the fold
        expect(layout.download.bottom).toBeLessThan(height);
      }
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
