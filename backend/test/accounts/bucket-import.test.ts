/**
 * Upgrading a server that has recordings but no database yet: at its first start with accounts the
 * finished recordings found in the bucket join the library, owned by the first admin; one still
 * uploading joins when it completes. (The bucket here is a second server's embedded store.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFinishedRecording, createRecording, makeVideo, uploadAndComplete, type TestServer } from '../helpers';
import { API_TOKEN, call, dbTargets, startOn, type DbTarget } from './support';

describe.each(dbTargets())('recordings already in the bucket, on %s', (target: DbTarget) => {
  let old: TestServer;
  let upgraded: TestServer;
  const ids: string[] = [];
  let pending: Awaited<ReturnType<typeof createRecording>>;

  beforeAll(async () => {
    old = await startOn('pglite');
    ids.push((await createFinishedRecording(old.reelay, { title: 'From before', mimeType: 'video/webm' })).id);
    ids.push((await createFinishedRecording(old.reelay, { title: 'Also from before', mimeType: 'video/webm' })).id);
    pending = await createRecording(old.reelay, { title: 'Still uploading', mimeType: 'video/webm' });
    const s3 = old.reelay.config.s3;
    upgraded = await startOn(target, {
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId!,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey!,
    });
  });
  afterAll(async () => {
    await upgraded?.stop();
    await old?.stop();
  });

  it('imports the finished ones at the first start, owned by the first admin', async () => {
    const res = await call(upgraded.reelay.localUrl, 'GET', '/api/recordings?scope=mine', { token: API_TOKEN });
    expect(res.status).toBe(200);
    expect(res.json.recordings.map((r: { id: string }) => r.id).sort()).toEqual([...ids].sort());
    expect(res.json.recordings[0].owner.id).toBe(upgraded.reelay.admin.id);
    expect(upgraded.logs.some((l) => /imported 2 recording/.test(l))).toBe(true);
  });

  it('an upload in progress joins when it completes', async () => {
    const done = await uploadAndComplete(upgraded.reelay, pending, makeVideo(1000).parts);
    expect(done.status).toBe(200);
    const res = await call(upgraded.reelay.localUrl, 'GET', '/api/recordings?scope=team&q=still', { token: API_TOKEN });
    expect(res.json.recordings).toHaveLength(1);
    expect(res.json.recordings[0]).toMatchObject({ id: pending.id, size: 1000, owner: { id: upgraded.reelay.admin.id } });
  });
});
