/**
 * The recordings' one door to S3: small JSON objects, multipart uploads and their listings,
 * prefix deletion, and (through StoreUrls) the presigned URLs browsers use. The service and
 * the sweepers talk to the store only through this module. S3's error names stop here: an
 * upload that is gone is a return value, a refused complete an ApiError with a code of the one
 * vocabulary (storeErrorCode). No business rules here (see service.ts).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { storeErrorCode } from '../../../api';
import { ApiError, isApiErrorCode } from '../http/errors';
import { isNotFound, isUploadGone, s3ErrorName, type S3Clients } from '../s3/client';
import { StoreUrls } from './store-urls';

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: Date | undefined;
}

export interface StoredObject {
  key: string;
  lastModified: Date | undefined;
}

/** A multipart upload in progress, as ListMultipartUploads describes it. */
export interface StoredUpload {
  key: string;
  uploadId: string;
  initiated: Date | undefined;
}

/** An object's bytes as they arrive, and how many there are (Content-Length). */
export interface SizedStream {
  body: Readable;
  size: number;
}

/** S3 refusals of a CompleteMultipartUpload that are the client's fault, and what the client is told. */
const COMPLETE_REFUSALS: Record<string, string> = {
  EntityTooSmall: 'A part other than the last is smaller than 5 MiB',
  InvalidPart: 'A listed part was not uploaded or its ETag does not match',
  InvalidPartOrder: 'Parts must be listed in ascending order of partNumber',
};

