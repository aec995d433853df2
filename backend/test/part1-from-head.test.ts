/**
 * POST /api/recordings/:id/part1 (issue 11): at Stop, while the tail still uploads, the server makes
 * part 1 from the head object with the header patch, so complete only lists it. Real HTTP against
 * the embedded store with real presigned URLs.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE, type CompletedPart, type CreateRecordingResponse, type HeadUploadResponse } from '../../api';
import {
  abortUploadOutOfBand,
  api,
  complete,
  createFinishedRecording,
  createRecording,
  makeVideo,
  objectKeys,
  startTestServer,
  uploadParts,
  type TestServer,
} from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const keysOf = (id: string, ...names: string[]) => names.map((n) => `recordings/${id}/${n}`);

const part1 = (rec: CreateRecordingResponse, patches: { offset: number; data: string }[]) =>
  api(t.reelay, 'POST', `/api/recordings/${rec.id}/part1`, { token: rec.uploadToken, body: { patches } });

/** A recording of `total` random bytes: part 1 PUT as the head, parts 2..N as parts. */
async function headRecording(total = 2 * PART_SIZE + 4_321) {
  const rec = await createRecording(t.reelay);
  const video = makeVideo(total);
  const signed = (await api(t.reelay, 'POST', `/api/recordings/${rec.id}/head`, { token: rec.uploadToken })).json as HeadUploadResponse;
  const put = await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: video.parts.get(1)! });
  await put.arrayBuffer();
  expect(put.status).toBe(200);
  const parts = await uploadParts(t.reelay, rec, new Map([...video.parts].filter(([n]) => n !== 1)));
  return { rec, video, parts };
}

async function storedVideo(id: string): Promise<Uint8Array> {
  const redirect = await fetch(`${t.reelay.localUrl}/v/${id}/video`, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  return new Uint8Array(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
}

describe('POST /api/recordings/:id/part1', () => {
  it('makes part 1 from the patched head and deletes the head; complete listing it stores the patched video; a repeat answers the same ETag', async () => {
    const { rec, video, parts } = await headRecording();
    const patch = new Uint8Array([0x18, 0x53, 0x80, 0x67, 9, 8, 7]);
    const res = await part1(rec, [{ offset: 60, data: b64(patch) }]);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('server-timing')).toMatch(/get;dur=[\d.]+, upload;dur=[\d.]+, delete;dur=[\d.]+/);
    expect(res.json).toEqual({ partNumber: 1, etag: expect.any(String) });
    expect(await objectKeys(t.reelay, rec.id)).toEqual(keysOf(rec.id, 'upload.json'));

    // The head is gone now: a retried part1 (its answer lost) gets the part 1 it became.
    const again = await part1(rec, [{ offset: 60, data: b64(patch) }]);
    expect(again.status).toBe(200);
    expect(again.json.etag).toBe(res.json.etag);

    const done = await complete(t.reelay, rec, [res.json as CompletedPart, ...parts]);
    expect(done.status).toBe(200);
    expect(done.headers.get('server-timing')).toMatch(/complete;dur=/);
    expect(done.headers.get('server-timing')).not.toMatch(/part1;dur=/);
    // The cleanup of upload.json is not on the path to the answer (objectKeys waits for it).
    expect(done.headers.get('server-timing')).not.toMatch(/cleanup;dur=/);
    const expected = new Uint8Array(video.bytes);
    expected.set(patch, 60);
    expect(sha256(await storedVideo(rec.id))).toBe(sha256(expected));
    expect(await objectKeys(t.reelay, rec.id)).toEqual(keysOf(rec.id, 'meta.json', 'video'));
  });

  it('complete with `head` after part1 (its answer lost) takes the part 1 already made', async () => {
    const { rec, video, parts } = await headRecording(PART_SIZE + 777);
    expect((await part1(rec, [])).status).toBe(200);
    const done = await complete(t.reelay, rec, parts, { durationMs: 1_000, head: { patches: [] } });
    expect(done.status).toBe(200);
    expect(sha256(await storedVideo(rec.id))).toBe(sha256(video.bytes));
  });

  it('refuses a missing head (400 head_missing), bad patches (400), a finished (409) or aborted (404 upload_gone) upload, and no token (401)', async () => {
    const noHead = await createRecording(t.reelay);
    const missing = await part1(noHead, []);
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('head_missing');

    const { rec } = await headRecording(PART_SIZE + 10);
    const outside = await part1(rec, [{ offset: PART_SIZE - 1, data: b64(new Uint8Array(2)) }]);
    expect(outside.status).toBe(400);
    expect(outside.json.error.code).toBe('invalid_head_patch');
    expect((await api(t.reelay, 'POST', `/api/recordings/${rec.id}/part1`, { body: { patches: [] } })).status).toBe(401);
    // Nothing happened: the head is still there.
    expect(await objectKeys(t.reelay, rec.id)).toEqual(keysOf(rec.id, 'head', 'upload.json'));

    const finished = await createFinishedRecording(t.reelay);
    const done = await part1(finished, []);
    expect(done.status).toBe(409);
    expect(done.json.error.code).toBe('already_completed');

    await abortUploadOutOfBand(t.reelay, rec);
    const gone = await part1(rec, []);
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe('upload_gone');
  });
});
