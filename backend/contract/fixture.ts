/**
 * Runs a block of contract tests once per selected target (REELAY_CONTRACT_TARGETS), with the
 * target opened before and closed after, plus the multipart steps most tests share.
 */
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { makeClient, presign, putWithFetch, uniquePrefix } from './helpers';
import { openEmbedded, openRadosgw, type OpenTarget, type StoreTarget, type TargetName } from './targets';

export class TargetFixture {
  private opened: { handle: OpenTarget; s3: S3Client } | undefined;

  async open(name: TargetName): Promise<void> {
    const handle = name === 'embedded' ? await openEmbedded() : await openRadosgw(inject('radosgw'));
    this.opened = { handle, s3: makeClient(handle.target) };
  }

  async close(): Promise<void> {
    this.opened?.s3.destroy();
    await this.opened?.handle.close();
    this.opened = undefined;
  }

  private get current() {
    if (!this.opened) throw new Error('contract target is not open (its beforeAll failed)');
    return this.opened;
  }

  get target(): StoreTarget {
    return this.current.handle.target;
  }

  get s3(): S3Client {
    return this.current.s3;
  }

  get bucket(): string {
    return this.target.bucket;
  }

  async createUpload(key: string): Promise<string> {
    const { UploadId } = await this.s3.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: 'video/webm' }),
    );
    expect(UploadId).toBeTruthy();
    return UploadId!;
  }

  partUrl(key: string, uploadId: string, partNumber: number, options?: { expiresIn?: number; signingDate?: Date }) {
    return presign(
      this.s3,
      new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }),
      options,
    );
  }

  /** Uploads a part through a presigned URL with fetch; returns its ETag as a browser reads it. */
  async uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string> {
    const response = await putWithFetch(await this.partUrl(key, uploadId, partNumber), body);
    expect(response.status, await response.clone().text()).toBe(200);
    const etag = response.headers.get('etag');
    expect(etag).toBeTruthy();
    return etag!;
  }

  /** Uploads `bodies` as parts 1, 2, ... (see uploadPart); returns their ETags in order. */
  async uploadParts(key: string, uploadId: string, bodies: Uint8Array[]): Promise<string[]> {
    const etags: string[] = [];
    for (const [i, body] of bodies.entries()) etags.push(await this.uploadPart(key, uploadId, i + 1, body));
    return etags;
  }

  /**
   * Runs `use` with a new multipart upload of a key of its own (under `label`), then aborts the
   * upload whatever happened (a no-op once it was completed).
   */
  async withUpload(label: string, use: (key: string, uploadId: string) => Promise<void>): Promise<void> {
    const key = `${uniquePrefix(label)}video.webm`;
    const uploadId = await this.createUpload(key);
    try {
      await use(key, uploadId);
    } finally {
      await this.abortQuietly(key, uploadId);
    }
  }

  complete(key: string, uploadId: string, parts: Array<{ PartNumber: number; ETag: string }>) {
    return this.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  }

  async abortQuietly(key: string, uploadId: string): Promise<void> {
    await this.s3
      .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }))
      .catch(() => undefined);
  }
}

/** The part list of a CompleteMultipartUpload naming parts 1, 2, ... with these ETags. */
export function numberedParts(etags: string[]): Array<{ PartNumber: number; ETag: string }> {
  return etags.map((ETag, i) => ({ PartNumber: i + 1, ETag }));
}

export function describeEachTarget(title: string, body: (t: TargetFixture) => void): void {
  describe.each(inject('contractTargets'))(`${title} [%s]`, (name) => {
    const fixture = new TargetFixture();
    beforeAll(() => fixture.open(name));
    afterAll(() => fixture.close());
    body(fixture);
  });
}
