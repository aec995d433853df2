/**
 * Store contract (runs against every target, see targets.ts and fixture.ts).
 * Multipart uploads as the extension does them: presigned part PUTs with fetch, ETags read through
 * CORS, ListParts for resuming, abort, and the validation CompleteMultipartUpload must do.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import {
  EXTENSION_ORIGIN,
  PART_SIZE,
  md5Hex,
  multipartEtag,
  presign,
  putWithFetch,
  queryNames,
  randomPayload,
  readError,
  sdkError,
  uniquePrefix,
} from './helpers';
import { describeEachTarget, numberedParts } from './fixture';

/** Starts a PUT announcing `announced` bytes, sends `sent` of them, then drops the connection. */
function sendTruncatedPut(url: string, announced: number, sent: number): Promise<void> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve) => {
    const request = http.request({ hostname, port, path: pathname + search, method: 'PUT', headers: { 'Content-Length': announced } });
    request.on('error', () => resolve());
    request.on('close', () => resolve());
    request.write(Buffer.alloc(sent, 7), () => setTimeout(() => request.destroy(), 100));
  });
}

describeEachTarget('multipart upload', (t) => {
  describe('multipart upload through presigned URLs', () => {
    it('create → 4 parts (3 × 5 MiB + short last) via fetch → ListParts → complete → GET is byte-identical', async () => {
      const key = `${uniquePrefix('happy')}video.webm`;
      const uploadId = await t.createUpload(key);
      const bodies = [randomPayload(PART_SIZE), randomPayload(PART_SIZE), randomPayload(PART_SIZE), randomPayload(12_345)];
      const etags: string[] = [];
      for (const [i, body] of bodies.entries()) {
        const response = await putWithFetch(await t.partUrl(key, uploadId, i + 1), body);
        expect(response.status).toBe(200);
        // What a browser may read: the ETag header must be exposed by CORS.
        expect([EXTENSION_ORIGIN, '*']).toContain(response.headers.get('access-control-allow-origin'));
        expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('etag');
        const etag = response.headers.get('etag');
        expect(etag).toBe(`"${md5Hex(body)}"`);
        etags.push(etag!);
      }

      const listed = await t.s3.send(new ListPartsCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId }));
      expect(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual(
        bodies.map((b, i) => [i + 1, etags[i], b.length]),
      );
      for (const part of listed.Parts ?? []) expect(part.LastModified).toBeInstanceOf(Date);

      const completed = await t.complete(key, uploadId, numberedParts(etags));
      // radosgw answers the first complete with an empty <ETag/>: HeadObject is the reliable source.
      expect(completed.ETag ?? '').toBe(t.target.capabilities.completeReturnsEtag ? multipartEtag(bodies) : '');

      const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }));
      expect(head.ContentLength).toBe(3 * PART_SIZE + 12_345);
      expect(head.ETag).toBe(multipartEtag(bodies));
      expect(head.ContentType).toBe('video/webm');

      const response = await fetch(await presign(t.s3, new GetObjectCommand({ Bucket: t.bucket, Key: key })));
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.concat(bodies))).toBe(true);

      // The upload is gone once completed...
      expect(await sdkError(t.s3.send(new ListPartsCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId })))).toEqual(
        t.target.capabilities.listPartsOfGoneUpload,
      );
      // ...but a retried complete (response lost) succeeds and leaves the object as it was.
      const retried = await t.complete(key, uploadId, numberedParts(etags));
      expect(retried.$metadata.httpStatusCode).toBe(200);
      expect((await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }))).ETag).toBe(multipartEtag(bodies));
    });

    it('presigned URLs carry no checksum parameters', async () => {
      const key = `${uniquePrefix('checksum')}video.webm`;
      const urls = [
        await t.partUrl(key, 'upload-id', 1),
        await presign(t.s3, new GetObjectCommand({ Bucket: t.bucket, Key: key })),
        await presign(t.s3, new PutObjectCommand({ Bucket: t.bucket, Key: key })),
      ];
      for (const url of urls) {
        const names = queryNames(url).map((n) => n.toLowerCase());
        expect(names.filter((n) => n.startsWith('x-amz-checksum-') || n === 'x-amz-sdk-checksum-algorithm')).toEqual([]);
        expect(names).toContain('x-amz-signature');
      }
    });

    it('re-uploading a part number replaces the part', () =>
      t.withUpload('replace', async (key, uploadId) => {
        const first = randomPayload(1000);
        const second = randomPayload(2000);
        const firstEtag = await t.uploadPart(key, uploadId, 1, first);
        const secondEtag = await t.uploadPart(key, uploadId, 1, second);
        expect(secondEtag).not.toBe(firstEtag);

        const listed = await t.s3.send(new ListPartsCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId }));
        expect(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual([[1, secondEtag, 2000]]);

        expect(await sdkError(t.complete(key, uploadId, numberedParts([firstEtag])))).toEqual({ status: 400, code: 'InvalidPart' });

        await t.complete(key, uploadId, numberedParts([secondEtag]));
        const object = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: key }));
        expect(Buffer.from(await object.Body!.transformToByteArray()).equals(second)).toBe(true);
      }));

    it('a part listed before, then replaced by UploadPartCopy, is listed and completed with its new ETag', () =>
      t.withUpload('part-copy', async (key, uploadId) => {
        const sourceKey = `${key}.source`;
        const copied = randomPayload(3000);
        await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: sourceKey, Body: copied }));
        const original = await t.uploadPart(key, uploadId, 1, randomPayload(1000));
        // Listed once (the embedded store then answers from what it knows) …
        const before = await t.s3.send(new ListPartsCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId }));
        expect(before.Parts?.map((p) => [p.PartNumber, p.ETag])).toEqual([[1, original]]);
        // … then the part is replaced by a copy.
        const copy = await t.s3.send(
          new UploadPartCopyCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId, PartNumber: 1, CopySource: `${t.bucket}/${sourceKey}` }),
        );
        // radosgw leaves the quotes off this one ETag.
        const unquoted = (etag: string | undefined) => etag?.replace(/"/g, '');
        expect(unquoted(copy.CopyPartResult?.ETag)).toBe(md5Hex(copied));
        const after = await t.s3.send(new ListPartsCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId }));
        expect(after.Parts?.map((p) => [p.PartNumber, unquoted(p.ETag), p.Size])).toEqual([[1, md5Hex(copied), 3000]]);
        await t.complete(key, uploadId, numberedParts([after.Parts![0]!.ETag!]));
        const object = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: key }));
        expect(Buffer.from(await object.Body!.transformToByteArray()).equals(copied)).toBe(true);
      }));

    it('an interrupted re-upload of a part leaves the previous part in place', () =>
      t.withUpload('interrupted', async (key, uploadId) => {
        const etag = await t.uploadPart(key, uploadId, 1, randomPayload(1000));
        // Announce 5 MiB, send 100 KiB, then drop the connection (a tab closed mid-upload).
        await sendTruncatedPut(await t.partUrl(key, uploadId, 1), PART_SIZE, 100 * 1024);
        await expect
          .poll(async () => {
            const listed = await t.s3.send(new ListPartsCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId }));
            return listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size]);
          })
          .toEqual([[1, etag, 1000]]);
      }));

    it('ListMultipartUploads lists unfinished uploads by prefix (Key, UploadId, Initiated)', async () => {
      const prefix = uniquePrefix('list');
      const keys = [`${prefix}a.webm`, `${prefix}b.webm`];
      const ids = [await t.createUpload(keys[0]!), await t.createUpload(keys[1]!)];
      const outsideKey = `${uniquePrefix('elsewhere')}c.webm`;
      const outside = await t.createUpload(outsideKey);
      try {
        const listed = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: t.bucket, Prefix: prefix }));
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
        await Promise.all(keys.map((k, i) => t.abortQuietly(k, ids[i]!)));
        await t.abortQuietly(outsideKey, outside);
      }
    });

    it('AbortMultipartUpload leaves no upload and no parts', async () => {
      const prefix = uniquePrefix('abort');
      const key = `${prefix}video.webm`;
      const uploadId = await t.createUpload(key);
      await t.uploadParts(key, uploadId, [randomPayload(PART_SIZE), randomPayload(1000)]);

      await t.s3.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId }));

      const listed = await t.s3.send(new ListMultipartUploadsCommand({ Bucket: t.bucket, Prefix: prefix }));
      expect(listed.Uploads ?? []).toEqual([]);
      expect(await sdkError(t.s3.send(new ListPartsCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId })))).toEqual(
        t.target.capabilities.listPartsOfGoneUpload,
      );
      const late = await putWithFetch(await t.partUrl(key, uploadId, 3), randomPayload(10));
      expect(await readError(late)).toEqual({ status: 404, code: 'NoSuchUpload' });
      expect(
        await sdkError(t.s3.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId }))),
      ).toEqual({ status: 404, code: 'NoSuchUpload' });
    });

    it('UploadPart to an unknown upload id → 404 NoSuchUpload', async () => {
      const key = `${uniquePrefix('unknown')}video.webm`;
      const response = await putWithFetch(await t.partUrl(key, '0123456789abcdef0123456789abcdef', 1), randomPayload(10));
      expect(await readError(response)).toEqual({ status: 404, code: 'NoSuchUpload' });
      // An upload id that belongs to another key is unknown for this key.
      await t.withUpload('unknown-other', async (_otherKey, otherId) => {
        const crossed = await putWithFetch(await t.partUrl(key, otherId, 1), randomPayload(10));
        expect(await readError(crossed)).toEqual({ status: 404, code: 'NoSuchUpload' });
      });
    });

    it('part numbers outside 1..10000 (capability recorded in targets.ts)', () =>
      t.withUpload('partnumber', async (key, uploadId) => {
        for (const partNumber of [0, 10_001]) {
          const signed = await presign(
            t.s3,
            new UploadPartCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }),
          );
          expect(new URL(signed).searchParams.get('partNumber')).toBe(String(partNumber));
          const response = await putWithFetch(signed, randomPayload(10));
          if (t.target.capabilities.partNumberRangeChecked) {
            expect(await readError(response)).toEqual({ status: 400, code: 'InvalidArgument' });
          } else {
            expect(response.status).toBeLessThan(500);
          }
        }
      }));
  });

  describe('CompleteMultipartUpload validation', () => {
    it('a non-last part under 5 MiB → EntityTooSmall', () =>
      t.withUpload('small', async (key, uploadId) => {
        const etags = await t.uploadParts(key, uploadId, [randomPayload(PART_SIZE - 1), randomPayload(100)]);
        expect(await sdkError(t.complete(key, uploadId, numberedParts(etags)))).toEqual({ status: 400, code: 'EntityTooSmall' });
      }));

    it('a wrong ETag or a missing part → InvalidPart, and the upload stays usable', () =>
      t.withUpload('invalidpart', async (key, uploadId) => {
        const bodies = [randomPayload(PART_SIZE), randomPayload(10)];
        const [e1, e2] = (await t.uploadParts(key, uploadId, bodies)) as [string, string];
        const wrong = `"${'0'.repeat(32)}"`;
        expect(await sdkError(t.complete(key, uploadId, numberedParts([e1, wrong])))).toEqual({ status: 400, code: 'InvalidPart' });
        expect(await sdkError(t.complete(key, uploadId, numberedParts([e1, e2, e2])))).toEqual({ status: 400, code: 'InvalidPart' });

        const listed = await t.s3.send(new ListPartsCommand({ Bucket: t.bucket, Key: key, UploadId: uploadId }));
        expect(listed.Parts?.map((p) => p.PartNumber)).toEqual([1, 2]);
        await t.complete(key, uploadId, numberedParts([e1, e2]));
        const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }));
        expect(head.ETag).toBe(multipartEtag(bodies));
      }));

    it('parts not in ascending order (capability recorded in targets.ts)', () =>
      t.withUpload('order', async (key, uploadId) => {
        const bodies = [randomPayload(PART_SIZE), randomPayload(10)];
        const [e1, e2] = (await t.uploadParts(key, uploadId, bodies)) as [string, string];
        const result = t.complete(key, uploadId, [{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }]);
        if (t.target.capabilities.partOrderChecked) {
          expect(await sdkError(result)).toEqual({ status: 400, code: 'InvalidPartOrder' });
        } else {
          await result;
          const object = await t.s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: key }));
          expect(Buffer.from(await object.Body!.transformToByteArray()).equals(Buffer.concat(bodies))).toBe(true);
        }
      }));

    it('an upload id that never existed (capability recorded in targets.ts)', async () => {
      const key = `${uniquePrefix('never')}video.webm`;
      const result = t.complete(key, '0123456789abcdef0123456789abcdef', [
        { PartNumber: 1, ETag: `"${'0'.repeat(32)}"` },
      ]);
      expect(await sdkError(result)).toEqual(t.target.capabilities.completeOfUnknownUpload);
    });
  });
});
