/**
 * Store contract (runs against every target, see targets.ts and fixture.ts).
 * Bucket-level behaviour and small objects: CORS for the extension, a private bucket, lifecycle,
 * and the metadata objects the backend keeps per recording.
 */
import { describe, expect, it } from 'vitest';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketCorsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import {
  EXTENSION_CORS_RULE,
  EXTENSION_ORIGIN,
  sdkError,
  uniquePrefix,
} from './helpers';
import { describeEachTarget } from './fixture';

describeEachTarget('bucket', (t) => {
  describe('bucket', () => {
    it('HeadBucket succeeds (signed bucket-level call on /bucket/)', async () => {
      const result = await t.s3.send(new HeadBucketCommand({ Bucket: t.bucket }));
      expect(result.$metadata.httpStatusCode).toBe(200);
    });

    it('bucket CORS lets extensions PUT/GET/HEAD and exposes ETag (GetBucketCors)', async () => {
      const { CORSRules } = await t.s3.send(new GetBucketCorsCommand({ Bucket: t.bucket }));
      const rule = CORSRules?.find((r) => r.AllowedOrigins?.includes('chrome-extension://*'));
      expect(rule?.AllowedMethods?.slice().sort()).toEqual(['GET', 'HEAD', 'PUT']);
      expect(rule?.AllowedHeaders).toEqual(['*']);
      expect(rule?.ExposeHeaders).toEqual(['ETag']);
    });

    it('PutBucketCors is accepted and reads back', async () => {
      await t.s3.send(new PutBucketCorsCommand({ Bucket: t.bucket, CORSConfiguration: { CORSRules: [EXTENSION_CORS_RULE] } }));
      const { CORSRules } = await t.s3.send(new GetBucketCorsCommand({ Bucket: t.bucket }));
      expect(CORSRules).toHaveLength(1);
      expect(CORSRules?.[0]?.AllowedOrigins).toEqual(EXTENSION_CORS_RULE.AllowedOrigins);
      expect(CORSRules?.[0]?.ExposeHeaders).toEqual(['ETag']);
    });

    it('answers a CORS preflight for a part PUT from a chrome-extension:// origin', async () => {
      const key = `${uniquePrefix('preflight')}video.webm`;
      const response = await fetch(`${t.target.endpoint}/${t.bucket}/${key}?partNumber=1&uploadId=x`, {
        method: 'OPTIONS',
        headers: {
          Origin: EXTENSION_ORIGIN,
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      expect(response.status).toBe(200);
      expect([EXTENSION_ORIGIN, '*']).toContain(response.headers.get('access-control-allow-origin'));
      expect(response.headers.get('access-control-allow-methods')).toMatch(/\bPUT\b/);
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    });

    it('refuses a preflight from an origin the bucket does not allow', async () => {
      const response = await fetch(`${t.target.endpoint}/${t.bucket}/some-key`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PUT' },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('refuses unsigned requests (the bucket is private)', async () => {
      const key = `${uniquePrefix('private')}note.json`;
      await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: '{}' }));
      expect((await fetch(`${t.target.endpoint}/${t.bucket}/${key}`)).status).toBe(403);
      expect((await fetch(`${t.target.endpoint}/${t.bucket}/${key}`, { method: 'PUT', body: 'x' })).status).toBe(403);
      expect((await fetch(`${t.target.endpoint}/${t.bucket}?list-type=2`)).status).toBe(403);
    });

    it('lifecycle rules: the store does what it is known to do (capability recorded in targets.ts)', async () => {
      const rule = {
        ID: 'contract-probe',
        Status: 'Enabled' as const,
        Filter: { Prefix: 'contract-lifecycle-probe/' },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      };
      const put = t.s3.send(
        new PutBucketLifecycleConfigurationCommand({ Bucket: t.bucket, LifecycleConfiguration: { Rules: [rule] } }),
      );
      if (t.target.capabilities.lifecycleConfiguration) {
        await put;
        const { Rules } = await t.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: t.bucket }));
        expect(Rules?.find((r) => r.ID === 'contract-probe')?.AbortIncompleteMultipartUpload?.DaysAfterInitiation).toBe(1);
      } else {
        expect(await sdkError(put)).toEqual({ status: 501, code: 'NotImplemented' });
      }
    });
  });

  describe('small objects (recording metadata)', () => {
    it('PutObject / GetObject / ListObjectsV2 by prefix / DeleteObjects', async () => {
      const prefix = uniquePrefix('meta');
      const keys = [`${prefix}a/meta.json`, `${prefix}b/meta.json`];
      for (const [i, key] of keys.entries()) {
        await t.s3.send(
          new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: JSON.stringify({ i }), ContentType: 'application/json' }),
        );
      }
      const got = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: keys[1] }));
      expect(got.ContentType).toBe('application/json');
      expect(JSON.parse(await got.Body!.transformToString())).toEqual({ i: 1 });

      const listed = await t.s3.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: prefix }));
      expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([
        [keys[0], 7],
        [keys[1], 7],
      ]);
      const grouped = await t.s3.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: prefix, Delimiter: '/' }));
      expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual([`${prefix}a/`, `${prefix}b/`]);

      const deleted = await t.s3.send(
        new DeleteObjectsCommand({ Bucket: t.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }),
      );
      expect(deleted.Deleted?.map((d) => d.Key).sort()).toEqual(keys);
      const after = await t.s3.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: prefix }));
      expect(after.Contents ?? []).toEqual([]);
      expect(await sdkError(t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: keys[0] })))).toMatchObject({ status: 404 });
    });

    it('deleting many objects of one folder while another is written there keeps the new one', async () => {
      const folder = uniquePrefix('folder');
      const doomed = Array.from({ length: 12 }, (_, i) => `${folder}part-${i}.json`);
      await Promise.all(doomed.map((Key) => t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: 'x' }))));
      const survivor = `${folder}survivor.json`;
      const [deleted] = await Promise.all([
        t.s3.send(new DeleteObjectsCommand({ Bucket: t.bucket, Delete: { Objects: doomed.map((Key) => ({ Key })) } })),
        t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: survivor, Body: 'kept' })),
        ...doomed.slice(0, 4).map((Key) => t.s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key }))),
      ]);
      expect(deleted.Errors ?? []).toEqual([]);
      const listed = await t.s3.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: folder }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual([survivor]);
      const object = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: survivor }));
      expect(await object.Body!.transformToString()).toBe('kept');
    });

    it('conditional PutObject with If-None-Match: * never overwrites', async () => {
      const key = `${uniquePrefix('conditional')}meta.json`;
      await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: 'first', IfNoneMatch: '*' }));
      const second = t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: 'second', IfNoneMatch: '*' }));
      expect(await sdkError(second)).toEqual({ status: 412, code: 'PreconditionFailed' });
      const object = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: key }));
      expect(await object.Body!.transformToString()).toBe('first');
    });
  });
});
