/**
 * POST /api/recordings/:id/stopped and GET /v/:id/status over real HTTP against the embedded
 * store: the progress a viewer of a link still uploading sees (bytes the store holds: parts
 * plus the head object; the total once the recorder said it at Stop), ready once complete,
 * 404 JSON for what the share page does not show, 4xx for bad input.
 */
import { CompleteMultipartUploadCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse } from '../../api';
import { PART_SIZE, shareStatusResponseSchema } from '../../api';
import {
  abortUploadOutOfBand,
  api,
  complete,
  createFinishedRecording,
  createRecording,
  makeVideo,
  startTestServer,
  uploadParts,
  type TestServer,
} from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

async function status(id: string) {
  const res = await api(t.reelay, 'GET', `/v/${id}/status`);
  expect(res.headers.get('cache-control')).toBe('no-store');
  if (res.status === 200) expect(shareStatusResponseSchema.safeParse(res.json).success).toBe(true);
  return res;
}

const stopped = (rec: CreateRecordingResponse, body: unknown, token = rec.uploadToken) =>
  api(t.reelay, 'POST', `/api/recordings/${rec.id}/stopped`, { token, body });

/** The head object (part 1 uploaded early), put straight into the store as the extension's PUT would. */
async function putHead(rec: CreateRecordingResponse, bytes: Uint8Array) {
  await t.reelay.s3.api.send(
    new PutObjectCommand({ Bucket: t.reelay.config.s3.bucket, Key: `recordings/${rec.id}/head`, Body: bytes }),
  );
}

async function uploadJson(rec: CreateRecordingResponse): Promise<Record<string, unknown>> {
  const res = await t.reelay.s3.api.send(
    new GetObjectCommand({ Bucket: t.reelay.config.s3.bucket, Key: `recordings/${rec.id}/upload.json` }),
  );
  return JSON.parse(await res.Body!.transformToString()) as Record<string, unknown>;
}

