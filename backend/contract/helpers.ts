/**
 * Shared helpers for the store contract suite: the S3 client the backend uses, presigning,
 * browser-like requests with plain fetch, and S3 error decoding.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  type CORSRule,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { StoreTarget } from './targets';

export { PART_SIZE } from '../../api/limits';
export const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

/** The rule the backend puts on its bucket (the embedded store configures the same at start). */
export const EXTENSION_CORS_RULE: CORSRule = {
  AllowedOrigins: ['chrome-extension://*', 'http://localhost:8787'],
  AllowedMethods: ['PUT', 'GET', 'HEAD'],
  AllowedHeaders: ['*'],
  ExposeHeaders: ['ETag'],
  MaxAgeSeconds: 3000,
};

/**
 * Configured like the backend's: WHEN_REQUIRED checksums, otherwise presigned part URLs embed
 * the CRC32 of an empty body, which real S3 rejects.
 */
export function makeClient(target: StoreTarget): S3Client {
  return new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: true,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/** getSignedUrl with a default expiry of 5 minutes. */
export const presign: typeof getSignedUrl = (client, command, options) =>
  getSignedUrl(client, command, { expiresIn: 300, ...options });

/** PUT a body to a presigned URL the way the extension does (fetch, with its Origin). */
export function putWithFetch(url: string, body: Uint8Array, origin: string | null = EXTENSION_ORIGIN): Promise<Response> {
  // A Blob, as the extension uploads recorded chunks.
  return fetch(url, { method: 'PUT', body: new Blob([body as Uint8Array<ArrayBuffer>]), headers: origin ? { Origin: origin } : {} });
}

export interface S3ErrorReply {
  status: number;
  code: string | undefined;
}

/** Status and <Code> of an S3 XML error response (body consumed). */
export async function readError(response: Response): Promise<S3ErrorReply> {
  const text = await response.text();
  return { status: response.status, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] };
}

/** The S3 error code and HTTP status of a rejected SDK call (fails the test if it resolved). */
export async function sdkError(promise: Promise<unknown>): Promise<S3ErrorReply> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    return { status: e.$metadata?.httpStatusCode ?? 0, code: e.Code ?? e.name };
  }
  throw new Error('expected the S3 call to fail, but it succeeded');
}

export function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/** S3's multipart ETag: MD5 over the concatenated binary part MD5s, then "-<count>". */
export function multipartEtag(parts: Uint8Array[]): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(createHash('md5').update(part).digest());
  return `"${hash.digest('hex')}-${parts.length}"`;
}

export function randomPayload(size: number): Buffer {
  return randomBytes(size);
}

/** All keys written by this test file in this run live under this prefix (removed at the end). */
export const RUN_PREFIX = `contract/${Date.now().toString(36)}-${randomBytes(4).toString('hex')}/`;

/** A key prefix of its own for every test, so tests (and concurrent runs) never collide. */
export function uniquePrefix(label: string): string {
  return `${RUN_PREFIX}${label}-${randomBytes(4).toString('hex')}/`;
}

/**
 * Deletes objects and aborts unfinished uploads under a prefix (optionally only those older
 * than a date), so the long-lived radosgw bucket does not fill up run after run.
 */
export async function removeUnderPrefix(s3: S3Client, bucket: string, prefix: string, olderThan?: Date): Promise<void> {
  const old = (date: Date | undefined) => !olderThan || (date !== undefined && date < olderThan);
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }));
    const keys = (page.Contents ?? []).filter((o) => old(o.LastModified)).map((o) => ({ Key: o.Key! }));
    if (keys.length) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
  for (const upload of uploads.Uploads ?? []) {
    if (!old(upload.Initiated)) continue;
    await s3
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }))
      .catch(() => undefined);
  }
}

/** Query parameter names of a presigned URL (for the checksum check). */
export function queryNames(url: string): string[] {
  return [...new URL(url).searchParams.keys()];
}

/** Replaces one query parameter of a presigned URL, keeping everything else byte-identical. */
export function withQueryParam(url: string, name: string, value: string): string {
  const re = new RegExp(`([?&]${name}=)[^&]*`);
  if (!re.test(url)) throw new Error(`${name} not in ${url}`);
  return url.replace(re, `$1${encodeURIComponent(value)}`);
}

/** Whether a process with this pid exists (signal 0 only checks). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until check() holds (a deadline, not a timing assertion). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  what: string,
  { deadlineMs = 20_000, intervalMs = 100 } = {},
): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for: ${what}`);
}
