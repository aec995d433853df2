/**
 * The share page's and the embed page's HTML for the player bundle (share/page.ts, watch-island.ts):
 * the JSON island (what the bundle starts from, `<` never ending the element), the video named after
 * the title, the trim (a media fragment, the trimmed duration, "Download original (untrimmed)"),
 * downloads turned off, the privacy only for who manages, and the embed page's minimal markup; then,
 * once built, the module script from /assets.
 */
import { describe, expect, it } from 'vitest';
import type { WatchPageData } from '../../api';
import { embedPage, recordingPage, type SharePageRecording, type SharePageUrls } from '../src/share/page';
import { watchAssetsReady } from '../src/share/watch-assets';
import type { WatchContext } from '../src/share/watch-context';
import { webAssets } from '../src/web/assets';

const rec: SharePageRecording = { title: 'Demo </script><script>alert(1)</script>', createdAt: '2026-12-01T10:00:00Z', durationMs: 30_000, size: 1_000_000, mimeType: 'video/webm', width: 320, height: 180 };
const urls: SharePageUrls = { page: 'https://r.example/v/abc', video: 'https://r.example/v/abc/video', download: 'https://r.example/v/abc/download' };
const viewer = { signedIn: false, canManage: false };
const ctx = (over: Partial<WatchContext> = {}): WatchContext => ({ id: 'abc', trim: null, downloads: true, viewer, embed: false, ...over });

function island(html: string): WatchPageData {
  const m = /<script type="application\/json" id="watch-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'the JSON island').not.toBeNull();
  return JSON.parse(m![1]!) as WatchPageData;
}

describe('share page for the player bundle', () => {
  it('hands the bundle its data in a JSON island whose text cannot end the element', () => {
    const html = recordingPage(rec, urls, ctx());
    const raw = /id="watch-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(raw).not.toContain('<');
    expect(island(html)).toEqual({
      id: 'abc',
      title: rec.title,
      durationMs: 30_000,
      trim: null,
      downloads: true,
      viewer: { signedIn: false, canManage: false },
      embed: false,
      urls: { page: urls.page, embed: 'https://r.example/embed/abc' },
    });
    expect(html).toContain('<video id="watch-video" controls playsinline preload="metadata" aria-label="Demo &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('<div class="controls" id="watch-controls"></div>');
    expect(html).toContain('<div id="watch-tools"></div>');
    expect(html).toContain('<div id="watch-social"></div>');
  });

  it('under a trim: plays only the span even without script, shows its duration, and Download says it is the original', () => {
    const html = recordingPage(rec, urls, ctx({ trim: { startMs: 5000, endMs: 12_500 } }));
    expect(html).toContain('src="https://r.example/v/abc/video#t=5,12.5"');
    expect(html).toContain('<li id="watch-duration"><span class="sr">Duration </span>0:08</li>');
    expect(html).toContain('<span>Download original (untrimmed)</span>');
    expect(island(html).trim).toEqual({ startMs: 5000, endMs: 12_500 });
  });

  it('downloads off: no Download for a viewer, still one for who manages it; privacy only for them', () => {
    const privacy = { visibility: 'password' as const, expiresAt: null, downloads: false, hasPassword: true };
    const off = recordingPage(rec, urls, ctx({ downloads: false, privacy }));
    expect(off).not.toContain('https://r.example/v/abc/download'); // not even the <video>'s fallback link
    expect(island(off).privacy).toBeUndefined();
    const owner = recordingPage(rec, urls, ctx({ downloads: false, privacy, viewer: { signedIn: true, name: 'Olga', canManage: true } }));
    expect(owner).toContain('href="https://r.example/v/abc/download" download');
    expect(island(owner).privacy).toEqual(privacy);
    expect(island(owner).viewer).toEqual({ signedIn: true, name: 'Olga', canManage: true });
  });

  it('the embed page is only the player: no header, title block, comments or tools', () => {
    const html = embedPage(rec, urls, ctx({ embed: true }));
    expect(html).toContain('<body class="bare">');
    expect(html).toContain('<div class="player embed" id="player">');
    expect(html).not.toContain('<header');
    expect(html).not.toContain('<h1>');
    expect(html).not.toContain('watch-social');
    expect(island(html).embed).toBe(true);
  });

  it('loads the bundle from /assets once it is built', async () => {
    await watchAssetsReady();
    const { urls: assets } = await webAssets();
    expect(assets.watch).toMatch(/^\/assets\/watch-[A-Z0-9]+\.js$/);
    expect(recordingPage(rec, urls, ctx())).toContain(`<script type="module" src="${assets.watch}"></script>`);
    expect(embedPage(rec, urls, ctx({ embed: true }))).toContain(`<script type="module" src="${assets.watch}"></script>`);
  });
});