describe('GET /v/:id/status while uploading', () => {
  it('counts the head object and the parts; the total and "stopped" once the recorder reported Stop; then ready', async () => {
    const rec = await createRecording(t.reelay, { title: 'Progress', mimeType: 'video/webm' });
    expect((await status(rec.id)).json).toEqual({ status: 'uploading', bytesStored: 0, stopped: false });

    const video = makeVideo(2 * PART_SIZE + 12_345);
    await putHead(rec, video.parts.get(1)!);
    const part2 = await uploadParts(t.reelay, rec, new Map([[2, video.parts.get(2)!]]));
    expect((await status(rec.id)).json).toEqual({ status: 'uploading', bytesStored: 2 * PART_SIZE, stopped: false });

    const total = video.bytes.byteLength;
    expect((await stopped(rec, { totalBytes: total, durationMs: 61_500 })).status).toBe(204);
    expect(await uploadJson(rec)).toMatchObject({ totalBytes: total, durationMs: 61_500, title: 'Progress' });
    expect((await status(rec.id)).json).toEqual({ status: 'uploading', bytesStored: 2 * PART_SIZE, bytesTotal: total, stopped: true });

    // Part 1 made from the head (the server does this at complete; the head is deleted after): counted once.
    const rest = await uploadParts(t.reelay, rec, new Map([[1, video.parts.get(1)!], [3, video.parts.get(3)!]]));
    expect((await status(rec.id)).json).toEqual({ status: 'uploading', bytesStored: total, bytesTotal: total, stopped: true });

    const done = await complete(t.reelay, rec, [...rest, ...part2].sort((a, b) => a.partNumber - b.partNumber), { durationMs: 61_400 });
    expect(done.status).toBe(200);
    expect((await status(rec.id)).json).toEqual({ status: 'ready', durationMs: 61_400 });
  });

  it('between the store completing the upload and meta.json: still uploading (all bytes stored), never a 404', async () => {
    const rec = await createRecording(t.reelay, { title: 'Completing', mimeType: 'video/webm' });
    const video = makeVideo(PART_SIZE + 777);
    const parts = await uploadParts(t.reelay, rec, video.parts);
    expect((await stopped(rec, { totalBytes: video.bytes.byteLength, durationMs: 1000 })).status).toBe(204);
    // The store completes it, as the backend's complete does before it writes meta.json.
    await t.reelay.s3.api.send(
      new CompleteMultipartUploadCommand({
        Bucket: t.reelay.config.s3.bucket,
        Key: `recordings/${rec.id}/video`,
        UploadId: rec.uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
    const total = video.bytes.byteLength;
    expect((await status(rec.id)).json).toEqual({ status: 'uploading', bytesStored: total, bytesTotal: total, stopped: true });
    expect((await complete(t.reelay, rec, parts, { durationMs: 1000 })).status).toBe(200); // a retried complete finishes the job
    expect((await status(rec.id)).json).toEqual({ status: 'ready', durationMs: 1000 });
  });

  it('a rename after Stop keeps the totals, and "stopped" after a rename keeps the title', async () => {
    const rec = await createRecording(t.reelay, { title: 'Before', mimeType: 'video/webm' });
    expect((await stopped(rec, { totalBytes: 1000, durationMs: 2000 })).status).toBe(204);
    const renamed = await api(t.reelay, 'PATCH', `/api/recordings/${rec.id}`, { token: rec.uploadToken, body: { title: 'After' } });
    expect(renamed.status).toBe(200);
    expect(await uploadJson(rec)).toMatchObject({ title: 'After', totalBytes: 1000, durationMs: 2000 });
    expect((await stopped(rec, { totalBytes: 1200, durationMs: 2100 })).status).toBe(204);
    expect(await uploadJson(rec)).toMatchObject({ title: 'After', totalBytes: 1200, durationMs: 2100 });
    expect((await status(rec.id)).json).toEqual({ status: 'uploading', bytesStored: 0, bytesTotal: 1200, stopped: true });
  });
});

describe('what the share page does not show: 404 JSON', () => {
  it('unknown, malformed, cancelled and aborted recordings', async () => {
    const cancelled = await createRecording(t.reelay);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${cancelled.id}`, { token: cancelled.uploadToken })).status).toBe(204);
    const aborted = await createRecording(t.reelay);
    await abortUploadOutOfBand(t.reelay, aborted);
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', 'not-an-id', cancelled.id, aborted.id]) {
      const res = await status(id);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.json.error.code).toBe('not_found');
    }
  });
});

describe('POST /api/recordings/:id/stopped', () => {
  it('finished: accepted again and again (idempotent), nothing changes', async () => {
    const rec = await createFinishedRecording(t.reelay);
    const before = await status(rec.id);
    expect(before.json.status).toBe('ready');
    expect((await stopped(rec, { totalBytes: 2048, durationMs: 1 })).status).toBe(204);
    expect((await stopped(rec, { totalBytes: 2048, durationMs: 1 })).status).toBe(204);
    expect((await status(rec.id)).json).toEqual(before.json);
  });

  it('cancelled: 404 not_found; aborted behind our back: 404 upload_gone, and no upload.json resurrected', async () => {
    const cancelled = await createRecording(t.reelay);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${cancelled.id}`, { token: cancelled.uploadToken })).status).toBe(204);
    const res = await stopped(cancelled, { totalBytes: 10, durationMs: 10 });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');

    const aborted = await createRecording(t.reelay);
    await abortUploadOutOfBand(t.reelay, aborted);
    const gone = await stopped(aborted, { totalBytes: 10, durationMs: 10 });
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe('upload_gone');
    expect((await status(aborted.id)).status).toBe(404);
    expect((await stopped(aborted, { totalBytes: 10, durationMs: 10 })).json.error.code).toBe('not_found');
  });

  it('refuses bad bodies and tokens with a 4xx JSON error, never a 500', async () => {
    const rec = await createRecording(t.reelay);
    const other = await createRecording(t.reelay);
    const bodies: unknown[] = [
      {},
      { totalBytes: 100 },
      { durationMs: 100 },
      { totalBytes: -1, durationMs: 100 },
      { totalBytes: 1.5, durationMs: 100 },
      { totalBytes: '100', durationMs: 100 },
      { totalBytes: 100, durationMs: -5 },
      { totalBytes: 100, durationMs: 8 * 24 * 3600 * 1000 },
      { totalBytes: 10_001 * PART_SIZE, durationMs: 100 },
      [],
      null,
    ];
    for (const body of bodies) {
      const res = await stopped(rec, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(typeof res.json.error.code).toBe('string');
    }
    const notJson = await api(t.reelay, 'POST', `/api/recordings/${rec.id}/stopped`, { token: rec.uploadToken, rawBody: '{"totalBytes":' });
    expect(notJson.status).toBe(400);
    expect((await stopped(rec, { totalBytes: 1, durationMs: 1 }, other.uploadToken)).status).toBe(403);
    expect((await api(t.reelay, 'POST', `/api/recordings/${rec.id}/stopped`, { body: { totalBytes: 1, durationMs: 1 } })).status).toBe(401);
    // Nothing was recorded by the refused calls.
    expect((await status(rec.id)).json).toEqual({ status: 'uploading', bytesStored: 0, stopped: false });
  });
});
