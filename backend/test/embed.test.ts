/**
 * Embed and unfurl (issue 14) over real HTTP with a real server and store: /embed/:id may be framed
 * by any site while every other page refuses to be framed; oEmbed's JSON (shape, sizes, errors,
 * private recordings); the share page's oEmbed link and player card; wrong ids as HTML pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse, OEmbedVideo } from '../../api';
import { api, createRecording, makeVideo, uploadAndComplete, uploadThumbnail, startTestServer, type TestServer } from './helpers';

let t: TestServer;
let base: string;
let rec: CreateRecordingResponse;
let publicUrl: string;

/** A finished public recording, 1920×1080, with a thumbnail. */
async function finished(title: string): Promise<CreateRecordingResponse> {
  const r = await createRecording(t.reelay, { title, mimeType: 'video/webm' });
  expect(await uploadThumbnail(t.reelay, r, new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBe(200);
  expect((await uploadAndComplete(t.reelay, r, makeVideo(2048).parts, { durationMs: 8_000, width: 1920, height: 1080 })).status).toBe(200);
  return r;
}

const get = (path: string) => fetch(`${base}${path}`, { redirect: 'manual' });
const oembed = async (query: string) => {
  const res = await get(`/oembed?${query}`);
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as OEmbedVideo & { error?: { code: string; message: string } } };
};
const directive = (csp: string, name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));

beforeAll(async () => {
  t = await startTestServer();
  base = t.reelay.localUrl;
  publicUrl = t.reelay.url;
  rec = await finished('Demo <day> & "night"');
}, 60_000);
afterAll(() => t?.stop());

