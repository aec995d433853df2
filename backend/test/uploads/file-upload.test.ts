/**
 * "Upload a video" on the server, over real HTTP against the embedded store with real presigned
 * URLs: a signed-in person creates a *file* recording (POST /api/recordings with `file`), PUTs
 * 5 MiB parts, completes; the server checks the stored bytes (ranged GET + file-type), the size
 * limit (UPLOAD_MAX_BYTES) and the part sizes, sets the object's Content-Type, and only the
 * owner (or an admin) may manage it.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE, createRecordingResponseSchema, libraryResponseSchema, type CompletedPart, type CreateRecordingResponse } from '../../../api';
import { api, objectKeys, putPart, uploadParts, uploadsOf, startTestServer, type TestServer } from '../helpers';
import { makeVideoFile } from './video-files';

const MAX = 12 * 1024 * 1024;
let t: TestServer;
let mp4: Uint8Array<ArrayBuffer>;
let mov: Uint8Array<ArrayBuffer>;
let webm: Uint8Array<ArrayBuffer>;
let member: { token: string; id: string };
let other: { token: string; id: string };

/** The file cut into 5 MiB parts (the last shorter), as the browser's part plan does. */
function partsOf(bytes: Uint8Array<ArrayBuffer>): Map<number, Uint8Array<ArrayBuffer>> {
  const parts = new Map<number, Uint8Array<ArrayBuffer>>();
  for (let offset = 0, n = 1; offset < bytes.byteLength; offset += PART_SIZE, n++) {
    parts.set(n, bytes.subarray(offset, Math.min(offset + PART_SIZE, bytes.byteLength)));
  }
  return parts;
}

