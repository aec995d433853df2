/**
 * Embedded store only: what a completed multipart upload is on disk (a manifest plus the part
 * files, moved, never copied), that deleting or replacing it removes the parts, that it
 * survives restarts, and that a crash at any moment of a complete leaves no damaged object.
 * The layout (`._S3rver_uploads`, `._S3rver_objects`, `._S3rver_tmp`) is the store's own, see
 * embedded-s3/src/object-files.ts.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { EmbeddedS3 } from '../index';
import { MANIFEST_MAGIC, encodeManifest } from '../src/manifest';
import { PART_SIZE, eventually, md5Hex, multipartEtag, randomPayload, sdkError } from '../../backend/contract/helpers';
import { BUCKET, freshDirectory, startStore } from './store-fixture';

/** Starts a store on `directory`; stopped after the test (stopping twice is harmless). */
async function start(directory: string): Promise<{ store: EmbeddedS3; s3: S3Client; logs: string[] }> {
  const logs: string[] = [];
  const { store, s3 } = await startStore(directory, { log: (line) => logs.push(line) });
  return { store, s3, logs };
}

async function upload(s3: S3Client, key: string, bodies: Buffer[]) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ContentType: 'video/webm' }));
  const parts: Array<{ PartNumber: number; ETag: string }> = [];
  for (const [i, Body] of bodies.entries()) {
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: i + 1, Body }));
    parts.push({ PartNumber: i + 1, ETag: ETag! });
  }
  // Through `client` when the store was restarted (a new endpoint) since.
  const complete = (client: S3Client = s3) =>
    client.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
  return { uploadId: UploadId!, complete };
}

async function getBytes(s3: S3Client, key: string, range?: string): Promise<Buffer> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: range }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

