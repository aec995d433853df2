/**
 * POST complete with `tail` (issue 11): sent while the last part is still uploading, it waits until
 * the store lists that part, then completes with the ETag the store gives. Real HTTP against the
 * embedded store with real presigned URLs.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_SIZE, type CreateRecordingResponse, type HeadUploadResponse } from '../../api';
import { abortUploadOutOfBand, api, complete, createRecording, makeVideo, objectKeys, presign, putPart, startTestServer, uploadParts, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function storedVideo(id: string): Promise<Uint8Array> {
  const redirect = await fetch(`${t.reelay.localUrl}/v/${id}/video`, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  return new Uint8Array(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
}

/** Whether `promise` is still pending after `ms`. */
async function pendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const marker = Symbol('pending');
  return (await Promise.race([promise, sleep(ms).then(() => marker)])) === marker;
}

/** A recording of `total` bytes with every part but the last uploaded; the last one's URL signed. */
async function allButTheTail(total: number, rec?: CreateRecordingResponse) {
  rec ??= await createRecording(t.reelay);
  const video = makeVideo(total);
  const last = video.parts.size;
  const before = new Map([...video.parts].filter(([n]) => n !== last));
  const parts = before.size > 0 ? await uploadParts(t.reelay, rec, before) : [];
  const { urls } = await presign(t.reelay, rec, [last]);
  const tailBytes = video.parts.get(last)!;
  return { rec, video, parts, tail: { partNumber: last, size: tailBytes.byteLength }, putTail: () => putPart(urls[String(last)]!, tailBytes) };
}

describe('POST /api/recordings/:id/complete with `tail`', () => {
  it('waits for the last part, then completes with it: the stored video is the recording, byte for byte', async () => {
    const { rec, video, parts, tail, putTail } = await allButTheTail(2 * PART_SIZE + 54_321);
    const answer = complete(t.reelay, rec, parts, { durationMs: 9_000, tail });
    expect(await pendingAfter(answer, 300)).toBe(true); // the tail is not there yet
    await putTail();
    const done = await answer;
    expect(done.status).toBe(200);
    expect(done.json).toEqual({ shareUrl: expect.stringContaining(`/v/${rec.id}`) });
    expect(done.headers.get('server-timing')).toMatch(/tail;dur=[\d.]+;desc="\d+ ListParts"/);
    expect(sha256(await storedVideo(rec.id))).toBe(sha256(video.bytes));
    // A retry (its answer lost) gets the same link.
    const again = await complete(t.reelay, rec, parts, { durationMs: 9_000, tail });
    expect(again.status).toBe(200);
    expect(again.json.shareUrl).toBe(done.json.shareUrl);
  });

  it('a rename while complete waits for the tail is kept: the finished recording has the new title', async () => {
    const { rec, parts, tail, putTail } = await allButTheTail(PART_SIZE + 77_777);
    const answer = complete(t.reelay, rec, parts, { durationMs: 2_000, tail });
    await sleep(100);
    const renamed = await api(t.reelay, 'PATCH', `/api/recordings/${rec.id}`, { token: rec.uploadToken, body: { title: 'Renamed while uploading' } });
    expect(renamed.status).toBe(200);
    await putTail();
    expect((await answer).status).toBe(200);
    const meta = await api(t.reelay, 'GET', `/api/recordings/${rec.id}`, { token: t.reelay.apiToken });
    expect(meta.json.title).toBe('Renamed while uploading');
  });

  it('a tail already in the store is taken at once', async () => {
    const { rec, video, parts, tail, putTail } = await allButTheTail(PART_SIZE + 10);
    await putTail();
    const done = await complete(t.reelay, rec, parts, { durationMs: 1_000, tail });
    expect(done.status).toBe(200);
    expect(done.headers.get('server-timing')).toMatch(/tail;dur=[\d.]+;desc="1 ListParts"/);
    expect(sha256(await storedVideo(rec.id))).toBe(sha256(video.bytes));
  });

  it('a single-part recording: no parts listed, only the tail', async () => {
    const { rec, video, parts, tail, putTail } = await allButTheTail(300_000);
    expect(parts).toEqual([]);
    const answer = complete(t.reelay, rec, [], { durationMs: 1_000, tail });
    await sleep(50);
    await putTail();
    expect((await answer).status).toBe(200);
    expect(sha256(await storedVideo(rec.id))).toBe(sha256(video.bytes));
  });

  it('with `head`: part 1 is made from the head while the tail uploads', async () => {
    const rec = await createRecording(t.reelay);
    const video = makeVideo(2 * PART_SIZE + 999);
    const signed = (await api(t.reelay, 'POST', `/api/recordings/${rec.id}/head`, { token: rec.uploadToken })).json as HeadUploadResponse;
    await putPart(signed.url, video.parts.get(1)!);
    const parts = await uploadParts(t.reelay, rec, new Map([[2, video.parts.get(2)!]]));
    const { urls } = await presign(t.reelay, rec, [3]);
    const patch = new Uint8Array([1, 2, 3, 4]);
    const head = { patches: [{ offset: 100, data: Buffer.from(patch).toString('base64') }] };
    const answer = complete(t.reelay, rec, parts, { durationMs: 5_000, head, tail: { partNumber: 3, size: 999 } });
    await sleep(100);
    await putPart(urls['3']!, video.parts.get(3)!);
    const done = await answer;
    expect(done.status).toBe(200);
    expect(done.headers.get('server-timing')).toMatch(/part1;dur=.*tail;dur=|tail;dur=.*part1;dur=/);
    const expected = new Uint8Array(video.bytes);
    expected.set(patch, 100);
    expect(sha256(await storedVideo(rec.id))).toBe(sha256(expected));
    expect(await objectKeys(t.reelay, rec.id)).toEqual([`recordings/${rec.id}/meta.json`, `recordings/${rec.id}/video`]);
  });

  it('400 invalid_part_size when the store holds the last part with another size; nothing is completed', async () => {
    const { rec, parts, tail, putTail } = await allButTheTail(PART_SIZE + 5_000);
    await putTail();
    const wrong = await complete(t.reelay, rec, parts, { durationMs: 1_000, tail: { ...tail, size: tail.size + 1 } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe('invalid_part_size');
    // The upload is still there: the right complete succeeds.
    expect((await complete(t.reelay, rec, parts, { durationMs: 1_000, tail })).status).toBe(200);
  });

  it('404 upload_gone when the upload is aborted while complete waits', async () => {
    const { rec, parts, tail } = await allButTheTail(PART_SIZE + 5_000);
    const answer = complete(t.reelay, rec, parts, { durationMs: 1_000, tail });
    await sleep(100);
    await abortUploadOutOfBand(t.reelay, rec);
    const gone = await answer;
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe('upload_gone');
  });

  it('refuses a tail that is not after every listed part, or larger than a part (400 invalid_request)', async () => {
    const { rec, parts, tail } = await allButTheTail(2 * PART_SIZE + 10);
    for (const bad of [{ ...tail, partNumber: 2 }, { ...tail, partNumber: 1 }, { ...tail, size: PART_SIZE + 1 }, { ...tail, size: 0 }]) {
      const res = await complete(t.reelay, rec, parts, { durationMs: 1_000, tail: bad });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
    }
    const empty = await complete(t.reelay, rec, [], { durationMs: 1_000 });
    expect(empty.status).toBe(400);
  });
});
