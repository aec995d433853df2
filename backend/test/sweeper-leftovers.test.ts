/**
 * Nothing of a recording outlives it, against the real embedded store over HTTP:
 *  - DELETE removes every object under recordings/<id>/;
 *  - the sweeper (SWEEP_MAX_AGE_SECONDS=2) removes the upload.json of an upload aborted without
 *    the backend (lifecycle rule, operator), and objects no recording owns (a thumbnail PUT
 *    through a URL signed before a DELETE), once they are older than the max age;
 *  - it never touches a live upload, a finished recording, or a completed upload whose
 *    meta.json is missing (a retried complete still finishes it).
 */
import { CompleteMultipartUploadCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRecordingResponse } from '../../api';
import { newRecordingId } from '../src/recordings/ids';
import { sweepLeftovers } from '../src/recordings/leftover-sweep';
import type { ReelayServer } from '../src/server';
import {
  abortUploadOutOfBand,
  api,
  createFinishedRecording,
  createRecording,
  objectKeys,
  signThumbnailPut,
  startTestServer,
  uploadParts,
  uploadThumbnail,
  uploadsOf,
  type TestServer,
} from './helpers';

const MAX_AGE_MS = 2_000;
const image = () => new Uint8Array(64).fill(7);
const keysOf = (id: string, ...names: string[]) => names.map((n) => `recordings/${id}/${n}`);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SWEEP_MAX_AGE_SECONDS: String(MAX_AGE_MS / 1000) });
});
afterAll(async () => {
  await t?.stop();
});

/** Completes the multipart upload straight against the store, as if the backend then failed to write meta.json. */
async function completeWithoutMetadata(r: ReelayServer, rec: CreateRecordingResponse) {
  const parts = await uploadParts(r, rec, new Map([[1, new Uint8Array(100).fill(3)]]));
  await r.s3.api.send(
    new CompleteMultipartUploadCommand({
      Bucket: r.config.s3.bucket,
      Key: `recordings/${rec.id}/video`,
      UploadId: rec.uploadId,
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
    }),
  );
  return parts;
}

/** A pending recording with a part and a thumbnail whose upload is then aborted out of band. */
async function vanishedUpload(r: ReelayServer) {
  const rec = await createRecording(r);
  await uploadParts(r, rec, new Map([[1, new Uint8Array(100)]]));
  expect(await uploadThumbnail(r, rec, image(), 'image/png')).toBe(200);
  await abortUploadOutOfBand(r, rec);
  return rec;
}

/** A recording deleted while the client still held a signed thumbnail URL, then PUT through it. */
async function deletedThenThumbnail(r: ReelayServer, rec: CreateRecordingResponse) {
  const put = await signThumbnailPut(r, rec, image(), 'image/png');
  expect((await api(r, 'DELETE', `/api/recordings/${rec.id}`, { token: r.apiToken })).status).toBe(204);
  expect(await objectKeys(r, rec.id)).toEqual([]);
  expect(await put()).toBe(200);
  expect(await objectKeys(r, rec.id)).toEqual(keysOf(rec.id, 'thumbnail'));
}

const shareStatus = async (r: ReelayServer, id: string, sub = '') =>
  (await fetch(`${r.localUrl}/v/${id}${sub}`, { redirect: 'manual' })).status;

describe('DELETE', () => {
  it('removes every object under the recording prefix and its upload', async () => {
    const rec = await createRecording(t.reelay);
    await uploadParts(t.reelay, rec, new Map([[1, new Uint8Array(100)]]));
    expect(await uploadThumbnail(t.reelay, rec, image(), 'image/png')).toBe(200);
    // Whatever else lives under the prefix goes too.
    await t.reelay.s3.api.send(
      new PutObjectCommand({ Bucket: t.reelay.config.s3.bucket, Key: `recordings/${rec.id}/extra/notes.txt`, Body: 'x' }),
    );
    expect(await objectKeys(t.reelay, rec.id)).toEqual(keysOf(rec.id, 'extra/notes.txt', 'thumbnail', 'upload.json'));

    expect((await api(t.reelay, 'DELETE', `/api/recordings/${rec.id}`, { token: rec.uploadToken })).status).toBe(204);
    expect(await objectKeys(t.reelay, rec.id)).toEqual([]);
    expect(await uploadsOf(t.reelay, rec.id)).toEqual([]);
  });
});

