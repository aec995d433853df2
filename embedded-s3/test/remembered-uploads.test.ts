/**
 * Embedded store only: what the store remembers between requests to save file reads (uploads
 * whose key it has read, folders it has created; multipart.ts, known-folders.ts) never outlives
 * what it describes: a completed, aborted or deleted-with-its-bucket upload answers NoSuchUpload,
 * and a re-created bucket takes objects again.
 */
import { describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomPayload, sdkError } from '../../backend/contract/helpers';
import { BUCKET, freshDirectory, startStore } from './store-fixture';

const NO_SUCH_UPLOAD = { status: 404, code: 'NoSuchUpload' };

/** An upload with one part uploaded (so the store has read its key file). */
async function started(s3: S3Client, key: string) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
  const { ETag } = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: randomPayload(1000) }));
  const id = { Bucket: BUCKET, Key: key, UploadId: UploadId! };
  return {
    id,
    complete: () => s3.send(new CompleteMultipartUploadCommand({ ...id, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: ETag! }] } })),
    uploadPart: (n: number) => s3.send(new UploadPartCommand({ ...id, PartNumber: n, Body: randomPayload(10) })),
    listParts: () => s3.send(new ListPartsCommand(id)),
  };
}

describe('embedded store: remembered uploads and folders', () => {
  it('an aborted or completed upload answers NoSuchUpload to UploadPart, ListParts and complete', async () => {
    const { s3 } = await startStore(await freshDirectory());
    const aborted = await started(s3, 'remembered/aborted');
    await s3.send(new AbortMultipartUploadCommand(aborted.id));
    expect(await sdkError(aborted.uploadPart(2))).toEqual(NO_SUCH_UPLOAD);
    expect(await sdkError(aborted.listParts())).toEqual(NO_SUCH_UPLOAD);
    expect(await sdkError(aborted.complete())).toEqual(NO_SUCH_UPLOAD);

    const completed = await started(s3, 'remembered/completed');
    const { ETag } = await completed.complete();
    expect(await sdkError(completed.uploadPart(2))).toEqual(NO_SUCH_UPLOAD);
    expect(await sdkError(completed.listParts())).toEqual(NO_SUCH_UPLOAD);
    expect((await completed.complete()).ETag).toBe(ETag); // a retried complete still succeeds
  });

  it('after DeleteBucket and CreateBucket: old uploads are gone, new objects and uploads work', async () => {
    const { s3 } = await startStore(await freshDirectory());
    // Every folder the store remembers exists: temp, data, completed records, a key folder.
    await (await started(s3, 'before/video')).complete();
    const old = await started(s3, 'before/other');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'before/meta.json', Body: '{}' }));
    // Emptied (s3rver refuses to delete a bucket with objects, not one with uploads), deleted, re-created.
    for (const Key of ['before/video', 'before/meta.json']) await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));
    await s3.send(new DeleteBucketCommand({ Bucket: BUCKET }));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));

    expect(await sdkError(old.listParts())).toEqual(NO_SUCH_UPLOAD);
    expect(await sdkError(old.complete())).toEqual(NO_SUCH_UPLOAD);
    expect(await sdkError(old.uploadPart(2))).toEqual(NO_SUCH_UPLOAD);

    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'before/meta.json', Body: '{"again":true}' }));
    const again = await started(s3, 'before/video');
    await again.complete();
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'before/video' }));
    expect((await got.Body!.transformToByteArray()).length).toBe(1000);
    const meta = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'before/meta.json' }));
    expect(await meta.Body!.transformToString()).toBe('{"again":true}');
  });
});