/** Every file under `dir` (relative path → size). */
async function filesUnder(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const walk = async (at: string): Promise<void> => {
    for (const entry of await fs.readdir(at, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.set(path.relative(dir, full), (await fs.stat(full)).size);
    }
  };
  await walk(dir);
  return found;
}

/** Part files on disk (named by part number) in uploads and in data folders. */
async function partFiles(directory: string): Promise<string[]> {
  const all = await filesUnder(path.join(directory, BUCKET));
  return [...all.keys()].filter((f) => /^\._S3rver_(objects|uploads)\/[0-9a-f]{32}\/\d+$/.test(f));
}

describe('embedded store: completed uploads on disk', () => {
  it('complete moves the part files (same inodes) and the object file is a small manifest', async () => {
    const directory = await freshDirectory();
    const { s3 } = await start(directory);
    const bodies = [randomPayload(PART_SIZE), randomPayload(PART_SIZE), randomPayload(999)];
    const { uploadId, complete } = await upload(s3, 'rec/video', bodies);
    const uploadDir = path.join(directory, BUCKET, '._S3rver_uploads', uploadId);
    const inodesBefore = await Promise.all([1, 2, 3].map(async (n) => (await fs.stat(path.join(uploadDir, String(n)))).ino));

    await complete();
    const objectFile = path.join(directory, BUCKET, 'rec', 'video._S3rver_object');
    const manifest = await fs.readFile(objectFile);
    expect(manifest.subarray(0, MANIFEST_MAGIC.length).toString()).toBe(MANIFEST_MAGIC);
    expect(manifest.length).toBeLessThan(4096);
    const dataFiles = await partFiles(directory);
    expect(dataFiles.every((f) => f.startsWith('._S3rver_objects/'))).toBe(true);
    expect(dataFiles).toHaveLength(3);
    const inodesAfter = await Promise.all(dataFiles.map(async (f) => (await fs.stat(path.join(directory, BUCKET, f))).ino));
    expect(inodesAfter.sort()).toEqual(inodesBefore.sort());
    expect((await getBytes(s3, 'rec/video')).equals(Buffer.concat(bodies))).toBe(true);
  });

  it('parts uploaded but left out of the complete are removed', async () => {
    const directory = await freshDirectory();
    const { s3 } = await start(directory);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'partial' }));
    const bodies = [randomPayload(PART_SIZE), randomPayload(10), randomPayload(20)];
    const etags: string[] = [];
    for (const [i, Body] of bodies.entries()) {
      etags.push((await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'partial', UploadId, PartNumber: i + 1, Body }))).ETag!);
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'partial',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: etags[0] }, { PartNumber: 2, ETag: etags[1] }] },
      }),
    );
    expect((await partFiles(directory)).map((f) => path.basename(f)).sort()).toEqual(['1', '2']);
    expect((await getBytes(s3, 'partial')).equals(Buffer.concat(bodies.slice(0, 2)))).toBe(true);
  });

  it('DeleteObject, DeleteObjects, an overwriting PutObject or complete leave no part data behind', async () => {
    const directory = await freshDirectory();
    const { s3 } = await start(directory);
    const twoParts = () => [randomPayload(PART_SIZE), randomPayload(10)];
    for (const key of ['a', 'b', 'c', 'd']) await (await upload(s3, key, twoParts())).complete();
    // A copy has parts of its own (hard links): deleting the source must not take them.
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'a-copy', CopySource: `${BUCKET}/a` }));
    expect(await partFiles(directory)).toHaveLength(5 * 2);

    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'a' }));
    expect((await getBytes(s3, 'a-copy')).length).toBe(PART_SIZE + 10);
    await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'b' }, { Key: 'a-copy' }] } }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'c', Body: 'now small' }));
    const replacement = twoParts();
    await (await upload(s3, 'd', replacement)).complete();
    expect(await partFiles(directory)).toHaveLength(2); // only the replacement of d

    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'd' }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'c' }));
    expect(await partFiles(directory)).toEqual([]);
    const left = [...(await filesUnder(path.join(directory, BUCKET))).entries()];
    // What remains is bookkeeping: the bucket's CORS and the records of completed uploads.
    expect(left.every(([file, size]) => size < 1024 && /^\._S3rver_(cors\.xml|uploads\/completed\/)/.test(file)), JSON.stringify(left)).toBe(true);
  });

  it('a completed object is served the same after the store restarts', async () => {
    const directory = await freshDirectory();
    const bodies = [randomPayload(PART_SIZE), randomPayload(PART_SIZE), randomPayload(5)];
    const whole = Buffer.concat(bodies);
    const first = await start(directory);
    await (await upload(first.s3, 'kept/video', bodies)).complete();
    await first.store.stop();

    const { s3 } = await start(directory);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'kept/video' }));
    expect([head.ContentLength, head.ETag, head.ContentType]).toEqual([whole.length, multipartEtag(bodies), 'video/webm']);
    expect((await getBytes(s3, 'kept/video')).equals(whole)).toBe(true);
    const range = `bytes=${PART_SIZE - 3}-${2 * PART_SIZE + 2}`;
    expect((await getBytes(s3, 'kept/video', range)).equals(whole.subarray(PART_SIZE - 3, 2 * PART_SIZE + 3))).toBe(true);
  });

  it('a GET that started before a delete reads the whole object; the parts go once it is done', async () => {
    const directory = await freshDirectory();
    const { s3 } = await start(directory);
    const bodies = Array.from({ length: 6 }, () => randomPayload(PART_SIZE));
    await (await upload(s3, 'long/video', bodies)).complete();

    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'long/video' }));
    const reader = (object.Body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    const chunks: Uint8Array[] = [(await reader.next()).value as Uint8Array];
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'long/video' }));
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'long/video' }))).rejects.toThrow();
    // 30 MiB cannot all be in socket buffers yet: the reader still needs the part files.
    expect((await partFiles(directory)).length).toBeGreaterThan(0);
    for (let next = await reader.next(); !next.done; next = await reader.next()) chunks.push(next.value);
    expect(Buffer.concat(chunks).equals(Buffer.concat(bodies))).toBe(true);
    await eventually(async () => (await partFiles(directory)).length === 0, 'parts removed after the last reader', { intervalMs: 50 });
  });

  it('reads that end without a body (HEAD, 304 Not Modified, 416) leave nothing holding the parts', async () => {
    const directory = await freshDirectory();
    const { s3 } = await start(directory);
    await (await upload(s3, 'cached/video', [randomPayload(PART_SIZE), randomPayload(10)])).complete();
    const { ETag } = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cached/video' }));
    for (let i = 0; i < 3; i++) {
      const notModified = await sdkError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cached/video', IfNoneMatch: ETag })));
      expect(notModified.status).toBe(304);
    }
    const unsatisfiable = await sdkError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cached/video', Range: 'bytes=99999999-' })));
    expect(unsatisfiable.status).toBe(416);
    // With no reader left, the delete removes the parts before it answers.
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'cached/video' }));
    expect(await partFiles(directory)).toEqual([]);
  });

  it('PutObject bytes that start like a manifest come back unchanged', async () => {
    const directory = await freshDirectory();
    const { s3 } = await start(directory);
    // Even a complete, well-formed manifest naming data that exists must stay plain bytes.
    await (await upload(s3, 'real', [randomPayload(PART_SIZE), randomPayload(3)])).complete();
    const [dataId] = await fs.readdir(path.join(directory, BUCKET, '._S3rver_objects'));
    const forged = encodeManifest({
      dataId: dataId!,
      size: PART_SIZE + 3,
      etag: 'f'.repeat(32),
      metadata: {},
      parts: [{ file: '1', size: PART_SIZE }, { file: '2', size: 3 }],
    });
    for (const body of [forged, Buffer.from(MANIFEST_MAGIC), Buffer.concat([Buffer.from(MANIFEST_MAGIC), randomPayload(100)])]) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'looks-like', Body: body, ContentType: 'text/plain' }));
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'looks-like' }));
      expect([head.ContentLength, head.ETag, head.ContentType]).toEqual([body.length, `"${md5Hex(body)}"`, 'text/plain']);
      expect((await getBytes(s3, 'looks-like')).equals(body)).toBe(true);
      expect((await getBytes(s3, 'looks-like', 'bytes=3-9')).equals(body.subarray(3, 10))).toBe(true);
      await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'looks-like-copy', CopySource: `${BUCKET}/looks-like` }));
      expect((await getBytes(s3, 'looks-like-copy')).equals(body)).toBe(true);
    }
  });
});

