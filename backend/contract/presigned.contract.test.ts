/**
 * Store contract (runs against every target, see targets.ts and fixture.ts).
 * Presigned URLs: what a tampered, expired or re-targeted URL gets, and Range reads of the video.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  EXTENSION_ORIGIN,
  PART_SIZE,
  makeClient,
  presign,
  putWithFetch,
  randomPayload,
  readError,
  uniquePrefix,
  withQueryParam,
} from './helpers';
import { describeEachTarget } from './fixture';

describeEachTarget('presigned URLs', (t) => {
  describe('presigned URL signatures', () => {
    let key: string;
    let uploadId: string;
    beforeAll(async () => {
      key = `${uniquePrefix('signature')}video.webm`;
      uploadId = await t.createUpload(key);
    });
    afterAll(() => t.abortQuietly(key, uploadId));

    it('a tampered signature → 403', async () => {
      const url = await t.partUrl(key, uploadId, 1);
      const signature = new URL(url).searchParams.get('X-Amz-Signature')!;
      const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
      expect((await putWithFetch(withQueryParam(url, 'X-Amz-Signature', flipped), randomPayload(10))).status).toBe(403);
    });

    it('an expired URL → 403 (CORS headers on the error: capability recorded in targets.ts)', async () => {
      const url = await t.partUrl(key, uploadId, 1, { expiresIn: 60, signingDate: new Date(Date.now() - 3600_000) });
      const response = await putWithFetch(url, randomPayload(10));
      expect(response.status).toBe(403);
      const allowOrigin = response.headers.get('access-control-allow-origin');
      if (t.target.capabilities.corsOnErrorResponses) expect([EXTENSION_ORIGIN, '*']).toContain(allowOrigin);
      else expect(allowOrigin).toBeNull();
    });

    it('a URL signed for part 2 cannot upload part 3', async () => {
      const url = await t.partUrl(key, uploadId, 2);
      expect((await putWithFetch(withQueryParam(url, 'partNumber', '3'), randomPayload(10))).status).toBe(403);
      const listed = await t.s3.send(new ListPartsCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId }));
      expect(listed.Parts ?? []).toEqual([]);
    });

    it('a URL signed for one key cannot write another', async () => {
      const url = await presign(t.s3, new PutObjectCommand({ Bucket: t.bucket, Key: `${key}.json` }));
      const moved = url.replace(`${key}.json`, `${key}.other.json`);
      expect((await putWithFetch(moved, randomPayload(10))).status).toBe(403);
    });

    it('a URL signed with another secret → 403', async () => {
      const forged = makeClient({ ...t.target, secretAccessKey: `${t.target.secretAccessKey}x` });
      const url = await presign(forged, new UploadPartCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId, PartNumber: 1 }));
      forged.destroy();
      expect((await putWithFetch(url, randomPayload(10))).status).toBe(403);
    });
  });

  describe('reading the video', () => {
    const body = randomPayload(PART_SIZE + 777);
    let key: string;
    let url: string;
    beforeAll(async () => {
      key = `${uniquePrefix('range')}video.webm`;
      await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: body, ContentType: 'video/webm' }));
      url = await presign(t.s3, new GetObjectCommand({ Bucket: t.bucket, Key: key }));
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
      await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: doomed, Body: 'x' }));
      await t.s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: doomed }));
      const response = await fetch(await presign(t.s3, new GetObjectCommand({ Bucket: t.bucket, Key: doomed })));
      expect(await readError(response)).toEqual({ status: 404, code: 'NoSuchKey' });
    });
  });
});
