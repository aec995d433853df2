/**
 * Looks into the test backend's S3 store directly (its own SDK client), to check what a
 * recording left behind: the video object, pending multipart uploads, parts, metadata objects.
 * Keys follow backend/src/recordings/keys.ts: recordings/<id>/{video,upload.json,meta.json,head}.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
} from '@aws-sdk/client-s3';
import type { TestBackend } from './backend';

export const videoKeyOf = (serverId: string) => `recordings/${serverId}/video`;

export interface PendingUpload {
  key: string;
  uploadId: string;
}

/** Multipart uploads not completed nor aborted, under `prefix`. */
export async function listPendingUploads(backend: TestBackend, prefix = 'recordings/'): Promise<PendingUpload[]> {
  const out = await backend.s3.api.send(new ListMultipartUploadsCommand({ Bucket: backend.s3.bucket, Prefix: prefix }));
  return (out.Uploads ?? []).map((u) => ({ key: u.Key ?? '', uploadId: u.UploadId ?? '' }));
}

/** Object keys under `prefix`. */
export async function listObjectKeys(backend: TestBackend, prefix = 'recordings/'): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await backend.s3.api.send(
      new ListObjectsV2Command({ Bucket: backend.s3.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
    );
    for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Parts the store holds for an unfinished multipart upload (ListParts). */
export async function listStoredParts(
  backend: TestBackend,
  key: string,
  uploadId: string,
): Promise<{ partNumber: number; size: number }[]> {
  const out = await backend.s3.api.send(new ListPartsCommand({ Bucket: backend.s3.bucket, Key: key, UploadId: uploadId }));
  const parts = (out.Parts ?? []).map((p) => ({ partNumber: p.PartNumber ?? 0, size: p.Size ?? 0 }));
  // Part 1 sent early is the head object (recordings/<id>/head) until complete makes it part 1.
  const head = await headSize(backend, key.replace(/\/video$/, '/head'));
  return head !== undefined && !parts.some((p) => p.partNumber === 1) ? [{ partNumber: 1, size: head }, ...parts] : parts;
}

/** Size of an object, or undefined if there is none. */
async function headSize(backend: TestBackend, key: string): Promise<number | undefined> {
  try {
    return (await backend.s3.api.send(new HeadObjectCommand({ Bucket: backend.s3.bucket, Key: key }))).ContentLength ?? 0;
  } catch {
    return undefined;
  }
}

/** The whole object, from the store itself. */
export async function downloadObject(backend: TestBackend, key: string): Promise<Buffer> {
  const out = await backend.s3.api.send(new GetObjectCommand({ Bucket: backend.s3.bucket, Key: key }));
  if (!out.Body) throw new Error(`no body for ${key}`);
  return Buffer.from(await out.Body.transformToByteArray());
}

/** A loopback URL for Node-side requests (the public URL says "localhost"). */
export function loopback(url: string): string {
  return url.replace('://localhost:', '://127.0.0.1:');
}

// The API's own type, so the tests cannot drift from the contract.
export type { RecordingMetadata } from '../../api';
import type { RecordingMetadata } from '../../api';

/** GET /api/recordings/:id (public): the finished recording's metadata, or null on 404. */
export async function fetchRecordingMetadata(backend: TestBackend, serverId: string): Promise<RecordingMetadata | null> {
  const res = await fetch(loopback(`${backend.url}/api/recordings/${serverId}`));
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`GET /api/recordings/${serverId}: HTTP ${res.status}`);
  return (await res.json()) as RecordingMetadata;
}