export class RecordingStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  /** Presigned URLs for browsers (parts, thumbnail PUT, GETs). */
  readonly urls: StoreUrls;

  constructor(clients: S3Clients) {
    this.client = clients.api;
    this.bucket = clients.bucket;
    this.urls = new StoreUrls(clients);
  }

  /** The parsed JSON object at `key`, or undefined if it does not exist. */
  async getJson<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const text = await res.Body!.transformToString();
      return schema.parse(JSON.parse(text));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(value),
        ContentType: 'application/json',
      }),
    );
  }

  /** The bytes of the object at `key` (only its first `firstBytes`: a ranged GET), or undefined if it does not exist. */
  async getBytes(key: string, firstBytes?: number): Promise<Uint8Array | undefined> {
    try {
      const range = firstBytes === undefined ? {} : { Range: `bytes=0-${firstBytes - 1}` };
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...range }));
      return await res.Body!.transformToByteArray();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * The object at `key` as a stream, or undefined if it does not exist. The caller reads `body` to
   * its end or destroys it (until then the GET holds a connection).
   */
  async getStream(key: string): Promise<SizedStream | undefined> {
    let res;
    try {
      res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const body = res.Body;
    if (body instanceof Readable && res.ContentLength !== undefined) return { body, size: res.ContentLength };
    if (body instanceof Readable) body.destroy();
    throw new Error(`GetObject of ${key} returned no Node.js stream with a Content-Length`);
  }

  /**
   * UploadPart of bytes in memory or of a stream of known size: the part's ETag, or 'gone' if the
   * upload no longer exists. A stream is sent as a plain PUT with Content-Length and
   * UNSIGNED-PAYLOAD (no aws-chunked encoding, no checksum trailer: requestChecksumCalculation is
   * WHEN_REQUIRED), which every S3-compatible store takes; the SDK does not retry it (it cannot
   * rewind). A stream is read to its end, or destroyed when the upload fails.
   */
  async uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array | SizedStream): Promise<string | 'gone'> {
    const stream = body instanceof Uint8Array ? undefined : body.body;
    // The SDK pipes a stream body into the request without watching it: a failing stream (a
    // broken GET, a wrong length) must end the request, or it would wait for its timeout.
    const failed = new AbortController();
    const onError = (err: unknown) => failed.abort(err);
    stream?.once('error', onError);
    try {
      const res = await this.client.send(
        new UploadPartCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          ...(body instanceof Uint8Array ? { Body: body } : { Body: body.body, ContentLength: body.size }),
        }),
        { abortSignal: failed.signal },
      );
      if (!res.ETag) throw new Error('UploadPart returned no ETag');
      return res.ETag;
    } catch (err) {
      if (failed.signal.aborted) throw failed.signal.reason;
      stream?.destroy();
      if (isUploadGone(err)) return 'gone';
      // A store may answer NoSuchUpload before reading a large body and close the connection, so
      // the client sees a reset instead of the answer: ask whether the upload still exists.
      if (!(await this.uploadExists(key, uploadId).catch(() => true))) return 'gone';
      throw err;
    } finally {
      stream?.off('error', onError);
    }
  }

  /** Size of the object at `key`, or undefined if it does not exist. */
  async headSize(key: string): Promise<number | undefined> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return res.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Cheap reachability + credentials check: HEAD of a key that does not exist. */
  async isReachable(): Promise<boolean> {
    try {
      await this.headSize('healthz/probe');
      return true;
    } catch {
      return false;
    }
  }

  async deleteObject(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Every object under `prefix` (ListObjectsV2, paginated), in key order. */
  async *listObjects(prefix: string): AsyncGenerator<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const obj of page.Contents ?? []) {
        if (obj.Key !== undefined) yield { key: obj.Key, lastModified: obj.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Deletes every object under `prefix`; returns how many there were. */
  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    for await (const { key } of this.listObjects(prefix)) {
      await this.deleteObject(key);
      deleted++;
    }
    return deleted;
  }

  /** Every uploaded part (ListParts, paginated), or undefined if the upload does not exist. */
  async listParts(key: string, uploadId: string): Promise<UploadedPart[] | undefined> {
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }),
        );
        for (const p of page.Parts ?? []) {
          if (p.PartNumber === undefined) continue;
          parts.push({
            partNumber: p.PartNumber,
            etag: p.ETag ?? '',
            size: p.Size ?? 0,
            lastModified: p.LastModified,
          });
        }
        marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
      } while (marker);
    } catch (err) {
      if (isUploadGone(err)) return undefined;
      throw err;
    }
    return parts;
  }

  /**
   * One part as the store lists it now (ListParts of at most one part after the one before it):
   * undefined while it is not there, 'gone' if the upload does not exist.
   */
  async findPart(key: string, uploadId: string, partNumber: number): Promise<UploadedPart | undefined | 'gone'> {
    try {
      const page = await this.client.send(
        new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumberMarker: String(partNumber - 1), MaxParts: 1 }),
      );
      const p = page.Parts?.[0];
      if (p?.PartNumber !== partNumber) return undefined;
      return { partNumber, etag: p.ETag ?? '', size: p.Size ?? 0, lastModified: p.LastModified };
    } catch (err) {
      if (isUploadGone(err)) return 'gone';
      throw err;
    }
  }

  /** Whether the multipart upload still exists (one ListParts of at most one part). */
  async uploadExists(key: string, uploadId: string): Promise<boolean> {
    try {
      await this.client.send(new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, MaxParts: 1 }));
      return true;
    } catch (err) {
      if (isUploadGone(err)) return false;
      throw err;
    }
  }

  /**
   * Aborts a multipart upload until no part remains: S3 may keep a part whose upload was
   * in flight during the abort, so abort again until ListParts says NoSuchUpload.
   */
  async abortUpload(key: string, uploadId: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
      } catch (err) {
        if (!isUploadGone(err)) throw err;
      }
      if ((await this.listParts(key, uploadId)) === undefined) return;
    }
    throw new Error(`multipart upload ${uploadId} of ${key} still has parts after 5 aborts`);
  }

  /** CreateMultipartUpload; returns the upload id. */
  async createUpload(key: string, contentType: string): Promise<string> {
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
    );
    if (!UploadId) throw new Error('CreateMultipartUpload returned no UploadId');
    return UploadId;
  }

  /**
   * CompleteMultipartUpload: 'gone' if the upload no longer exists (completed or aborted);
   * a refusal that is the client's fault is a 400 ApiError.
   */
  async completeUpload(
    key: string,
    uploadId: string,
    parts: ReadonlyArray<{ partNumber: number; etag: string }>,
  ): Promise<'completed' | 'gone'> {
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      );
      return 'completed';
    } catch (err) {
      if (isUploadGone(err)) return 'gone';
      const name = s3ErrorName(err);
      const message = name === undefined ? undefined : COMPLETE_REFUSALS[name];
      const code = storeErrorCode(name);
      if (message && isApiErrorCode(code)) throw new ApiError(400, code, message);
      throw err;
    }
  }

  /** Every multipart upload in progress under `prefix` (ListMultipartUploads, paginated). */
  async *listUploads(prefix: string): AsyncGenerator<StoredUpload> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({
          Bucket: this.bucket,
          Prefix: prefix,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
        }),
      );
      for (const upload of page.Uploads ?? []) {
        if (upload.Key && upload.UploadId) yield { key: upload.Key, uploadId: upload.UploadId, initiated: upload.Initiated };
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
  }
}
