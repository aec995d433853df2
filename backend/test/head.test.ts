/**
 * Part 1 uploaded early as the head object (issue 11), over real HTTP against the embedded store
 * with real presigned URLs: POST /api/recordings/:id/head signs a PutObject of exactly PART_SIZE
 * bytes; complete with `head.patches` makes part 1 from it on the server. The stored video is
 * byte for byte the patched head followed by the client's parts.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE, type CompletedPart, type CreateRecordingResponse, type HeadUploadResponse } from '../../api';
import type { ReelayServer } from '../src/server';
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
  uploadsOf,
  type TestServer,
} from './helpers';

const MAX_AGE_MS = 2_000;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SWEEP_MAX_AGE_SECONDS: String(MAX_AGE_MS / 1000) });
});
afterAll(async () => {
  await t?.stop();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const keysOf = (id: string, ...names: string[]) => names.map((n) => `recordings/${id}/${n}`);

const signHead = (r: ReelayServer, rec: CreateRecordingResponse) =>
  api(r, 'POST', `/api/recordings/${rec.id}/head`, { token: rec.uploadToken });

/** Signs the head URL and PUTs `bytes` there; returns the PUT's status. */
async function putHead(r: ReelayServer, rec: CreateRecordingResponse, bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const res = await signHead(r, rec);
  expect(res.status).toBe(200);
  const { url, headers } = res.json as HeadUploadResponse;
  const put = await fetch(url, { method: 'PUT', headers, body: bytes });
  await put.arrayBuffer();
  return put.status;
}

/** A recording of `total` random bytes whose part 1 went up as the head and parts 2..N as parts. */
async function headRecording(total = 2 * PART_SIZE + 12_345) {
  const rec = await createRecording(t.reelay);
  const video = makeVideo(total);
  expect(await putHead(t.reelay, rec, video.parts.get(1)!)).toBe(200);
  const rest = new Map([...video.parts].filter(([n]) => n !== 1));
  const parts = await uploadParts(t.reelay, rec, rest);
  return { rec, video, parts };
}

const completeWithHead = (rec: CreateRecordingResponse, parts: CompletedPart[], patches: { offset: number; data: string }[]) =>
  complete(t.reelay, rec, parts, { durationMs: 4_321, head: { patches } });