async function addPerson(email: string, role: 'member' | 'admin'): Promise<{ token: string; id: string }> {
  const password = 'a-good-password-1';
  const user = await api(t.reelay, 'POST', '/api/users', { token: t.reelay.apiToken, body: { email, name: email.split('@')[0], role, password } });
  expect(user.status).toBe(201);
  const signIn = await fetch(`${t.reelay.localUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.reelay.url },
    body: JSON.stringify({ email, password }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = await api(t.reelay, 'POST', '/api/tokens', { headers: { cookie, origin: t.reelay.url }, body: { name: 'uploads' } });
  expect(token.status).toBe(201);
  return { token: token.json.token, id: user.json.id };
}

async function createFile(token: string, file: { name: string; size: number }, mimeType: string) {
  return api(t.reelay, 'POST', '/api/recordings', { token, body: { mimeType, file } });
}

async function createFileOk(token: string, name: string, bytes: Uint8Array, mimeType: string): Promise<CreateRecordingResponse> {
  const res = await createFile(token, { name, size: bytes.byteLength }, mimeType);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return createRecordingResponseSchema.parse(res.json);
}

const completeFile = (rec: CreateRecordingResponse, parts: CompletedPart[], extra: Record<string, unknown> = {}) =>
  api(t.reelay, 'POST', `/api/recordings/${rec.id}/complete`, { token: rec.uploadToken, body: { parts, durationMs: 5000, width: 1280, height: 720, ...extra } });

async function contentTypeOf(id: string): Promise<string | undefined> {
  const head = await t.reelay.s3.api.send(new HeadObjectCommand({ Bucket: t.reelay.config.s3.bucket, Key: `recordings/${id}/video` }));
  return head.ContentType;
}

beforeAll(async () => {
  [t, mp4, mov, webm] = await Promise.all([
    startTestServer({ UPLOAD_MAX_BYTES: '12MiB' }),
    makeVideoFile({ seconds: 5, mbps: 20, container: 'mp4' }),
    makeVideoFile({ seconds: 1, mbps: 4, container: 'mov' }),
    makeVideoFile({ seconds: 1, mbps: 1, container: 'webm' }),
  ]);
  member = await addPerson('mia@example.com', 'member');
  other = await addPerson('otto@example.com', 'member');
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

describe('uploading a video file', () => {
  it('an MP4 of 3 parts: create (Content-Type video/mp4 at CreateMultipartUpload) → presign → PUT → GET parts → complete; it plays back byte-identical, titled after the file, in the library with its duration', async () => {
    const parts = partsOf(mp4);
    expect(parts.size).toBe(3);
    const rec = await createFileOk(member.token, 'Team demo.final.mp4', mp4, 'video/mp4');
    expect(rec.partSize).toBe(PART_SIZE);

    const done = await uploadParts(t.reelay, rec, parts);
    const listed = await api(t.reelay, 'GET', `/api/recordings/${rec.id}/parts`, { token: rec.uploadToken });
    expect(listed.json.parts.map((p: { size: number }) => p.size)).toEqual([PART_SIZE, PART_SIZE, mp4.byteLength - 2 * PART_SIZE]);
    const completed = await completeFile(rec, done, { durationMs: 5000 });
    expect(completed.status, JSON.stringify(completed.json)).toBe(200);
    expect(completed.json).toEqual({ shareUrl: rec.shareUrl });

    expect(await contentTypeOf(rec.id)).toBe('video/mp4');
    const meta = await api(t.reelay, 'GET', `/api/recordings/${rec.id}`);
    expect(meta.json).toMatchObject({ title: 'Team demo.final', mimeType: 'video/mp4', size: mp4.byteLength, durationMs: 5000 });

    const redirect = await fetch(`${t.reelay.localUrl}/v/${rec.id}/video`, { redirect: 'manual' });
    const video = await fetch(redirect.headers.get('location')!);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.compare(Buffer.from(await video.arrayBuffer()), Buffer.from(mp4))).toBe(0);

    const download = await fetch(`${t.reelay.localUrl}/v/${rec.id}/download`, { redirect: 'manual' });
    expect(decodeURIComponent(download.headers.get('location')!)).toContain('filename="Team demo.final.mp4"');

    const library = libraryResponseSchema.parse((await api(t.reelay, 'GET', '/api/recordings?scope=mine', { token: member.token })).json);
    expect(library.recordings.find((r) => r.id === rec.id)).toMatchObject({ title: 'Team demo.final', durationMs: 5000, size: mp4.byteLength, owner: { id: member.id } });
  });

  it('a MOV is stored as video/quicktime and downloads as .mov; a WebM as video/webm', async () => {
    for (const [name, bytes, type] of [['clip.mov', mov, 'video/quicktime'], ['clip.webm', webm, 'video/webm']] as const) {
      const rec = await createFileOk(member.token, name, bytes, type);
      const completed = await completeFile(rec, await uploadParts(t.reelay, rec, partsOf(bytes)));
      expect(completed.status, JSON.stringify(completed.json)).toBe(200);
      expect(await contentTypeOf(rec.id)).toBe(type);
      const download = await fetch(`${t.reelay.localUrl}/v/${rec.id}/download`, { redirect: 'manual' });
      expect(decodeURIComponent(download.headers.get('location')!)).toContain(`filename="clip.${name.split('.')[1]}"`);
    }
  });

  it('a file whose bytes are not a video is refused at complete (415 unsupported_media_type) and nothing of it remains: no object, no upload, no library row', async () => {
    const text = new Uint8Array(Buffer.from('This is a plain text file, not a video at all.\n'.repeat(100)));
    const rec = await createFileOk(member.token, 'notes.mp4', text, 'video/mp4');
    const completed = await completeFile(rec, await uploadParts(t.reelay, rec, partsOf(text)));
    expect(completed.status).toBe(415);
    expect(completed.json.error.code).toBe('unsupported_media_type');
    expect(completed.json.error.message).toMatch(/"notes\.mp4" is not a video.*MP4, WebM or MOV/);
    expect(await objectKeys(t.reelay, rec.id)).toEqual([]);
    expect(await uploadsOf(t.reelay, rec.id)).toEqual([]);
    expect((await fetch(`${t.reelay.localUrl}/v/${rec.id}`)).status).toBe(404);
    const again = await completeFile(rec, []);
    expect(again.status).toBe(400); // parts must not be empty: still a 4xx, never a 500
    const library = libraryResponseSchema.parse((await api(t.reelay, 'GET', '/api/recordings?scope=team', { token: member.token })).json);
    expect(library.recordings.map((r) => r.id)).not.toContain(rec.id);
    // The owner cannot find it to delete: the catalogue row went with it.
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: member.token })).status).toBe(404);
  });

  it('a video of another type than declared (WebM bytes declared as MP4) is refused and deleted too', async () => {
    const rec = await createFileOk(member.token, 'clip.mp4', webm, 'video/mp4');
    const completed = await completeFile(rec, await uploadParts(t.reelay, rec, partsOf(webm)));
    expect(completed.status).toBe(415);
    expect(completed.json.error.message).toContain('video/webm');
    expect(await objectKeys(t.reelay, rec.id)).toEqual([]);
  });

  it('a file larger than UPLOAD_MAX_BYTES gets 413 at create, in plain words; one at the limit is accepted', async () => {
    const tooBig = await createFile(member.token, { name: 'huge.mp4', size: MAX + 1 }, 'video/mp4');
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error).toEqual({ code: 'payload_too_large', message: 'This file is 12.0 MiB; this server takes video files of at most 12 MiB.' });
    const atLimit = await createFile(member.token, { name: 'ok.mp4', size: MAX }, 'video/mp4');
    expect(atLimit.status).toBe(201);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${atLimit.json.id}`, { token: member.token })).status).toBe(204);
  });

  it('bad file requests are 400s naming the field: a type other than MP4/WebM/MOV, no size, QuickTime without a file', async () => {
    const mkv = await createFile(member.token, { name: 'a.mkv', size: 10 }, 'video/x-matroska');
    expect(mkv.status).toBe(400);
    expect(mkv.json.error.message).toBe("mimeType: a file's mimeType must be one of video/mp4, video/webm, video/quicktime");
    const noSize = await api(t.reelay, 'POST', '/api/recordings', { token: member.token, body: { mimeType: 'video/mp4', file: { name: 'a.mp4' } } });
    expect(noSize.status).toBe(400);
    expect(noSize.json.error.message).toMatch(/^file\.size: /);
    const qt = await api(t.reelay, 'POST', '/api/recordings', { token: member.token, body: { mimeType: 'video/quicktime' } });
    expect(qt.status).toBe(400);
    expect(qt.json.error.code).toBe('invalid_request');
  });

  it('parts must be exactly 5 MiB but the last, and hold exactly the declared size; a file has no head', async () => {
    const rec = await createFileOk(member.token, 'parts.mp4', mp4, 'video/mp4');
    const { urls } = (await api(t.reelay, 'POST', `/api/recordings/${rec.id}/parts`, { token: rec.uploadToken, body: { partNumbers: [1, 2] } })).json;
    // Part 1 one MiB short: refused by name.
    const short = [
      { partNumber: 1, etag: await putPart(urls['1'], mp4.slice(0, PART_SIZE - 1024 * 1024)) },
      { partNumber: 2, etag: await putPart(urls['2'], mp4.slice(PART_SIZE, 2 * PART_SIZE)) },
    ];
    const tooSmall = await completeFile(rec, short);
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.json.error.code).toBe('part_too_small');

    // Right part sizes, but the parts stop before the end of the file.
    const full = await uploadParts(t.reelay, rec, new Map([[1, mp4.slice(0, PART_SIZE)], [2, mp4.slice(PART_SIZE, 2 * PART_SIZE)]]));
    const truncated = await completeFile(rec, full);
    expect(truncated.status).toBe(400);
    expect(truncated.json.error.message).toBe(`parts: the parts hold ${2 * PART_SIZE} bytes; the file has ${mp4.byteLength} bytes`);

    const withHead = await completeFile(rec, full, { head: { patches: [] } });
    expect(withHead.status).toBe(400);
    expect(withHead.json.error.message).toMatch(/^head: a video file has no head/);
    // Still resumable: nothing was completed.
    expect(await uploadsOf(t.reelay, rec.id)).toHaveLength(1);
  });

  it('only its owner or an admin drives it: no credentials 401; another member 403 on its parts and on delete; the admin deletes it (aborted, nothing left)', async () => {
    const anonymous = await api(t.reelay, 'POST', '/api/recordings', { body: { mimeType: 'video/mp4', file: { name: 'a.mp4', size: mp4.byteLength } } });
    expect(anonymous.status).toBe(401);

    const rec = await createFileOk(member.token, 'mine.mp4', mp4, 'video/mp4');
    await uploadParts(t.reelay, rec, new Map([[1, mp4.slice(0, PART_SIZE)]]));
    for (const [method, path, body] of [
      ['POST', 'parts', { partNumbers: [2] }],
      ['GET', 'parts', undefined],
      ['POST', 'complete', { parts: [{ partNumber: 1, etag: 'x' }], durationMs: 1 }],
    ] as const) {
      const res = await api(t.reelay, method, `/api/recordings/${rec.id}/${path}`, { token: other.token, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: other.token })).status).toBe(403);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken })).status).toBe(204);
    expect(await uploadsOf(t.reelay, rec.id)).toEqual([]);
    expect(await objectKeys(t.reelay, rec.id)).toEqual([]);
  });
});