describe('embedded store: crash safety of complete', () => {
  it('a store process killed at random moments of completes never leaves a damaged object', async () => {
    const directory = await freshDirectory();
    const { store, s3 } = await start(directory);
    let current = randomPayload(1000);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'crash/video', Body: current }));
    for (let round = 0; round < 4; round++) {
      const bodies = [randomPayload(PART_SIZE), randomPayload(1000 + round)];
      const next = Buffer.concat(bodies);
      const pending = await upload(s3, 'crash/video', bodies);
      const restarts = store.restarts;
      const answer = pending.complete().then(
        () => 'completed',
        () => 'lost',
      );
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 60)));
      process.kill(store.pid!, 'SIGKILL');
      await answer;
      await eventually(async () => store.restarts > restarts, 'store restarted', { intervalMs: 50 });
      // The object is the old one or the new one, whole; if it is still the old one, the
      // upload is still there and its complete can be retried.
      const got = await getBytes(s3, 'crash/video');
      expect(got.equals(current) || got.equals(next), `round ${round}: ${got.length} bytes of neither`).toBe(true);
      if (got.equals(current)) {
        const parts = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'crash/video', UploadId: pending.uploadId }));
        expect(parts.Parts).toHaveLength(2);
      }
      await pending.complete(); // a retry: succeeds either way
      expect((await getBytes(s3, 'crash/video')).equals(next)).toBe(true);
      current = next;
    }
  }, 180_000); // each round waits for a real restart of the store process

  it('recovery at startup (files laid out as a crash would leave them, then a restart)', async () => {
    const directory = await freshDirectory();
    const bucketDir = path.join(directory, BUCKET);
    const old = randomPayload(2000);
    const bodies = [randomPayload(PART_SIZE), randomPayload(77)];
    const first = await start(directory);
    await first.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'rec/video', Body: old }));
    const pending = await upload(first.s3, 'rec/video', bodies);
    await first.store.stop();

    // 1. A complete that moved the upload into a data folder but never committed its manifest.
    const interrupted = path.join(bucketDir, '._S3rver_objects', randomBytes(16).toString('hex'));
    await fs.mkdir(path.dirname(interrupted), { recursive: true });
    await fs.rename(path.join(bucketDir, '._S3rver_uploads', pending.uploadId), interrupted);
    await fs.writeFile(path.join(interrupted, 'completing'), pending.uploadId);
    // 2. Its manifest, written but not renamed into place.
    await fs.mkdir(path.join(bucketDir, '._S3rver_tmp'), { recursive: true });
    await fs.writeFile(path.join(bucketDir, '._S3rver_tmp', 'abc123'), encodeManifest({
      dataId: path.basename(interrupted),
      size: PART_SIZE + 77,
      etag: 'a'.repeat(32) + '-2',
      metadata: {},
      parts: [{ file: '1', size: PART_SIZE }, { file: '2', size: 77 }],
    }));
    // 3. The data folder of an object deleted while a GET still read it.
    const orphan = path.join(bucketDir, '._S3rver_objects', randomBytes(16).toString('hex'));
    await fs.mkdir(orphan);
    await fs.writeFile(path.join(orphan, 'key'), 'deleted/video');
    await fs.writeFile(path.join(orphan, '1'), randomPayload(1000));

    const { s3, logs } = await start(directory);
    expect((await getBytes(s3, 'rec/video')).equals(old)).toBe(true);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'rec/' }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toEqual([pending.uploadId]);
    expect(logs.some((line) => line.includes(`interrupted complete of upload ${pending.uploadId}`))).toBe(true);
    await expect(fs.stat(orphan)).rejects.toThrow();
    await expect(fs.stat(path.join(bucketDir, '._S3rver_tmp', 'abc123'))).rejects.toThrow();

    await pending.complete(s3);
    expect((await getBytes(s3, 'rec/video')).equals(Buffer.concat(bodies))).toBe(true);
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'rec/video' }))).ETag).toBe(multipartEtag(bodies));
  });

  it('a completed-upload record cut short by a kill (empty, or half its JSON) is no record: the complete goes on', async () => {
    const directory = await freshDirectory();
    const uploadsDir = path.join(directory, BUCKET, '._S3rver_uploads');
    const first = await start(directory);
    const bodies = [[randomPayload(PART_SIZE), randomPayload(10)], [randomPayload(PART_SIZE), randomPayload(20)]];
    const pendings = [await upload(first.s3, 'cut/a', bodies[0]!), await upload(first.s3, 'cut/b', bodies[1]!)];
    await first.store.stop();
    // What remember() leaves when the process dies inside its writeFile (the commit never came).
    await fs.mkdir(path.join(uploadsDir, 'completed'), { recursive: true });
    await fs.writeFile(path.join(uploadsDir, 'completed', pendings[0]!.uploadId), '');
    await fs.writeFile(path.join(uploadsDir, 'completed', pendings[1]!.uploadId), '{"key":"cut/b","et');

    const { s3 } = await start(directory);
    for (const [i, key] of ['cut/a', 'cut/b'].entries()) {
      await pendings[i]!.complete(s3); // a 500 (InternalError) before
      expect((await getBytes(s3, key)).equals(Buffer.concat(bodies[i]!))).toBe(true);
    }
  });
});
