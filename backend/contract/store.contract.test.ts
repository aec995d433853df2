/**
 * The store contract: what the backend and the extension rely on from S3, asserted over real
 * HTTP with real presigned URLs against every target (the embedded store and real radosgw).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketCorsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  EXTENSION_CORS_RULE,
  EXTENSION_ORIGIN,
  PART_SIZE,
  makeClient,
  md5Hex,
  multipartEtag,
  presign,
  putWithFetch,
  queryNames,
  randomPayload,
  readError,
  sdkError,
  uniquePrefix,
  withQueryParam,
} from './helpers';
import { openEmbedded, openRadosgw, type OpenTarget, type StoreTarget } from './targets';

const targets = inject('contractTargets');

describe.each(targets)('store contract: %s', (name) => {
  let open: OpenTarget;
  let target: StoreTarget;
  let s3: S3Client;

  beforeAll(async () => {
    open = name === 'embedded' ? await openEmbedded() : await openRadosgw(inject('radosgw'));
    target = open.target;
    s3 = makeClient(target);
  });
  afterAll(async () => {
    s3?.destroy();
    await open?.close();
  });

  async function createUpload(key: string): Promise<string> {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: target.bucket, Key: key, ContentType: 'video/webm' }),
    );
    expect(UploadId).toBeTruthy();
    return UploadId!;
  }

  function partUrl(key: string, uploadId: string, partNumber: number, options?: { expiresIn?: number; signingDate?: Date }) {
    return presign(s3, new UploadPartCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }), options);
  }

  /** Uploads a part through a presigned URL with fetch and returns its ETag (as the browser reads it). */
  async function uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string> {
    const response = await putWithFetch(await partUrl(key, uploadId, partNumber), body);
    expect(response.status, await response.clone().text()).toBe(200);
    const etag = response.headers.get('etag');
    expect(etag).toBeTruthy();
    return etag!;
  }

  async function abortQuietly(key: string, uploadId: string) {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
  }

  describe('bucket', () => {
    it('HeadBucket succeeds (signed bucket-level call on /bucket/)', async () => {
      const result = await s3.send(new HeadBucketCommand({ Bucket: target.bucket }));
      expect(result.$metadata.httpStatusCode).toBe(200);
    });

    it('bucket CORS lets extensions PUT/GET/HEAD and exposes ETag (GetBucketCors)', async () => {
      const { CORSRules } = await s3.send(new GetBucketCorsCommand({ Bucket: target.bucket }));
      const rule = CORSRules?.find((r) => r.AllowedOrigins?.includes('chrome-extension://*'));
      expect(rule?.AllowedMethods?.slice().sort()).toEqual(['GET', 'HEAD', 'PUT']);
      expect(rule?.AllowedHeaders).toEqual(['*']);
      expect(rule?.ExposeHeaders).toEqual(['ETag']);
    });

    it('PutBucketCors is accepted and reads back', async () => {
      await s3.send(new PutBucketCorsCommand({ Bucket: target.bucket, CORSConfiguration: { CORSRules: [EXTENSION_CORS_RULE] } }));
      const { CORSRules } = await s3.send(new GetBucketCorsCommand({ Bucket: target.bucket }));
      expect(CORSRules).toHaveLength(1);
      expect(CORSRules?.[0]?.AllowedOrigins).toEqual(EXTENSION_CORS_RULE.AllowedOrigins);
      expect(CORSRules?.[0]?.ExposeHeaders).toEqual(['ETag']);
    });

    it('answers a CORS preflight for a part PUT from a chrome-extension:// origin', async () => {
      const key = `${uniquePrefix('preflight')}video.webm`;
      const response = await fetch(`${target.endpoint}/${target.bucket}/${key}?partNumber=1&uploadId=x`, {
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
      const response = await fetch(`${target.endpoint}/${target.bucket}/some-key`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PUT' },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('refuses unsigned requests (the bucket is private)', async () => {
      const key = `${uniquePrefix('private')}note.json`;
      await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: '{}' }));
      expect((await fetch(`${target.endpoint}/${target.bucket}/${key}`)).status).toBe(403);
      expect((await fetch(`${target.endpoint}/${target.bucket}/${key}`, { method: 'PUT', body: 'x' })).status).toBe(403);
      expect((await fetch(`${target.endpoint}/${target.bucket}?list-type=2`)).status).toBe(403);
    });

    it('lifecycle rules: the store does what it is known to do (capability recorded in targets.ts)', async () => {
      const rule = {
        ID: 'contract-probe',
        Status: 'Enabled' as const,
        Filter: { Prefix: 'contract-lifecycle-probe/' },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      };
      const put = s3.send(
        new PutBucketLifecycleConfigurationCommand({ Bucket: target.bucket, LifecycleConfiguration: { Rules: [rule] } }),
      );
      if (target.capabilities.lifecycleConfiguration) {
        await put;
        const { Rules } = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: target.bucket }));
        expect(Rules?.find((r) => r.ID === 'contract-probe')?.AbortIncompleteMultipartUpload?.DaysAfterInitiation).toBe(1);
      } else {
        expect(await sdkError(put)).toEqual({ status: 501, code: 'NotImplemented' });
      }
    });
  });

  describe('multipart upload through presigned URLs', () => {
    it('create → 4 parts (3 × 5 MiB + short last) via fetch → ListParts → complete → GET is byte-identical', async () => {
      const key = `${uniquePrefix('happy')}video.webm`;
      const uploadId = await createUpload(key);
      const bodies = [randomPayload(PART_SIZE), randomPayload(PART_SIZE), randomPayload(PART_SIZE), randomPayload(12_345)];
      const etags: string[] = [];
      for (const [i, body] of bodies.entries()) {
        const response = await putWithFetch(await partUrl(key, uploadId, i + 1), body);
        expect(response.status).toBe(200);
        // What a browser may read: the ETag header must be exposed by CORS.
        expect([EXTENSION_ORIGIN, '*']).toContain(response.headers.get('access-control-allow-origin'));
        expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('etag');
        const etag = response.headers.get('etag');
        expect(etag).toBe(`"${md5Hex(body)}"`);
        etags.push(etag!);
      }

      const listed = await s3.send(new ListPartsCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId }));
      expect(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual(
        bodies.map((b, i) => [i + 1, etags[i], b.length]),
      );
      for (const part of listed.Parts ?? []) expect(part.LastModified).toBeInstanceOf(Date);

      const completed = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: target.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) },
        }),
      );
      // radosgw answers the first complete with an empty <ETag/>: HeadObject is the reliable source.
      expect(completed.ETag ?? '').toBe(target.capabilities.completeReturnsEtag ? multipartEtag(bodies) : '');

      const head = await s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }));
      expect(head.ContentLength).toBe(3 * PART_SIZE + 12_345);
      expect(head.ETag).toBe(multipartEtag(bodies));
      expect(head.ContentType).toBe('video/webm');

      const response = await fetch(await presign(s3, new GetObjectCommand({ Bucket: target.bucket, Key: key })));
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.concat(bodies))).toBe(true);

      // The upload is gone once completed...
      expect(await sdkError(s3.send(new ListPartsCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId })))).toEqual(
        target.capabilities.listPartsOfGoneUpload,
      );
      // ...but a retried complete (response lost) succeeds and leaves the object as it was.
      const retried = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: target.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) },
        }),
      );
      expect(retried.$metadata.httpStatusCode).toBe(200);
      expect((await s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }))).ETag).toBe(multipartEtag(bodies));
    });

    it('presigned URLs carry no checksum parameters', async () => {
      const key = `${uniquePrefix('checksum')}video.webm`;
      const urls = [
        await partUrl(key, 'upload-id', 1),
        await presign(s3, new GetObjectCommand({ Bucket: target.bucket, Key: key })),
        await presign(s3, new PutObjectCommand({ Bucket: target.bucket, Key: key })),
      ];
      for (const url of urls) {
        const names = queryNames(url).map((n) => n.toLowerCase());
        expect(names.filter((n) => n.startsWith('x-amz-checksum-') || n === 'x-amz-sdk-checksum-algorithm')).toEqual([]);
        expect(names).toContain('x-amz-signature');
      }
    });

    it('re-uploading a part number replaces the part', async () => {
      const key = `${uniquePrefix('replace')}video.webm`;
      const uploadId = await createUpload(key);
      try {
        const first = randomPayload(1000);
        const second = randomPayload(2000);
        const firstEtag = await uploadPart(key, uploadId, 1, first);
        const secondEtag = await uploadPart(key, uploadId, 1, second);
        expect(secondEtag).not.toBe(firstEtag);

        const listed = await s3.send(new ListPartsCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId }));
        expect(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual([[1, secondEtag, 2000]]);

        const stale = s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: target.bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: [{ PartNumber: 1, ETag: firstEtag }] },
          }),
        );
        expect(await sdkError(stale)).toEqual({ status: 400, code: 'InvalidPart' });

        await s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: target.bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: [{ PartNumber: 1, ETag: secondEtag }] },
          }),
        );
        const object = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
        expect(Buffer.from(await object.Body!.transformToByteArray()).equals(second)).toBe(true);
      } finally {
        await abortQuietly(key, uploadId);
      }
    });

    it('ListMultipartUploads lists unfinished uploads by prefix (Key, UploadId, Initiated)', async () => {
      const prefix = uniquePrefix('list');
      const keys = [`${prefix}a.webm`, `${prefix}b.webm`];
      const ids = [await createUpload(keys[0]!), await createUpload(keys[1]!)];
      const outside = await createUpload(`${uniquePrefix('elsewhere')}c.webm`);
      try {
        const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: target.bucket, Prefix: prefix }));
        const uploads = (listed.Uploads ?? []).map((u) => [u.Key, u.UploadId]);
        expect(uploads).toEqual([
          [keys[0], ids[0]],
          [keys[1], ids[1]],
        ]);
        for (const upload of listed.Uploads ?? []) {
          expect(upload.Initiated).toBeInstanceOf(Date);
          expect(Math.abs(upload.Initiated!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
        }
      } finally {
        await Promise.all(keys.map((k, i) => abortQuietly(k, ids[i]!)));
        await s3.send(new ListMultipartUploadsCommand({ Bucket: target.bucket, Prefix: 'contract/elsewhere' })).then((r) =>
          Promise.all((r.Uploads ?? []).filter((u) => u.UploadId === outside).map((u) => abortQuietly(u.Key!, outside))),
        );
      }
    });

    it('AbortMultipartUpload leaves no upload and no parts', async () => {
      const prefix = uniquePrefix('abort');
      const key = `${prefix}video.webm`;
      const uploadId = await createUpload(key);
      await uploadPart(key, uploadId, 1, randomPayload(PART_SIZE));
      await uploadPart(key, uploadId, 2, randomPayload(1000));

      await s3.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId }));

      const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: target.bucket, Prefix: prefix }));
      expect(listed.Uploads ?? []).toEqual([]);
      expect(await sdkError(s3.send(new ListPartsCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId })))).toEqual(
        target.capabilities.listPartsOfGoneUpload,
      );
      const late = await putWithFetch(await partUrl(key, uploadId, 3), randomPayload(10));
      expect(await readError(late)).toEqual({ status: 404, code: 'NoSuchUpload' });
      expect(
        await sdkError(s3.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId }))),
      ).toEqual({ status: 404, code: 'NoSuchUpload' });
    });

    it('UploadPart to an unknown upload id → 404 NoSuchUpload', async () => {
      const key = `${uniquePrefix('unknown')}video.webm`;
      const response = await putWithFetch(await partUrl(key, '0123456789abcdef0123456789abcdef', 1), randomPayload(10));
      expect(await readError(response)).toEqual({ status: 404, code: 'NoSuchUpload' });
      // An upload id that belongs to another key is unknown for this key.
      const other = `${uniquePrefix('unknown-other')}video.webm`;
      const otherId = await createUpload(other);
      try {
        const crossed = await putWithFetch(await partUrl(key, otherId, 1), randomPayload(10));
        expect(await readError(crossed)).toEqual({ status: 404, code: 'NoSuchUpload' });
      } finally {
        await abortQuietly(other, otherId);
      }
    });

    it('part numbers outside 1..10000 (capability recorded in targets.ts)', async () => {
      const key = `${uniquePrefix('partnumber')}video.webm`;
      const uploadId = await createUpload(key);
      try {
        for (const partNumber of [0, 10_001]) {
          const signed = await presign(
            s3,
            new UploadPartCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }),
          );
          expect(new URL(signed).searchParams.get('partNumber')).toBe(String(partNumber));
          const response = await putWithFetch(signed, randomPayload(10));
          if (target.capabilities.partNumberRangeChecked) {
            expect(await readError(response)).toEqual({ status: 400, code: 'InvalidArgument' });
          } else {
            expect(response.status).toBeLessThan(500);
          }
        }
      } finally {
        await abortQuietly(key, uploadId);
      }
    });
  });

  describe('CompleteMultipartUpload validation', () => {
    async function complete(key: string, uploadId: string, parts: Array<{ PartNumber: number; ETag: string }>) {
      return s3.send(
        new CompleteMultipartUploadCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
      );
    }

    it('a non-last part under 5 MiB → EntityTooSmall', async () => {
      const key = `${uniquePrefix('small')}video.webm`;
      const uploadId = await createUpload(key);
      try {
        const e1 = await uploadPart(key, uploadId, 1, randomPayload(PART_SIZE - 1));
        const e2 = await uploadPart(key, uploadId, 2, randomPayload(100));
        expect(await sdkError(complete(key, uploadId, [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }]))).toEqual({
          status: 400,
          code: 'EntityTooSmall',
        });
      } finally {
        await abortQuietly(key, uploadId);
      }
    });

    it('a wrong ETag or a missing part → InvalidPart, and the upload stays usable', async () => {
      const key = `${uniquePrefix('invalidpart')}video.webm`;
      const uploadId = await createUpload(key);
      try {
        const b1 = randomPayload(PART_SIZE);
        const b2 = randomPayload(10);
        const e1 = await uploadPart(key, uploadId, 1, b1);
        const e2 = await uploadPart(key, uploadId, 2, b2);
        const wrong = `"${'0'.repeat(32)}"`;
        expect(await sdkError(complete(key, uploadId, [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: wrong }]))).toEqual({
          status: 400,
          code: 'InvalidPart',
        });
        expect(
          await sdkError(
            complete(key, uploadId, [
              { PartNumber: 1, ETag: e1 },
              { PartNumber: 2, ETag: e2 },
              { PartNumber: 3, ETag: e2 },
            ]),
          ),
        ).toEqual({ status: 400, code: 'InvalidPart' });

        const listed = await s3.send(new ListPartsCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId }));
        expect(listed.Parts?.map((p) => p.PartNumber)).toEqual([1, 2]);
        await complete(key, uploadId, [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }]);
        const head = await s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }));
        expect(head.ETag).toBe(multipartEtag([b1, b2]));
      } finally {
        await abortQuietly(key, uploadId);
      }
    });

    it('parts not in ascending order (capability recorded in targets.ts)', async () => {
      const key = `${uniquePrefix('order')}video.webm`;
      const uploadId = await createUpload(key);
      try {
        const b1 = randomPayload(PART_SIZE);
        const b2 = randomPayload(10);
        const e1 = await uploadPart(key, uploadId, 1, b1);
        const e2 = await uploadPart(key, uploadId, 2, b2);
        const result = complete(key, uploadId, [{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }]);
        if (target.capabilities.partOrderChecked) {
          expect(await sdkError(result)).toEqual({ status: 400, code: 'InvalidPartOrder' });
        } else {
          await result;
          const object = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
          expect(Buffer.from(await object.Body!.transformToByteArray()).equals(Buffer.concat([b1, b2]))).toBe(true);
        }
      } finally {
        await abortQuietly(key, uploadId);
      }
    });

    it('an upload id that never existed (capability recorded in targets.ts)', async () => {
      const key = `${uniquePrefix('never')}video.webm`;
      const result = complete(key, '0123456789abcdef0123456789abcdef', [
        { PartNumber: 1, ETag: `"${'0'.repeat(32)}"` },
      ]);
      expect(await sdkError(result)).toEqual(target.capabilities.completeOfUnknownUpload);
    });
  });

  describe('presigned URL signatures', () => {
    let key: string;
    let uploadId: string;
    beforeAll(async () => {
      key = `${uniquePrefix('signature')}video.webm`;
      uploadId = await createUpload(key);
    });
    afterAll(() => abortQuietly(key, uploadId));

    it('a tampered signature → 403', async () => {
      const url = await partUrl(key, uploadId, 1);
      const signature = new URL(url).searchParams.get('X-Amz-Signature')!;
      const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
      expect((await putWithFetch(withQueryParam(url, 'X-Amz-Signature', flipped), randomPayload(10))).status).toBe(403);
    });

    it('an expired URL → 403 (CORS headers on the error: capability recorded in targets.ts)', async () => {
      const url = await partUrl(key, uploadId, 1, { expiresIn: 60, signingDate: new Date(Date.now() - 3600_000) });
      const response = await putWithFetch(url, randomPayload(10));
      expect(response.status).toBe(403);
      const allowOrigin = response.headers.get('access-control-allow-origin');
      if (target.capabilities.corsOnErrorResponses) expect([EXTENSION_ORIGIN, '*']).toContain(allowOrigin);
      else expect(allowOrigin).toBeNull();
    });

    it('a URL signed for part 2 cannot upload part 3', async () => {
      const url = await partUrl(key, uploadId, 2);
      expect((await putWithFetch(withQueryParam(url, 'partNumber', '3'), randomPayload(10))).status).toBe(403);
      const listed = await s3.send(new ListPartsCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId }));
      expect(listed.Parts ?? []).toEqual([]);
    });

    it('a URL signed for one key cannot write another', async () => {
      const url = await presign(s3, new PutObjectCommand({ Bucket: target.bucket, Key: `${key}.json` }));
      const moved = url.replace(`${key}.json`, `${key}.other.json`);
      expect((await putWithFetch(moved, randomPayload(10))).status).toBe(403);
    });

    it('a URL signed with another secret → 403', async () => {
      const forged = makeClient({ ...target, secretAccessKey: `${target.secretAccessKey}x` });
      const url = await presign(forged, new UploadPartCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId, PartNumber: 1 }));
      forged.destroy();
      expect((await putWithFetch(url, randomPayload(10))).status).toBe(403);
    });
  });

  describe('small objects (recording metadata)', () => {
    it('PutObject / GetObject / ListObjectsV2 by prefix / DeleteObjects', async () => {
      const prefix = uniquePrefix('meta');
      const keys = [`${prefix}a/meta.json`, `${prefix}b/meta.json`];
      for (const [i, key] of keys.entries()) {
        await s3.send(
          new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: JSON.stringify({ i }), ContentType: 'application/json' }),
        );
      }
      const got = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: keys[1] }));
      expect(got.ContentType).toBe('application/json');
      expect(JSON.parse(await got.Body!.transformToString())).toEqual({ i: 1 });

      const listed = await s3.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: prefix }));
      expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([
        [keys[0], 7],
        [keys[1], 7],
      ]);
      const grouped = await s3.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: prefix, Delimiter: '/' }));
      expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual([`${prefix}a/`, `${prefix}b/`]);

      const deleted = await s3.send(
        new DeleteObjectsCommand({ Bucket: target.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }),
      );
      expect(deleted.Deleted?.map((d) => d.Key).sort()).toEqual(keys);
      const after = await s3.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: prefix }));
      expect(after.Contents ?? []).toEqual([]);
      expect(await sdkError(s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: keys[0] })))).toMatchObject({ status: 404 });
    });

    it('conditional PutObject with If-None-Match: * never overwrites', async () => {
      const key = `${uniquePrefix('conditional')}meta.json`;
      await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'first', IfNoneMatch: '*' }));
      const second = s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'second', IfNoneMatch: '*' }));
      expect(await sdkError(second)).toEqual({ status: 412, code: 'PreconditionFailed' });
      const object = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
      expect(await object.Body!.transformToString()).toBe('first');
    });
  });

  describe('reading the video', () => {
    const body = randomPayload(PART_SIZE + 777);
    let key: string;
    let url: string;
    beforeAll(async () => {
      key = `${uniquePrefix('range')}video.webm`;
      await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: body, ContentType: 'video/webm' }));
      url = await presign(s3, new GetObjectCommand({ Bucket: target.bucket, Key: key }));
    });

    it('presigned GET with Range → 206 with exactly those bytes', async () => {
      for (const [start, end] of [
        [0, 0],
        [0, 1],
        [1000, 1999],
        [body.length - 10, body.length - 1],
      ] as const) {
        const response = await fetch(url, { headers: { Range: `bytes=${start}-${end}` } });
        expect(response.status).toBe(206);
        expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${body.length}`);
        expect(Buffer.from(await response.arrayBuffer()).equals(body.subarray(start, end + 1))).toBe(true);
      }
    });

    it('open-ended and suffix ranges', async () => {
      const open = await fetch(url, { headers: { Range: `bytes=${PART_SIZE}-` } });
      expect(open.status).toBe(206);
      expect(Buffer.from(await open.arrayBuffer()).equals(body.subarray(PART_SIZE))).toBe(true);

      const suffix = await fetch(url, { headers: { Range: 'bytes=-500' } });
      expect(suffix.status).toBe(206);
      expect(suffix.headers.get('content-range')).toBe(`bytes ${body.length - 500}-${body.length - 1}/${body.length}`);
      expect(Buffer.from(await suffix.arrayBuffer()).equals(body.subarray(body.length - 500))).toBe(true);
    });

    it('a range past the end → 416', async () => {
      const response = await fetch(url, { headers: { Range: `bytes=${body.length + 10}-` } });
      expect(response.status).toBe(416);
      await response.body?.cancel();
    });

    it('DeleteObject removes the object (GET → 404 NoSuchKey)', async () => {
      const doomed = `${uniquePrefix('delete')}video.webm`;
      await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: doomed, Body: 'x' }));
      await s3.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: doomed }));
      const response = await fetch(await presign(s3, new GetObjectCommand({ Bucket: target.bucket, Key: doomed })));
      expect(await readError(response)).toEqual({ status: 404, code: 'NoSuchKey' });
    });
  });
});
