/**
 * Store contract (runs against every target, see targets.ts and fixture.ts).
 * The object a CompleteMultipartUpload produces, read and changed like any object: HEAD, Range
 * reads that start in any part and span part boundaries, listing, CopyObject, overwrite,
 * delete, and readers running while it is completed or replaced.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { PART_SIZE, md5Hex, multipartEtag, presign, randomPayload, sdkError, uniquePrefix } from './helpers';
import { describeEachTarget, type TargetFixture } from './fixture';

/** Uploads `bodies` as the parts of a new multipart upload of `key` and completes it. */
async function putMultipart(t: TargetFixture, key: string, bodies: Buffer[], metadata?: Record<string, string>) {
  const { UploadId } = await t.s3.send(
    new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: key, ContentType: 'video/webm', Metadata: metadata }),
  );
  const parts = await Promise.all(
    bodies.map(async (Body, i) => {
      const { ETag } = await t.s3.send(
        new UploadPartCommand({ Bucket: t.bucket, Key: key, UploadId, PartNumber: i + 1, Body }),
      );
      return { PartNumber: i + 1, ETag: ETag! };
    }),
  );
  return { uploadId: UploadId!, parts, complete: () => t.complete(key, UploadId!, parts) };
}

async function getBytes(t: TargetFixture, key: string, range?: string): Promise<{ status: number; bytes: Buffer; contentRange: string | null }> {
  const response = await fetch(await presign(t.s3, new GetObjectCommand({ Bucket: t.bucket, Key: key })), {
    headers: range ? { Range: range } : {},
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), contentRange: response.headers.get('content-range') };
}