async function storedVideo(id: string): Promise<Uint8Array> {
  const redirect = await fetch(`${t.reelay.localUrl}/v/${id}/video`, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  return new Uint8Array(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
}

describe('POST /api/recordings/:id/head', () => {
  it('signs a short-lived PutObject of recordings/<id>/head whose Content-Length is PART_SIZE', async () => {
    const rec = await createRecording(t.reelay);
    const res = await signHead(t.reelay, rec);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = res.json as HeadUploadResponse;
    const url = new URL(body.url);
    expect(url.origin).toBe(t.reelay.config.s3.publicEndpoint);
    expect(url.pathname).toBe(`/${t.reelay.config.s3.bucket}/recordings/${rec.id}/head`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());

    // The store enforces the signed length: a shorter body is refused, PART_SIZE bytes are taken.
    const short = await fetch(body.url, { method: 'PUT', headers: body.headers, body: new Uint8Array(1000) });
    await short.arrayBuffer();
    expect(short.status).toBe(403);
    expect(await objectKeys(t.reelay, rec.id)).toEqual(keysOf(rec.id, 'upload.json'));
    const full = await fetch(body.url, { method: 'PUT', headers: body.headers, body: new Uint8Array(PART_SIZE) });
    await full.arrayBuffer();
    expect(full.status).toBe(200);
    expect(await objectKeys(t.reelay, rec.id)).toEqual(keysOf(rec.id, 'head', 'upload.json'));
  });

  it('is refused without the upload token, for an unknown, finished or aborted upload', async () => {
    const rec = await createRecording(t.reelay);
    expect((await api(t.reelay, 'POST', `/api/recordings/${rec.id}/head`)).status).toBe(401);
    const unknown = { ...rec, id: 'A'.repeat(22) };
    expect((await signHead(t.reelay, unknown)).status).toBeGreaterThanOrEqual(400);

    const finished = await createFinishedRecording(t.reelay);
    const done = await signHead(t.reelay, finished);
    expect(done.status).toBe(409);
    expect(done.json.error.code).toBe('already_completed');

    await abortUploadOutOfBand(t.reelay, rec);
    const aborted = await signHead(t.reelay, rec);
    expect(aborted.status).toBe(404);
    expect(aborted.json.error.code).toBe('upload_gone');

    const deleted = await createRecording(t.reelay);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${deleted.id}`, { token: deleted.uploadToken })).status).toBe(204);
    expect((await signHead(t.reelay, deleted)).json.error.code).toBe('not_found');
  });
});

describe('complete with a head', () => {
  it('stores the patched head followed by parts 2..N, byte for byte, and deletes the head; a repeated complete answers the same', async () => {
    const { rec, video, parts } = await headRecording();
    const patchA = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0, 1, 2]);
    const patchB = new Uint8Array(300).fill(0xec);
    const res = await completeWithHead(rec, parts, [
      { offset: 40, data: b64(patchA) },
      { offset: PART_SIZE - patchB.byteLength, data: b64(patchB) },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.shareUrl).toBe(rec.shareUrl);

    const expected = new Uint8Array(video.bytes);
    expected.set(patchA, 40);
    expected.set(patchB, PART_SIZE - patchB.byteLength);
    const stored = await storedVideo(rec.id);
    expect(stored.byteLength).toBe(video.bytes.byteLength);
    expect(sha256(stored)).toBe(sha256(expected));
    expect(sha256(stored)).not.toBe(sha256(video.bytes));
    expect(await objectKeys(t.reelay, rec.id)).toEqual(keysOf(rec.id, 'meta.json', 'video'));
    expect((await api(t.reelay, 'GET', `/api/recordings/${rec.id}`)).json).toMatchObject({ size: expected.byteLength, durationMs: 4_321 });

    const again = await completeWithHead(rec, parts, [{ offset: 40, data: b64(patchA) }]);
    expect(again.status).toBe(200);
    expect(again.json.shareUrl).toBe(rec.shareUrl);
    expect(sha256(await storedVideo(rec.id))).toBe(sha256(expected));
  });

  it('takes a head with no patches and a single part 2 (the tail)', async () => {
    const { rec, video, parts } = await headRecording(PART_SIZE + 999);
    expect(parts.map((p) => p.partNumber)).toEqual([2]);
    expect((await completeWithHead(rec, parts, [])).status).toBe(200);
    expect(sha256(await storedVideo(rec.id))).toBe(sha256(video.bytes));
  });

  it('streams part 1 with patches at offset 0 and across read-chunk boundaries, byte for byte', async () => {
    const { rec, video, parts } = await headRecording(PART_SIZE + 4_321);
    // The head is patched as its GET body passes (16 KiB and 64 KiB are the usual chunk sizes).
    const patches = [0, 16_384 - 3, 65_536 - 5, 3 * 65_536 - 1].map((offset, i) => ({ offset, bytes: new Uint8Array(7 + i * 3).fill(0xa0 + i) }));
    const res = await completeWithHead(rec, parts, patches.map(({ offset, bytes }) => ({ offset, data: b64(bytes) })));
    expect(res.status).toBe(200);
    const expected = new Uint8Array(video.bytes);
    for (const { offset, bytes } of patches) expected.set(bytes, offset);
    const stored = await storedVideo(rec.id);
    expect(stored.byteLength).toBe(expected.byteLength);
    expect(Buffer.from(stored).equals(Buffer.from(expected))).toBe(true);
  });

  it('refuses patches outside the head, part 1 in the list, and a missing head with 400s; the upload stays completable', async () => {
    const { rec, video, parts } = await headRecording();
    const cases: [unknown, string][] = [
      [[{ offset: PART_SIZE - 2, data: b64(new Uint8Array(3)) }], 'invalid_head_patch'],
      [[{ offset: PART_SIZE, data: b64(new Uint8Array(1)) }], 'invalid_request'],
      [[{ offset: -1, data: 'AA==' }], 'invalid_request'],
      [[{ offset: 0, data: 'not base64!' }], 'invalid_request'],
    ];
    for (const [patches, code] of cases) {
      const res = await complete(t.reelay, rec, parts, { durationMs: 1, head: { patches } });
      expect(res.status, JSON.stringify(patches)).toBe(400);
      expect(res.json.error.code).toBe(code);
    }
    const withPart1 = await completeWithHead(rec, [{ partNumber: 1, etag: parts[0]!.etag }, ...parts], []);
    expect(withPart1.status).toBe(400);
    expect(withPart1.json.error.code).toBe('invalid_request');

    const noHead = await createRecording(t.reelay);
    const tail = await uploadParts(t.reelay, noHead, new Map([[2, new Uint8Array(10)]]));
    const missing = await completeWithHead(noHead, tail, []);
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('head_missing');

    expect((await completeWithHead(rec, parts, [])).status).toBe(200);
    expect(sha256(await storedVideo(rec.id))).toBe(sha256(video.bytes));
  });

  it('refuses a head of the wrong size with 400 invalid_head_size', async () => {
    const rec = await createRecording(t.reelay);
    // Signed for PART_SIZE, the URL cannot take anything else: put a short head straight into the store.
    await t.reelay.s3.api.send(
      new PutObjectCommand({ Bucket: t.reelay.config.s3.bucket, Key: `recordings/${rec.id}/head`, Body: new Uint8Array(PART_SIZE - 1) }),
    );
    const parts = await uploadParts(t.reelay, rec, new Map([[2, new Uint8Array(10)]]));
    const res = await completeWithHead(rec, parts, []);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_head_size');
    expect(res.json.error.message).toMatch(/exactly 5242880 bytes/);
  });
});

describe('the head belongs to its recording', () => {
  it('DELETE removes it with the upload', async () => {
    const rec = await createRecording(t.reelay);
    expect(await putHead(t.reelay, rec, makeVideo(PART_SIZE).bytes)).toBe(200);
    expect(await objectKeys(t.reelay, rec.id)).toEqual(keysOf(rec.id, 'head', 'upload.json'));
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: rec.uploadToken })).status).toBe(204);
    expect(await objectKeys(t.reelay, rec.id)).toEqual([]);
    expect(await uploadsOf(t.reelay, rec.id)).toEqual([]);
  });

  it('the sweeper removes the head of an upload that is gone, and a finished recording keeps only its video', async () => {
    const gone = await createRecording(t.reelay);
    expect(await putHead(t.reelay, gone, makeVideo(PART_SIZE).bytes)).toBe(200);
    await abortUploadOutOfBand(t.reelay, gone);
    const live = await createRecording(t.reelay);
    expect(await putHead(t.reelay, live, makeVideo(PART_SIZE).bytes)).toBe(200);
    // A finished recording whose complete could not delete its head (put back by hand).
    const { rec: finished, video, parts } = await headRecording(PART_SIZE + 10);
    expect((await completeWithHead(finished, parts, [])).status).toBe(200);
    expect(await putHead(t.reelay, live, makeVideo(PART_SIZE).bytes)).toBe(200);
    await t.reelay.s3.api.send(
      new PutObjectCommand({ Bucket: t.reelay.config.s3.bucket, Key: `recordings/${finished.id}/head`, Body: new Uint8Array(PART_SIZE) }),
    );
    await sleep(MAX_AGE_MS + 500);
    // The live upload shows activity after the max age.
    await uploadParts(t.reelay, live, new Map([[2, new Uint8Array(10)]]));

    await t.reelay.sweeper.sweepOnce();
    expect(await objectKeys(t.reelay, gone.id)).toEqual([]);
    expect(await objectKeys(t.reelay, finished.id)).toEqual(keysOf(finished.id, 'meta.json', 'video'));
    expect(sha256(await storedVideo(finished.id))).toBe(sha256(video.bytes));
    expect(await objectKeys(t.reelay, live.id)).toEqual(keysOf(live.id, 'head', 'upload.json'));
  });
});