describe('sweeper leftovers', () => {
  it('removes the upload.json (and thumbnail) of an upload gone without the backend; keeps live, finished and completed-but-unrecorded ones', async () => {
    const r = t.reelay;
    const vanished = await vanishedUpload(r);
    const oldButLive = await createRecording(r);
    const finished = await createFinishedRecording(r);
    expect(await uploadThumbnail(r, finished, image(), 'image/png')).toBe(200);
    const awaitingMetadata = await createRecording(r);
    const awaitingParts = await completeWithoutMetadata(r, awaitingMetadata);
    await sleep(MAX_AGE_MS + 500);
    // After the max age: the live upload receives a part, and another upload vanishes.
    await uploadParts(r, oldButLive, new Map([[1, new Uint8Array(100)]]));
    const vanishedRecently = await vanishedUpload(r);

    const result = await r.sweeper.sweepOnce();
    expect(result).toMatchObject({
      aborted: [],
      failed: 0,
      markersRemoved: [vanished.id],
      orphansRemoved: keysOf(vanished.id, 'thumbnail'),
    });
    expect(await objectKeys(r, vanished.id)).toEqual([]);
    expect(await shareStatus(r, vanished.id)).toBe(404);
    expect((await api(r, 'GET', `/api/recordings/${vanished.id}/parts`, { token: vanished.uploadToken })).status).toBe(404);

    expect(await objectKeys(r, oldButLive.id)).toEqual(keysOf(oldButLive.id, 'upload.json'));
    expect(await uploadsOf(r, oldButLive.id)).toEqual([oldButLive.uploadId]);
    expect(await objectKeys(r, finished.id)).toEqual(keysOf(finished.id, 'meta.json', 'thumbnail', 'video'));
    expect(await objectKeys(r, vanishedRecently.id)).toEqual(keysOf(vanishedRecently.id, 'thumbnail', 'upload.json'));
    expect(await objectKeys(r, awaitingMetadata.id)).toEqual(keysOf(awaitingMetadata.id, 'upload.json', 'video'));
    expect(t.logs.some((l) => l.includes(`recordings/${awaitingMetadata.id}/ has a completed video but no meta.json`))).toBe(true);

    // ...which is why it was kept: the client's retried complete still finishes it.
    const retried = await api(r, 'POST', `/api/recordings/${awaitingMetadata.id}/complete`, {
      token: awaitingMetadata.uploadToken,
      body: { parts: awaitingParts, durationMs: 1000 },
    });
    expect(retried.status).toBe(200);
    expect((await api(r, 'GET', `/api/recordings/${awaitingMetadata.id}`)).json.size).toBe(100);
  });

  it('removes objects no recording owns (a thumbnail PUT after DELETE) once old; recent ones and keys outside the layout stay', async () => {
    const r = t.reelay;
    const deletedFinished = await createFinishedRecording(r);
    await deletedThenThumbnail(r, deletedFinished);
    const deletedPending = await createRecording(r);
    await deletedThenThumbnail(r, deletedPending);
    const strayId = newRecordingId();
    const bucket = r.config.s3.bucket;
    for (const Key of [`recordings/${strayId}/video`, 'recordings/notes.txt', 'elsewhere/file']) {
      await r.s3.api.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'stray' }));
    }
    await sleep(MAX_AGE_MS + 500);
    const deletedRecently = await createFinishedRecording(r);
    await deletedThenThumbnail(r, deletedRecently);

    const result = await r.sweeper.sweepOnce();
    expect(result.failed).toBe(0);
    // (The previous test's recent leftovers have aged meanwhile: they go too.)
    const ours = [deletedFinished.id, deletedPending.id, strayId, deletedRecently.id];
    expect(result.orphansRemoved.filter((key) => ours.some((id) => key.includes(id))).sort()).toEqual(
      [...keysOf(deletedFinished.id, 'thumbnail'), ...keysOf(deletedPending.id, 'thumbnail'), ...keysOf(strayId, 'video')].sort(),
    );
    for (const id of [deletedFinished.id, deletedPending.id, strayId]) expect(await objectKeys(r, id)).toEqual([]);
    expect(await objectKeys(r, deletedRecently.id)).toEqual(keysOf(deletedRecently.id, 'thumbnail'));
    expect(await shareStatus(r, deletedRecently.id, '/thumbnail')).toBe(404);
    for (const Key of ['recordings/notes.txt', 'elsewhere/file']) {
      expect((await r.recordings.store.headSize(Key)) !== undefined, Key).toBe(true);
    }
  });

  it('with every object counted as old and no upload list to go by, it still asks the store and keeps what is in use', async () => {
    const r = t.reelay;
    const live = await createRecording(r);
    await uploadParts(r, live, new Map([[1, new Uint8Array(100)]]));
    const fresh = await createRecording(r);
    const finished = await createFinishedRecording(r);
    const awaitingMetadata = await createRecording(r);
    await completeWithoutMetadata(r, awaitingMetadata);
    const vanished = await vanishedUpload(r);

    const result = await sweepLeftovers({
      store: r.recordings.store,
      cutoffMs: Date.now() + 60_000,
      keysWithUploads: new Set(),
      log: () => undefined,
    });
    expect(result.failed).toBe(0);
    expect(result.markersRemoved).toContain(vanished.id);
    for (const kept of [live, fresh, awaitingMetadata]) expect(result.markersRemoved).not.toContain(kept.id);
    expect(await objectKeys(r, vanished.id)).toEqual([]);
    expect(await objectKeys(r, live.id)).toEqual(keysOf(live.id, 'upload.json'));
    expect(await objectKeys(r, fresh.id)).toEqual(keysOf(fresh.id, 'upload.json'));
    expect(await objectKeys(r, finished.id)).toEqual(keysOf(finished.id, 'meta.json', 'video'));
    expect(await objectKeys(r, awaitingMetadata.id)).toEqual(keysOf(awaitingMetadata.id, 'upload.json', 'video'));
    expect((await api(r, 'GET', `/api/recordings/${live.id}/parts`, { token: live.uploadToken })).json.parts).toHaveLength(1);
  });
});