describeEachTarget('completed multipart object', (t) => {
  describe('reading it', () => {
    const bodies = [randomPayload(PART_SIZE), randomPayload(PART_SIZE), randomPayload(777)];
    const whole = Buffer.concat(bodies);
    let key: string;
    beforeAll(async () => {
      key = `${uniquePrefix('completed')}video`;
      await (await putMultipart(t, key, bodies, { title: 'hello' })).complete();
    });

    it('HEAD and GET: size, multipart ETag, Content-Type, metadata, bytes', async () => {
      const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }));
      expect(head.ContentLength).toBe(whole.length);
      expect(head.ETag).toBe(multipartEtag(bodies));
      expect(head.ContentType).toBe('video/webm');
      expect(head.Metadata).toEqual({ title: 'hello' });
      const got = await getBytes(t, key);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(whole)).toBe(true);
    });

    it('Range reads inside a part, across part boundaries and at their edges → 206 with exactly those bytes', async () => {
      const ranges: Array<[number, number]> = [
        [0, 0],
        [1000, 1999],
        [PART_SIZE - 100, PART_SIZE + 99], // parts 1 → 2
        [PART_SIZE - 1, PART_SIZE], // the last byte of part 1 and the first of part 2
        [PART_SIZE, PART_SIZE], // the first byte of part 2 alone
        [100, 2 * PART_SIZE + 500], // all three parts
        [2 * PART_SIZE - 1, whole.length - 1], // the last byte of part 2 and the whole short last part
        [whole.length - 1, whole.length - 1],
      ];
      for (const [start, end] of ranges) {
        const got = await getBytes(t, key, `bytes=${start}-${end}`);
        expect(got.status, `bytes=${start}-${end}`).toBe(206);
        expect(got.contentRange).toBe(`bytes ${start}-${end}/${whole.length}`);
        expect(got.bytes.equals(whole.subarray(start, end + 1)), `bytes=${start}-${end}`).toBe(true);
      }
    });

    it('open-ended and suffix ranges spanning parts', async () => {
      const open = await getBytes(t, key, `bytes=${PART_SIZE + 12_345}-`);
      expect(open.status).toBe(206);
      expect(open.bytes.equals(whole.subarray(PART_SIZE + 12_345))).toBe(true);

      // The last 1000 bytes: the end of part 2 and all of the 777-byte part 3.
      const suffix = await getBytes(t, key, 'bytes=-1000');
      expect(suffix.status).toBe(206);
      expect(suffix.contentRange).toBe(`bytes ${whole.length - 1000}-${whole.length - 1}/${whole.length}`);
      expect(suffix.bytes.equals(whole.subarray(whole.length - 1000))).toBe(true);

      const past = await getBytes(t, key, `bytes=${whole.length}-`);
      expect(past.status).toBe(416);
    });

    it('ListObjectsV2 lists it with its size and ETag', async () => {
      const listed = await t.s3.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: key }));
      expect(listed.Contents?.map((o) => [o.Key, o.Size, o.ETag])).toEqual([[key, whole.length, multipartEtag(bodies)]]);
    });

    it('CopyObject makes an independent copy (bytes, ranges, Content-Type); REPLACE changes only metadata', async () => {
      const copy = `${uniquePrefix('copy')}video`;
      await t.s3.send(new CopyObjectCommand({ Bucket: t.bucket, Key: copy, CopySource: `${t.bucket}/${key}` }));
      const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: copy }));
      expect(head.ContentLength).toBe(whole.length);
      expect(head.ContentType).toBe('video/webm');
      expect((await getBytes(t, copy)).bytes.equals(whole)).toBe(true);
      const across = await getBytes(t, copy, `bytes=${PART_SIZE - 10}-${PART_SIZE + 9}`);
      expect(across.bytes.equals(whole.subarray(PART_SIZE - 10, PART_SIZE + 10))).toBe(true);

      await t.s3.send(
        new CopyObjectCommand({
          Bucket: t.bucket,
          Key: copy,
          CopySource: `${t.bucket}/${copy}`,
          MetadataDirective: 'REPLACE',
          ContentType: 'video/x-matroska',
        }),
      );
      const replaced = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: copy }));
      expect(replaced.ContentType).toBe('video/x-matroska');
      expect((await getBytes(t, copy)).bytes.equals(whole)).toBe(true);

      // Deleting the copy leaves the original whole.
      await t.s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: copy }));
      expect((await getBytes(t, key)).bytes.equals(whole)).toBe(true);
    });
  });

  describe('replacing and deleting it', () => {
    it('a later PutObject replaces it; a later complete replaces that', async () => {
      const key = `${uniquePrefix('overwrite')}video`;
      await (await putMultipart(t, key, [randomPayload(PART_SIZE), randomPayload(10)])).complete();
      const small = randomPayload(3000);
      await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: small, ContentType: 'application/octet-stream' }));
      const head = await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }));
      expect([head.ContentLength, head.ETag, head.ContentType]).toEqual([3000, `"${md5Hex(small)}"`, 'application/octet-stream']);
      expect((await getBytes(t, key, 'bytes=-100')).bytes.equals(small.subarray(-100))).toBe(true);

      const again = [randomPayload(PART_SIZE), randomPayload(5)];
      await (await putMultipart(t, key, again)).complete();
      expect((await t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }))).ETag).toBe(multipartEtag(again));
      expect((await getBytes(t, key)).bytes.equals(Buffer.concat(again))).toBe(true);
    });

    it('DeleteObject and DeleteObjects remove completed objects', async () => {
      const prefix = uniquePrefix('delete-completed');
      const keys = [`${prefix}a`, `${prefix}b`, `${prefix}c`];
      for (const key of keys) await (await putMultipart(t, key, [randomPayload(PART_SIZE), randomPayload(1)])).complete();
      await t.s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: keys[0] }));
      await t.s3.send(
        new DeleteObjectsCommand({ Bucket: t.bucket, Delete: { Objects: keys.slice(1).map((Key) => ({ Key })) } }),
      );
      for (const key of keys) {
        expect(await sdkError(t.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key })))).toMatchObject({ status: 404 });
        expect((await getBytes(t, key)).status).toBe(404);
      }
      const listed = await t.s3.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: prefix }));
      expect(listed.Contents ?? []).toEqual([]);
    });

    it('readers during a complete that replaces an object get the old or the new object, whole', async () => {
      const key = `${uniquePrefix('concurrent')}video`;
      const old = randomPayload(2 * PART_SIZE);
      await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: key, Body: old }));
      const next = [randomPayload(PART_SIZE), randomPayload(PART_SIZE), randomPayload(4321)];
      const upload = await putMultipart(t, key, next);
      const fresh = Buffer.concat(next);
      const readers = Array.from({ length: 6 }, (_, i) =>
        new Promise((resolve) => setTimeout(resolve, i * 3)).then(() => getBytes(t, key)),
      );
      await upload.complete();
      for (const got of await Promise.all(readers)) {
        expect(got.status).toBe(200);
        expect(got.bytes.equals(old) || got.bytes.equals(fresh), `a reader got ${got.bytes.length} bytes of neither`).toBe(true);
      }
      const after = await Promise.all(Array.from({ length: 4 }, () => getBytes(t, key, `bytes=${PART_SIZE - 5}-${PART_SIZE + 4}`)));
      for (const got of after) expect(got.bytes.equals(fresh.subarray(PART_SIZE - 5, PART_SIZE + 5))).toBe(true);
    });
  });
});
