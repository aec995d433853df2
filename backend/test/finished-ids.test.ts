/**
 * The video route and the ids this process knows are finished (recordings/finished-ids.ts): a
 * recording completed here redirects without meta.json being read again; a delete through this
 * process forgets it. Real HTTP against the embedded store.
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FinishedIds } from '../src/recordings/finished-ids';
import { api, createFinishedRecording, startTestServer, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const video = (id: string) => fetch(`${t.reelay.localUrl}/v/${id}/video`, { redirect: 'manual' }).then(async (r) => (await r.arrayBuffer(), r.status));

describe('FinishedIds', () => {
  it('is bounded: the oldest id goes first', () => {
    const ids = new FinishedIds(2);
    ids.remember('a');
    ids.remember('b');
    ids.remember('a');
    ids.remember('c');
    expect(['a', 'b', 'c'].map((id) => ids.has(id))).toEqual([false, true, true]);
    ids.forget('c');
    expect(ids.has('c')).toBe(false);
  });
});

describe('GET /v/:id/video and what this process knows', () => {
  it('a recording completed here redirects even once its meta.json is gone (not read again); deleted here, it is missing', async () => {
    const rec = await createFinishedRecording(t.reelay);
    expect(await video(rec.id)).toBe(302);
    // meta.json removed behind the server's back (another process deleting it): the video route
    // still redirects (the store then answers 404 for the video), the page reads the bucket.
    const { api: s3, bucket } = { api: t.reelay.s3.api, bucket: t.reelay.config.s3.bucket };
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `recordings/${rec.id}/meta.json` }));
    expect(await video(rec.id)).toBe(302);

    const other = await createFinishedRecording(t.reelay);
    expect((await api(t.reelay, 'DELETE', `/api/recordings/${other.id}`, { token: t.reelay.apiToken })).status).toBe(204);
    expect(await video(other.id)).toBe(404);
  });
});
