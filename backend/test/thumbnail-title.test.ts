/**
 * Thumbnails (POST /api/recordings/:id/thumbnail, GET /v/:id/thumbnail) and title editing
 * (PATCH /api/recordings/:id) over real HTTP against the embedded store, with real
 * presigned PUTs: the signed Content-Type and Content-Length are enforced by the store.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_THUMBNAIL_BYTES, type ThumbnailUploadResponse } from '../../api';
import { REELAY_EXTENSION_ORIGIN } from '../../api/extension-id';
import { escapeHtml } from '../src/share/format';
import {
  api,
  createFinishedRecording,
  createRecording,
  makeVideo,
  objectKeys,
  startTestServer,
  uploadAndComplete,
  uploadThumbnail,
  type TestServer,
} from './helpers';
import { makeMediaFixtures, type MediaFixtures } from './media-fixtures';

let t: TestServer;
let media: MediaFixtures;
beforeAll(async () => {
  [t, media] = await Promise.all([startTestServer(), makeMediaFixtures()]);
});
afterAll(async () => {
  await t?.stop();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function presignThumbnail(id: string, token: string, body: unknown) {
  return api(t.reelay, 'POST', `/api/recordings/${id}/thumbnail`, { token, body });
}

/** Follows /v/:id/thumbnail by hand: the 302, then the presigned GET. */
async function fetchThumbnail(id: string) {
  const redirect = await fetch(`${t.reelay.localUrl}/v/${id}/thumbnail`, { redirect: 'manual' });
  if (redirect.status !== 302) return { status: redirect.status, location: null, type: null, bytes: new Uint8Array() };
  const location = redirect.headers.get('location')!;
  const res = await fetch(location);
  return { status: res.status, location, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

const finishedRecording = (title = 'Finished') => createFinishedRecording(t.reelay, { title, mimeType: 'video/webm' });

describe('thumbnail upload', () => {
  it('presigns a short-lived PUT for recordings/<id>/thumbnail; the image is served back byte-identical', async () => {
    const rec = await createRecording(t.reelay);
    expect((await fetch(`${t.reelay.localUrl}/v/${rec.id}/thumbnail`, { redirect: 'manual' })).status).toBe(404);

    const res = await presignThumbnail(rec.id, rec.uploadToken, { contentType: 'image/jpeg', size: media.jpeg.byteLength });
    expect(res.status).toBe(200);
    const body = res.json as ThumbnailUploadResponse;
    expect(body.headers).toEqual({ 'Content-Type': 'image/jpeg' });
    const url = new URL(body.url);
    expect(url.origin).toBe(t.reelay.config.s3.publicEndpoint);
    expect(url.pathname).toBe(`/${t.reelay.config.s3.bucket}/recordings/${rec.id}/thumbnail`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    expect(body.url).not.toMatch(/checksum/i);
    const expiresIn = Date.parse(body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(300_000);

    const put = await fetch(body.url, { method: 'PUT', headers: body.headers, body: media.jpeg });
    expect(put.status).toBe(200);
    expect(await objectKeys(t.reelay, rec.id)).toEqual([
      `recordings/${rec.id}/thumbnail`,
      `recordings/${rec.id}/upload.json`,
    ]);

    const served = await fetchThumbnail(rec.id);
    expect(served.status).toBe(200);
    expect(served.type).toBe('image/jpeg');
    expect(sha256(served.bytes)).toBe(sha256(media.jpeg));
  });

  it('the store enforces the signed Content-Type and Content-Length', async () => {
    const rec = await createRecording(t.reelay);
    const { json } = await presignThumbnail(rec.id, rec.uploadToken, { contentType: 'image/png', size: media.png.byteLength });
    const wrongType = await fetch(json.url, { method: 'PUT', headers: { 'Content-Type': 'text/html' }, body: media.png });
    expect(wrongType.status).toBe(403);
    const bigger = new Uint8Array(media.png.byteLength + 1);
    bigger.set(media.png);
    const wrongSize = await fetch(json.url, { method: 'PUT', headers: json.headers, body: bigger });
    expect(wrongSize.status).toBe(403);
    expect((await fetch(`${t.reelay.localUrl}/v/${rec.id}/thumbnail`, { redirect: 'manual' })).status).toBe(404);

    const ok = await fetch(json.url, { method: 'PUT', headers: json.headers, body: media.png });
    expect(ok.status).toBe(200);
    const served = await fetchThumbnail(rec.id);
    expect(served.type).toBe('image/png');
    expect(sha256(served.bytes)).toBe(sha256(media.png));
  });

  it('while uploading, replaces an earlier image, also without a stated size', async () => {
    const rec = await createRecording(t.reelay);
    expect(await uploadThumbnail(t.reelay, rec, media.png, 'image/png')).toBe(200);
    expect(await uploadThumbnail(t.reelay, rec, media.jpeg, 'image/webp', false)).toBe(200);
    const served = await fetchThumbnail(rec.id);
    expect(served.type).toBe('image/webp');
    expect(sha256(served.bytes)).toBe(sha256(media.jpeg));
  });

  it('once complete, the upload token may put up the first poster (a late frame), never replace it', async () => {
    const rec = await finishedRecording();
    expect(await uploadThumbnail(t.reelay, rec, media.png, 'image/png')).toBe(200);
    const again = await presignThumbnail(rec.id, rec.uploadToken, { contentType: 'image/jpeg' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('already_completed');
    expect(sha256((await fetchThumbnail(rec.id)).bytes)).toBe(sha256(media.png));
  });

  it('refuses bad requests with a 4xx JSON error', async () => {
    const rec = await createRecording(t.reelay);
    const other = await createRecording(t.reelay);
    const cases: Array<[string, string, unknown, number]> = [
      ['no token', '', { contentType: 'image/jpeg' }, 401],
      ["another recording's token", other.uploadToken, { contentType: 'image/jpeg' }, 403],
      ['the API token', t.reelay.apiToken, { contentType: 'image/jpeg' }, 403],
      ['image/gif', rec.uploadToken, { contentType: 'image/gif' }, 400],
      ['text/html', rec.uploadToken, { contentType: 'text/html' }, 400],
      ['no content type', rec.uploadToken, {}, 400],
      ['a size of 0', rec.uploadToken, { contentType: 'image/png', size: 0 }, 400],
      ['a size over the limit', rec.uploadToken, { contentType: 'image/png', size: MAX_THUMBNAIL_BYTES + 1 }, 400],
      ['a fractional size', rec.uploadToken, { contentType: 'image/png', size: 1.5 }, 400],
      ['a string size', rec.uploadToken, { contentType: 'image/png', size: '100' }, 400],
    ];
    for (const [name, token, body, status] of cases) {
      const res = await api(t.reelay, 'POST', `/api/recordings/${rec.id}/thumbnail`, {
        ...(token ? { token } : {}),
        body,
      });
      expect({ name, status: res.status }).toEqual({ name, status });
      expect(typeof res.json?.error?.code).toBe('string');
    }
  });

  it('a deleted recording takes its thumbnail along, even one PUT after the delete', async () => {
    const rec = await finishedRecording();
    const { json } = await presignThumbnail(rec.id, rec.uploadToken, { contentType: 'image/jpeg', size: media.jpeg.byteLength });
    expect((await fetch(json.url, { method: 'PUT', headers: json.headers, body: media.jpeg })).status).toBe(200);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken })).status).toBe(204);
    expect(await objectKeys(t.reelay, rec.id)).toEqual([]);
    expect((await fetch(`${t.reelay.localUrl}/v/${rec.id}/thumbnail`, { redirect: 'manual' })).status).toBe(404);

    // A client that still holds the URL re-uploads: the object exists, the share route still says 404.
    expect((await fetch(json.url, { method: 'PUT', headers: json.headers, body: media.jpeg })).status).toBe(200);
    expect((await fetch(`${t.reelay.localUrl}/v/${rec.id}/thumbnail`, { redirect: 'manual' })).status).toBe(404);
    expect((await presignThumbnail(rec.id, rec.uploadToken, { contentType: 'image/jpeg' })).status).toBe(404);
  });
});

describe('title editing (PATCH /api/recordings/:id)', () => {
  it('renames a finished recording: metadata, share page and download name follow', async () => {
    const rec = await finishedRecording('Old name');
    const res = await api(t.reelay, 'PATCH', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken, body: { title: 'Demo <b>&</b> "Q3"' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ready', id: rec.id, title: 'Demo <b>&</b> "Q3"', size: 2048 });
    expect(res.json.videoUrl).toBe(`${t.reelay.url}/v/${rec.id}/video`);

    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}`)).json.title).toBe('Demo <b>&</b> "Q3"');
    const html = await (await fetch(`${t.reelay.localUrl}/v/${rec.id}`)).text();
    expect(html).toContain('<h1>Demo &lt;b&gt;&amp;&lt;/b&gt; &quot;Q3&quot;</h1>');
    expect(html).not.toContain('<b>&</b>');
    expect(html).not.toContain('Old name');
    const dl = await fetch(`${t.reelay.localUrl}/v/${rec.id}/download`, { redirect: 'manual' });
    const file = await fetch(dl.headers.get('location')!);
    expect(file.headers.get('content-disposition')).toContain('filename="Demo b & b Q3.webm"');
    await file.arrayBuffer();
  });

  it('renames a recording still uploading; complete keeps the new title', async () => {
    const rec = await createRecording(t.reelay, { title: 'Draft', mimeType: 'video/webm' });
    const res = await api(t.reelay, 'PATCH', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken, body: { title: '  Final\ttake\n ' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'uploading', id: rec.id, title: 'Final take', createdAt: expect.any(String) });
    expect(await (await fetch(`${t.reelay.localUrl}/v/${rec.id}`)).text()).toContain('Final take');

    expect((await uploadAndComplete(t.reelay, rec, makeVideo(1000).parts)).status).toBe(200);
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}`)).json.title).toBe('Final take');
    expect(await objectKeys(t.reelay, rec.id)).toEqual([`recordings/${rec.id}/meta.json`, `recordings/${rec.id}/video`]);
  });

  it('an empty title becomes "Untitled recording"', async () => {
    const rec = await finishedRecording('Named');
    const res = await api(t.reelay, 'PATCH', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken, body: { title: '   ' } });
    expect(res.json.title).toBe('Untitled recording');
  });

  it('refuses other tokens, bad titles and unknown or deleted recordings', async () => {
    const rec = await finishedRecording('Mine');
    const other = await createRecording(t.reelay);
    const patch = (token: string | undefined, body: unknown, id = rec.id) =>
      api(t.reelay, 'PATCH', `/api/recordings/${id}`, { ...(token ? { token } : {}), body });
    expect((await patch(undefined, { title: 'x' })).status).toBe(401);
    // Its own upload token no longer changes it once the upload is complete (issue 13).
    const late = await patch(rec.uploadToken, { title: 'x' });
    expect(late.status).toBe(403);
    expect(late.json.error.message).toMatch(/personal token/);
    // Another recording's upload token is no credential here (401); API_TOKEN is the admin's, who may (accounts).
    expect((await patch(other.uploadToken, { title: 'x' })).status).toBe(401);
    expect((await patch(t.reelay.apiToken, { title: 'x'.repeat(201) })).status).toBe(400);
    expect((await patch(t.reelay.apiToken, { title: 42 })).status).toBe(400);
    expect((await patch(t.reelay.apiToken, {})).status).toBe(400);
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}`)).json.title).toBe('Mine');

    expect((await api(t.reelay, 'DELETE', `/api/recordings/${other.id}`, { token: other.uploadToken })).status).toBe(204);
    const gone = await patch(other.uploadToken, { title: 'x' }, other.id);
    expect(gone.status).toBe(404);
    // ...and the rename did not bring its upload.json back.
    expect(await objectKeys(t.reelay, other.id)).toEqual([]);
  });

  it('the preflight of a PATCH from an extension origin is allowed', async () => {
    const res = await fetch(`${t.reelay.localUrl}/api/recordings/AAAAAAAAAAAAAAAAAAAAAA`, {
      method: 'OPTIONS',
      headers: {
        origin: REELAY_EXTENSION_ORIGIN,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
  });

  it('any title (fast-check, 60 titles) round-trips through the API and is escaped on the share page', async () => {
    const rec = await finishedRecording();
    const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
    const markup = fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", '/', '=', ' ', 'a', 'é', '💥', '`', '\\', '\n'), maxLength: 60 });
    const anything = fc.string({ unit: 'grapheme', maxLength: 120 }).filter((s) => s.length <= 200);
    await fc.assert(
      fc.asyncProperty(fc.oneof(markup, anything), async (raw) => {
        const res = await api(t.reelay, 'PATCH', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken, body: { title: raw } });
        expect(res.status).toBe(200);
        const stored: string = res.json.title;
        expect(stored).toBe(raw.replace(CONTROL, ' ').trim() || 'Untitled recording');
        const html = await (await fetch(`${t.reelay.localUrl}/v/${rec.id}`)).text();
        expect(html).toContain(`<h1>${escapeHtml(stored)}</h1>`);
        expect(html).toContain(`<meta property="og:title" content="${escapeHtml(stored)}">`);
        // Scripts: the one static inline script, the player's JSON island and its bundle, nothing else.
        const scripts = html.match(/<script[^>]*>/g) ?? [];
        expect(scripts.filter((tag) => tag === '<script>')).toHaveLength(1);
        expect(scripts.every((tag) => /^<script(>| type="application\/json" id="watch-data">| type="module" src="\/assets\/watch-[\w-]+\.js">)$/.test(tag)), scripts.join(' ')).toBe(true);
        // The island holds the title as data, and no text in it can end the element early.
        const island = /<script type="application\/json" id="watch-data">([^<]*)<\/script>/.exec(html);
        expect(island, 'the JSON island, with no < inside').not.toBeNull();
        expect(JSON.parse(island![1]!).title).toBe(stored);
        expect(html.match(/<h1>/g)).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });
});
