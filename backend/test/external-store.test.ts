/**
 * S3_ENDPOINT mode: Reelay against an S3-compatible server it did not start (here the
 * embedded store started separately, standing in for MinIO/R2/S3): bucket setup at start,
 * one log line for what the store does not support, and a full upload.
 */
import { GetBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedS3, type EmbeddedS3 } from '../../embedded-s3';
import { startReelay } from '../src/server';
import { api, createRecording, makeVideo, uploadAndComplete } from './helpers';
import { seedDataDir } from './pglite-template';

const credentials = { accessKeyId: 'REELAYEXTERNALTEST', secretAccessKey: 'external-test-secret-key-0123456789' };
let dir: string;
let store: EmbeddedS3;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelay-external-'));
  await seedDataDir(join(dir, 'data')); // a migrated embedded database, copied (pglite-template.ts)
  store = await startEmbeddedS3({
    directory: join(dir, 's3'),
    port: 0,
    bucket: 'existing',
    ...credentials,
    corsOrigins: ['chrome-extension://*'],
    log: () => {},
  });
});
afterAll(async () => {
  await store?.stop();
  await rm(dir, { recursive: true, force: true });
});

function env(bucket: string) {
  return {
    DATA_DIR: join(dir, 'data'),
    PORT: '0',
    S3_ENDPOINT: store.endpoint,
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    SWEEP_INTERVAL_SECONDS: '0',
    EXTENSION_ORIGINS: 'chrome-extension://*',
  };
}

describe('external S3 endpoint', () => {
  it('uses an existing bucket, sets its CORS, logs unsupported lifecycle rules once, and uploads', async () => {
    const logs: string[] = [];
    const reelay = await startReelay(env('existing'), { log: (l) => logs.push(l) });
    try {
      expect(reelay.embeddedS3).toBeUndefined();
      const lifecycleLines = logs.filter((l) => /lifecycle/i.test(l));
      expect(lifecycleLines.length).toBeLessThanOrEqual(1);
      expect(logs.filter((l) => /WARNING/.test(l))).toEqual([]);

      const client = new S3Client({ endpoint: store.endpoint, region: store.region, forcePathStyle: true, credentials });
      const cors = await client.send(new GetBucketCorsCommand({ Bucket: 'existing' }));
      client.destroy();
      const rule = cors.CORSRules?.[0];
      expect(rule?.AllowedOrigins).toEqual(['chrome-extension://*', new URL(reelay.url).origin]);
      expect(rule?.AllowedMethods?.sort()).toEqual(['GET', 'HEAD', 'PUT']);
      expect(rule?.ExposeHeaders).toContain('ETag');

      const video = makeVideo(777);
      const rec = await createRecording(reelay);
      const done = await uploadAndComplete(reelay, rec, video.parts);
      expect(done.status).toBe(200);
      expect((await api(reelay, 'GET', `/api/recordings/${rec.id}`)).json.size).toBe(777);
    } finally {
      await reelay.close();
    }
  });

  it('creates a missing bucket', async () => {
    const logs: string[] = [];
    const reelay = await startReelay(env('fresh-bucket'), { log: (l) => logs.push(l) });
    try {
      expect(logs).toContain('Created bucket "fresh-bucket"');
      const rec = await createRecording(reelay);
      expect(rec.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    } finally {
      await reelay.close();
    }
  });

  it('wrong credentials stop the start with one clear line', async () => {
    const err = await startReelay(
      { ...env('existing'), S3_SECRET_ACCESS_KEY: 'wrong-secret-wrong-secret' },
      { log: () => {} },
    ).catch((e: unknown) => e);
    expect((err as Error).name).toBe('StorageSetupError');
    expect((err as Error).message).toMatch(/^The store rejects the credentials .*S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY$/);
  });

  it('when the store goes away: /healthz says 503, the API answers 502 JSON, nothing crashes', async () => {
    const own = await startEmbeddedS3({
      directory: join(dir, 's3-short-lived'),
      port: 0,
      bucket: 'existing',
      ...credentials,
      corsOrigins: ['chrome-extension://*'],
      log: () => {},
    });
    const reelay = await startReelay({ ...env('existing'), S3_ENDPOINT: own.endpoint }, { log: () => {} });
    try {
      const rec = await createRecording(reelay);
      await own.stop();
      const health = await api(reelay, 'GET', '/healthz');
      expect(health.status).toBe(503);
      expect(health.json.ok).toBe(false);
      const create = await api(reelay, 'POST', '/api/recordings', { token: reelay.apiToken, body: { mimeType: 'video/webm' } });
      expect(create.status).toBe(502);
      expect(create.json.error.code).toBe('storage_error');
      const list = await api(reelay, 'GET', `/api/recordings/${rec.id}/parts`, { token: rec.uploadToken });
      expect(list.status).toBe(502);
      const page = await api(reelay, 'GET', `/v/${rec.id}`);
      expect(page.status).toBe(502);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.json).toContain('Temporarily unavailable');
      // The server itself is still fine.
      const session = await api(reelay, 'GET', '/api/session', { token: reelay.apiToken });
      expect(session.status).toBe(200);
    } finally {
      await reelay.close();
      await own.stop();
    }
  });
});
