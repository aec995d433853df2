/**
 * The upload lifecycle over real HTTP: Reelay server + embedded S3 store, presigned URLs
 * used with fetch exactly like the extension uses them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE } from '../../api';
import { REELAY_EXTENSION_ORIGIN } from '../../api/extension-id';
import {
  api,
  complete,
  createRecording,
  makeVideo,
  objectKeys,
  presign,
  putPart,
  startTestServer,
  uploadAndComplete,
  uploadParts,
  uploadsOf,
  type TestServer,
} from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

async function followVideo(id: string, headers: Record<string, string> = {}) {
  const redirect = await fetch(`${t.reelay.localUrl}/v/${id}/video`, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const location = redirect.headers.get('location')!;
  return fetch(location, { headers });
}

describe('multipart round trip', () => {
  it('uploads 3 parts (5 MiB, 5 MiB, shorter last) and reads the video back byte-identical', async () => {
    const video = makeVideo(2 * PART_SIZE + 1_234_567);
    expect(video.parts.size).toBe(3);
    const rec = await createRecording(t.reelay, { title: 'Round trip', mimeType: 'video/webm;codecs=vp9,opus' });
    expect(rec.partSize).toBe(PART_SIZE);
    expect(rec.shareUrl).toBe(`${t.reelay.url}/v/${rec.id}`);

    const parts = await uploadParts(t.reelay, rec, video.parts);
    const done = await complete(t.reelay, rec, parts, { durationMs: 61_000, width: 1280, height: 720 });
    expect(done.status).toBe(200);
    expect(done.json).toEqual({ shareUrl: rec.shareUrl });

    const res = await followVideo(rec.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^video\/webm/);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body.length).toBe(video.bytes.length);
    expect(Buffer.compare(Buffer.from(body), Buffer.from(video.bytes))).toBe(0);

    const meta = await api(t.reelay, 'GET', `/api/recordings/${rec.id}`);
    expect(meta.status).toBe(200);
    expect(meta.json).toEqual({
      id: rec.id,
      title: 'Round trip',
      createdAt: expect.any(String),
      durationMs: 61_000,
      size: video.bytes.length,
      mimeType: 'video/webm;codecs=vp9,opus',
      videoUrl: `${t.reelay.url}/v/${rec.id}/video`,
      width: 1280,
      height: 720,
    });
    // The pending object is gone; only the video and the metadata remain.
    expect(await objectKeys(t.reelay, rec.id)).toEqual([`recordings/${rec.id}/meta.json`, `recordings/${rec.id}/video`]);
  });

  it('resumes through GET parts: 2 parts uploaded, listed, the rest uploaded, completed', async () => {
    const video = makeVideo(3 * PART_SIZE + 10);
    const rec = await createRecording(t.reelay);
    const first = await uploadParts(t.reelay, rec, new Map([...video.parts].slice(0, 2)));

    // A fresh client (the extension after a restart) asks what the store already has.
    const listed = await api(t.reelay, 'GET', `/api/recordings/${rec.id}/parts`, { token: rec.uploadToken });
    expect(listed.status).toBe(200);
    expect(listed.json.parts).toEqual(
      first.map((p) => ({ partNumber: p.partNumber, etag: p.etag, size: PART_SIZE })),
    );

    const have = new Set<number>(listed.json.parts.map((p: { partNumber: number }) => p.partNumber));
    const rest = await uploadParts(t.reelay, rec, new Map([...video.parts].filter(([n]) => !have.has(n))));
    const all = [
      ...listed.json.parts.map((p: { partNumber: number; etag: string }) => ({ partNumber: p.partNumber, etag: p.etag })),
      ...rest,
    ];
    const done = await complete(t.reelay, rec, all);
    expect(done.status).toBe(200);

    const body = Buffer.from(await (await followVideo(rec.id)).arrayBuffer());
    expect(body.equals(Buffer.from(video.bytes))).toBe(true);
  });

  it('complete is idempotent: a retried complete returns the same shareUrl', async () => {
    const video = makeVideo(1000);
    const rec = await createRecording(t.reelay);
    const parts = await uploadParts(t.reelay, rec, video.parts);
    const first = await complete(t.reelay, rec, parts);
    const second = await complete(t.reelay, rec, parts);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.json.shareUrl).toBe(first.json.shareUrl);
    expect(first.json.shareUrl).toBe(rec.shareUrl);
  });

  it('a retried complete finishes the job when S3 completed but the metadata write was lost', async () => {
    const video = makeVideo(2000);
    const rec = await createRecording(t.reelay);
    const parts = await uploadParts(t.reelay, rec, video.parts);
    // Simulates the crash window: S3 completed, meta.json never written, upload.json left.
    const { CompleteMultipartUploadCommand } = await import('@aws-sdk/client-s3');
    const pending = await api(t.reelay, 'GET', `/v/${rec.id}`);
    expect(pending.json).toMatch(/Still uploading/);
    await t.reelay.s3.api.send(
      new CompleteMultipartUploadCommand({
        Bucket: t.reelay.config.s3.bucket,
        Key: `recordings/${rec.id}/video`,
        UploadId: rec.uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
    expect(await objectKeys(t.reelay, rec.id)).not.toContain(`recordings/${rec.id}/meta.json`);

    const retry = await complete(t.reelay, rec, parts, { durationMs: 5 });
    expect(retry.status).toBe(200);
    expect(retry.json.shareUrl).toBe(rec.shareUrl);
    const meta = await api(t.reelay, 'GET', `/api/recordings/${rec.id}`);
    expect(meta.status).toBe(200);
    expect(meta.json.size).toBe(2000);
    expect(meta.json.durationMs).toBe(5);
  });
});

describe('delete', () => {
  it('abort leaves nothing behind: no upload listed, no objects under recordings/<id>/', async () => {
    const video = makeVideo(PART_SIZE + 100);
    const rec = await createRecording(t.reelay);
    await uploadParts(t.reelay, rec, video.parts);
    expect(await uploadsOf(t.reelay, rec.id)).toEqual([rec.uploadId]);

    const del = await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: rec.uploadToken });
    expect(del.status).toBe(204);
    expect(await uploadsOf(t.reelay, rec.id)).toEqual([]);
    expect(await objectKeys(t.reelay, rec.id)).toEqual([]);

    // The recording is gone for every route.
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}/parts`, { token: rec.uploadToken })).status).toBe(404);
    expect((await api(t.reelay, 'GET', `/v/${rec.id}`)).status).toBe(404);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: rec.uploadToken })).status).toBe(404);
  });

  it('deletes a finished recording: video, metadata and anything else under its prefix', async () => {
    const video = makeVideo(3000);
    const rec = await createRecording(t.reelay);
    expect((await uploadAndComplete(t.reelay, rec, video.parts)).status).toBe(200);
    expect((await objectKeys(t.reelay, rec.id)).length).toBe(2);

    // Once complete, its upload token no longer deletes it; a person does (the API token is the admin's).
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: rec.uploadToken })).status).toBe(403);
    const del = await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken });
    expect(del.status).toBe(204);
    expect(await objectKeys(t.reelay, rec.id)).toEqual([]);
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}`)).status).toBe(404);
    expect((await api(t.reelay, 'GET', `/v/${rec.id}/video`)).status).toBe(404);
  });

  it('a part URL presigned before the abort no longer uploads anything', async () => {
    const rec = await createRecording(t.reelay);
    const { urls } = await presign(t.reelay, rec, [1]);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: rec.uploadToken })).status).toBe(204);
    const late = await fetch(urls['1']!, { method: 'PUT', body: new Uint8Array(10) });
    expect(late.status).toBe(404);
    expect(await objectKeys(t.reelay, rec.id)).toEqual([]);
  });
});

describe('share page and video', () => {
  it('renders the escaped title, OpenGraph tags and the video src; the video redirect serves Range as 206', async () => {
    const title = `<script>alert("x")</script> & 'quotes'`;
    const video = makeVideo(4096);
    const rec = await createRecording(t.reelay, { title, mimeType: 'video/webm' });
    await uploadAndComplete(t.reelay, rec, video.parts, { durationMs: 125_000 });

    const res = await fetch(`${t.reelay.localUrl}/v/${rec.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await res.text();
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;';
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(`<h1>${escaped}</h1>`);
    expect(html).toContain(`<meta property="og:title" content="${escaped}">`);
    expect(html).toContain('<meta property="og:type" content="video.other">');
    expect(html).toContain(`<meta property="og:video" content="${t.reelay.url}/v/${rec.id}/video">`);
    expect(html).toContain(`<meta property="og:url" content="${t.reelay.url}/v/${rec.id}">`);
    expect(html).toContain('<meta name="twitter:card"');
    expect(html).toMatch(new RegExp(`<video[^>]* src="${t.reelay.url}/v/${rec.id}/video"`));
    expect(html).toContain('2:05'); // duration
    expect(html).toContain(`href="${t.reelay.url}/v/${rec.id}/download"`);

    const ranged = await followVideo(rec.id, { range: 'bytes=100-199' });
    expect(ranged.status).toBe(206);
    const slice = Buffer.from(await ranged.arrayBuffer());
    expect(slice.equals(Buffer.from(video.bytes.subarray(100, 200)))).toBe(true);

    // The download link is a presigned GET that asks for an attachment.
    const dl = await fetch(`${t.reelay.localUrl}/v/${rec.id}/download`, { redirect: 'manual' });
    expect(dl.status).toBe(302);
    const file = await fetch(dl.headers.get('location')!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.webm"/);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(video.bytes))).toBe(true);
  });

  it('says "still uploading" for a pending recording and "not found" for unknown ids', async () => {
    const rec = await createRecording(t.reelay);
    const pending = await fetch(`${t.reelay.localUrl}/v/${rec.id}`);
    expect(pending.status).toBe(200);
    expect(await pending.text()).toContain('Still uploading');
    expect((await fetch(`${t.reelay.localUrl}/v/${rec.id}/video`, { redirect: 'manual' })).status).toBe(404);
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}`)).status).toBe(404);

    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', 'nope', '..%2F..%2Fetc']) {
      const res = await fetch(`${t.reelay.localUrl}/v/${id}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Recording not found');
    }
  });
});

describe('tokens', () => {
  it("rejects recording A's upload token on recording B, and accepts it on A", async () => {
    const a = await createRecording(t.reelay);
    const b = await createRecording(t.reelay);
    for (const [method, path, body] of [
      ['POST', `/api/recordings/${b.id}/parts`, { partNumbers: [1] }],
      ['GET', `/api/recordings/${b.id}/parts`, undefined],
      ['POST', `/api/recordings/${b.id}/complete`, { parts: [{ partNumber: 1, etag: '"x"' }], durationMs: 1 }],
    ] as const) {
      const res = await api(t.reelay, method, path, { token: a.uploadToken, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
    }
    // DELETE also takes a person's credentials (accounts): another recording's upload token is none of them.
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${b.id}`, { token: a.uploadToken })).status).toBe(401);
    expect(await uploadsOf(t.reelay, b.id)).toEqual([b.uploadId]);
    const own = await api(t.reelay, 'POST', `/api/recordings/${a.id}/parts`, {
      token: a.uploadToken,
      body: { partNumbers: [1] },
    });
    expect(own.status).toBe(200);
    // The API token is not an upload token, and an upload token is not the API token.
    expect((await api(t.reelay, 'GET', `/api/recordings/${a.id}/parts`, { token: t.reelay.apiToken })).status).toBe(403);
    expect((await api(t.reelay, 'GET', '/api/session', { token: a.uploadToken })).status).toBe(401);
  });

  it('GET /api/session answers with the API token', async () => {
    const res = await api(t.reelay, 'GET', '/api/session', { token: t.reelay.apiToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, partSize: PART_SIZE, user: { role: 'admin' } });
  });

  it('/healthz reports the store reachable', async () => {
    const res = await api(t.reelay, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true });
  });
});

describe('complete against the store', () => {
  it('rejects missing and mismatched parts with a clear 4xx and leaves the upload completable', async () => {
    const video = makeVideo(PART_SIZE + 500);
    const rec = await createRecording(t.reelay);
    const parts = await uploadParts(t.reelay, rec, video.parts);

    const missing = await complete(t.reelay, rec, [...parts, { partNumber: 3, etag: parts[0]!.etag }]);
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('invalid_part');
    expect(missing.json.error.message).toMatch(/Part 3 was not uploaded/);

    const mismatched = await complete(t.reelay, rec, [parts[0]!, { partNumber: 2, etag: '"0123456789abcdef0123456789abcdef"' }]);
    expect(mismatched.status).toBe(400);
    expect(mismatched.json.error.code).toBe('invalid_part');

    // A short part in the middle (R2 wants equal parts; S3 says EntityTooSmall).
    const rec2 = await createRecording(t.reelay);
    const short = await uploadParts(t.reelay, rec2, new Map([[1, new Uint8Array(10)], [2, new Uint8Array(10)]]));
    const tooSmall = await complete(t.reelay, rec2, short);
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.json.error.code).toBe('part_too_small');

    // Nothing broke: the first recording still completes.
    expect((await complete(t.reelay, rec, parts)).status).toBe(200);
  });

  it('presigning for a completed recording is a 409', async () => {
    const rec = await createRecording(t.reelay);
    await uploadAndComplete(t.reelay, rec, makeVideo(10).parts);
    const late = await api(t.reelay, 'POST', `/api/recordings/${rec.id}/parts`, {
      token: rec.uploadToken,
      body: { partNumbers: [2] },
    });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('already_completed');
  });
});

describe('CORS for extension origins', () => {
  it('answers the preflight for the Reelay extension (its pinned id) and not for others', async () => {
    const origin = REELAY_EXTENSION_ORIGIN;
    const pre = await fetch(`${t.reelay.localUrl}/api/recordings`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(pre.status).toBeLessThan(300);
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/content-type/);

    // Error answers carry the CORS header too, or the extension could not read them.
    const denied = await fetch(`${t.reelay.localUrl}/api/session`, { headers: { origin } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(origin);

    const other = await fetch(`${t.reelay.localUrl}/api/session`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // Any other extension is just another origin (the default was chrome-extension://*).
    const otherExtension = await fetch(`${t.reelay.localUrl}/api/session`, {
      headers: { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' },
    });
    expect(otherExtension.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the store answers the preflight of a presigned PUT from the extension origin and exposes ETag', async () => {
    const origin = REELAY_EXTENSION_ORIGIN;
    const rec = await createRecording(t.reelay);
    const { urls } = await presign(t.reelay, rec, [1]);
    const pre = await fetch(urls['1']!, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PUT' },
    });
    expect(pre.status).toBe(200);
    // Either the origin itself or "*" lets a non-credentialed request through.
    expect([origin, '*']).toContain(pre.headers.get('access-control-allow-origin'));
    const put = await fetch(urls['1']!, { method: 'PUT', body: new Uint8Array(5), headers: { origin } });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-expose-headers')).toMatch(/ETag/i);
    await putPart(urls['1']!, new Uint8Array(5));
  });
});
