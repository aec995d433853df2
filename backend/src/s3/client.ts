/**
 * S3 clients: one for the backend's own calls, one for presigning URLs that browsers
 * use (pointing at S3_PUBLIC_ENDPOINT when set). Both calculate checksums only when an
 * operation requires them: with SDK defaults presigned UploadPart URLs would embed
 * x-amz-checksum-crc32 of an EMPTY body and real S3/R2/MinIO would reject the upload.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export interface S3ConnectionSettings {
  endpoint: string;
  publicEndpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  forcePathStyle: boolean;
}

export interface S3Clients {
  /** For the backend's own calls. */
  api: S3Client;
  /** For presigned URLs handed to browsers. */
  presign: S3Client;
  /** The endpoint `presign` signs for, and its addressing style. */
  presignEndpoint: string;
  forcePathStyle: boolean;
  bucket: string;
  destroy(): void;
}

/** What the SDK prints when a streamed body (part 1 from the head) fails: it cannot replay one. */
const STREAM_NOT_RETRIED = 'An error was encountered in a non-retryable streaming request.';

/**
 * The SDK's logger. Without one it writes that line straight to the console; head.ts retries part 1
 * itself (from a new GET), so the line would only be noise in the server's log. The SDK also logs
 * every command here, with its input: info when it succeeds, error when it fails. Those stay off,
 * as with its default logger: a failure is thrown to our caller, which handles it or says so.
 * Its other warnings are kept.
 */
export const sdkLogger: NonNullable<S3ClientConfig['logger']> = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (...content: unknown[]) => {
    if (content[0] !== STREAM_NOT_RETRIED) console.warn(...content);
  },
  error: () => {},
};

function clientConfig(settings: S3ConnectionSettings, endpoint: string): S3ClientConfig {
  return {
    endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A stuck store must not hang API requests forever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
    logger: sdkLogger,
  };
}

export function createS3Clients(settings: S3ConnectionSettings): S3Clients {
  const api = new S3Client(clientConfig(settings, settings.endpoint));
  const presign =
    settings.publicEndpoint && settings.publicEndpoint !== settings.endpoint
      ? new S3Client(clientConfig(settings, settings.publicEndpoint))
      : api;
  return {
    api,
    presign,
    presignEndpoint: settings.publicEndpoint || settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    bucket: settings.bucket,
    destroy() {
      api.destroy();
      if (presign !== api) presign.destroy();
    },
  };
}

/** The error name of an S3 SDK error ('NoSuchUpload', 'NotFound', ...), or undefined. */
export function s3ErrorName(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('$metadata' in err)) return undefined;
  return (err as unknown as Error).name;
}

export function s3StatusCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('$metadata' in err)) return undefined;
  return (err as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode;
}

/** Network failures before the store answered (Node's codes, and the SDK's timeout). */
const CONNECTION_FAILURES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError']);

/**
 * Worth another attempt: the store answered 5xx or 429 (InternalError, SlowDown, ...), or the
 * connection failed before an answer. For requests the SDK cannot retry by itself (a streamed
 * body, such as part 1 made from the head); 4xx answers are final.
 */
export function isTransientStoreError(err: unknown): boolean {
  const status = s3StatusCode(err);
  if (status !== undefined) return status >= 500 || status === 429;
  if (typeof err !== 'object' || err === null) return false;
  const { code, name } = err as { code?: unknown; name?: unknown };
  return CONNECTION_FAILURES.has(String(code)) || CONNECTION_FAILURES.has(String(name));
}

/**
 * A multipart upload that no longer exists (aborted, completed, or never created): S3 says
 * NoSuchUpload; radosgw's ListParts says NoSuchKey (see backend/contract/targets.ts).
 */
export function isUploadGone(err: unknown): boolean {
  const name = s3ErrorName(err);
  return name === 'NoSuchUpload' || name === 'NoSuchKey';
}

/** HeadObject/GetObject on a missing key: the name differs between operations and stores. */
export function isNotFound(err: unknown): boolean {
  const name = s3ErrorName(err);
  if (name === 'NoSuchBucket' || name === 'NoSuchUpload') return false;
  return name === 'NotFound' || name === 'NoSuchKey' || s3StatusCode(err) === 404;
}