describe('framing', () => {
  it('/embed/:id may be framed by anyone; the share page, its notices and the password form refuse it', async () => {
    const embed = await get(`/embed/${rec.id}`);
    expect(embed.status).toBe(200);
    const csp = embed.headers.get('content-security-policy')!;
    expect(csp).not.toContain('frame-ancestors');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    const html = await embed.text();
    expect(html).toContain(`src="${publicUrl}/v/${rec.id}/video"`);
    expect(html).not.toContain('<header'); // only the player
    expect(directive(csp, 'script-src')).toContain("'self'");

    const password = await finished('Locked');
    await api(t.reelay, 'PATCH', `/api/recordings/${password.id}`, { token: t.reelay.apiToken, body: { privacy: { visibility: 'password', password: 'pass word', downloads: true } } });
    for (const path of [`/v/${rec.id}`, `/v/${password.id}`, '/v/AAAAAAAAAAAAAAAAAAAAAA', `/v/${rec.id}/video?x`.replace(rec.id, 'BBBBBBBBBBBBBBBBBBBBBB')]) {
      const res = await get(path);
      const pageCsp = res.headers.get('content-security-policy')!;
      expect({ path, fa: directive(pageCsp, 'frame-ancestors') }).toEqual({ path, fa: "frame-ancestors 'none'" });
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      // Only the password form submits anything.
      expect(directive(pageCsp, 'form-action')).toBe(path === `/v/${password.id}` ? "form-action 'self'" : "form-action 'none'");
    }
    // The web pages refuse it too.
    expect(directive((await get('/sign-in')).headers.get('content-security-policy')!, 'frame-ancestors')).toBe("frame-ancestors 'none'");
  });

  it('a refused embed shows a small notice with a link to open the share page in a new tab, and no title', async () => {
    const team = await finished('Team only thing');
    await api(t.reelay, 'PATCH', `/api/recordings/${team.id}`, { token: t.reelay.apiToken, body: { privacy: { visibility: 'team', downloads: true } } });
    const res = await get(`/embed/${team.id}`);
    const html = await res.text();
    expect(html).toContain('Private recording');
    expect(html).toMatch(new RegExp(`<a class="button" href="${publicUrl}/v/${team.id}" target="_blank" rel="noopener noreferrer">Open the recording`));
    expect(html).not.toContain('Team only thing');
    expect(html).not.toContain('/video');
    expect(res.headers.get('content-security-policy')).not.toContain('frame-ancestors');
    expect((await get('/embed/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await get('/embed/..%2Fx')).status).toBe(404);
  });
});

describe('oEmbed', () => {
  it('answers type "video" with an iframe of /embed/:id, the title, sizes and the thumbnail', async () => {
    const res = await oembed(`url=${encodeURIComponent(`${publicUrl}/v/${rec.id}`)}&format=json`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    expect(res.json).toEqual({
      version: '1.0',
      type: 'video',
      provider_name: 'Reelay',
      provider_url: `${publicUrl}/`,
      title: 'Demo <day> & "night"',
      html: `<iframe src="${publicUrl}/embed/${rec.id}" width="1280" height="720" frameborder="0" allow="fullscreen; picture-in-picture" allowfullscreen title="Demo &lt;day&gt; &amp; &quot;night&quot;"></iframe>`,
      width: 1280,
      height: 720,
      thumbnail_url: `${publicUrl}/v/${rec.id}/thumbnail`,
      thumbnail_width: 640,
      thumbnail_height: 360,
    });
    // maxwidth / maxheight are honoured, aspect ratio kept; the embed URL works as well as the page's.
    const small = await oembed(`url=${encodeURIComponent(`${publicUrl}/embed/${rec.id}`)}&maxwidth=480&maxheight=400`);
    expect([small.json.width, small.json.height]).toEqual([480, 270]);
    expect(small.json.html).toContain('width="480" height="270"');
    expect([(await oembed(`url=${encodeURIComponent(`${publicUrl}/v/${rec.id}`)}&maxheight=180`)).json.width]).toEqual([320]);
  });

  it('refuses: no url 400, another site or an unknown recording 404, XML 400 (a 4xx, not the spec’s 501), a private recording 401 with nothing of it', async () => {
    expect((await oembed('format=json')).status).toBe(400);
    const xml = await oembed(`url=${encodeURIComponent(`${publicUrl}/v/${rec.id}`)}&format=xml`);
    expect([xml.status, xml.json.error?.code]).toEqual([400, 'invalid_request']);
    for (const url of [`https://evil.example/v/${rec.id}`, `${publicUrl}/v/AAAAAAAAAAAAAAAAAAAAAA`, `${publicUrl}/library`, 'not a url', `${publicUrl}/v/${rec.id}/video`]) {
      const res = await oembed(`url=${encodeURIComponent(url)}`);
      expect({ url, status: res.status, code: res.json.error?.code }).toEqual({ url, status: 404, code: 'not_found' });
    }
    const locked = await finished('Board meeting');
    await api(t.reelay, 'PATCH', `/api/recordings/${locked.id}`, { token: t.reelay.apiToken, body: { privacy: { visibility: 'password', password: 'pass word', downloads: true } } });
    const res = await oembed(`url=${encodeURIComponent(`${publicUrl}/v/${locked.id}`)}`);
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.json)).not.toContain('Board meeting');
    expect(JSON.stringify(res.json)).not.toContain('thumbnail');
  });

  it('the share page links to it and carries og:video (the file) and a player card (the embed)', async () => {
    const html = await (await get(`/v/${rec.id}`)).text();
    const href = `${publicUrl}/oembed?url=${encodeURIComponent(`${publicUrl}/v/${rec.id}`)}&amp;format=json`;
    expect(html).toContain(`<link rel="alternate" type="application/json+oembed" href="${href}" title="Demo &lt;day&gt; &amp; &quot;night&quot;">`);
    expect(html).toContain(`<meta property="og:video" content="${publicUrl}/v/${rec.id}/video">`);
    expect(html).toContain('<meta property="og:video:type" content="video/webm">');
    expect(html).toContain(`<meta name="twitter:player" content="${publicUrl}/embed/${rec.id}">`);
    expect(html).toContain('<meta name="twitter:player:width" content="1920">');
    // The discovery link works when followed.
    const followed = await fetch(href.replace(/&amp;/g, '&').replace(publicUrl, base));
    expect(followed.status).toBe(200);
  });
});

describe('errors as pages', () => {
  it('a wrong id on /v/:id/video and /download is the HTML "Recording not found" page; the root is HTML', async () => {
    for (const path of ['/v/AAAAAAAAAAAAAAAAAAAAAA/video', '/v/AAAAAAAAAAAAAAAAAAAAAA/download', '/v/nope/video', '/v/nope/download']) {
      const res = await get(path);
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({ path, status: 404, type: 'text/html; charset=UTF-8' });
      expect(await res.text()).toContain('<h1>Recording not found</h1>');
    }
    const root = await get('/');
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await root.text()).toContain('Sign in');
  });
});
