/**
 * Which bucket and key a request addresses (path-style only: vhost buckets are disabled in
 * server.ts). Runs before authentication, for CORS preflights too, so anything the store
 * cannot address is a 4xx here rather than an error deeper down: objects are files under the
 * data directory, and a NUL byte, an encoded `/` in the bucket or a `..` segment would reach
 * the file system as a broken or escaping path (`OPTIONS /%00/x` once answered 500).
 */
import { s3Error } from './s3rver-internals';

export interface Target {
  bucket?: string;
  key?: string;
}

/**
 * Bucket names as S3 has ever accepted them (the legacy us-east-1 rules are the loosest:
 * letters, digits, `.`, `-`, `_`, up to 255). Decoded, so `%2F` (a `/`) and `%00` fail.
 */
const BUCKET_NAME = /^[A-Za-z0-9._-]{1,255}$/;

export function parseTarget(rawPath: string): Target {
  const [, rawBucket = '', ...rest] = rawPath.split('/');
  if (!rawBucket) return {};
  const rawKey = rest.join('/');
  const invalid = () => s3Error('InvalidURI', "Couldn't parse the specified URI.", { URI: rawPath }, 400);
  let bucket: string;
  let key: string | undefined;
  try {
    bucket = decodeURIComponent(rawBucket);
    key = rawKey ? decodeURIComponent(rawKey) : undefined;
  } catch {
    throw invalid();
  }
  if (!BUCKET_NAME.test(bucket) || bucket === '.' || bucket === '..') {
    throw s3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: rawBucket }, 400);
  }
  // `.`/`..` segments must not walk out of the data directory; NUL cannot be in a file name.
  if (key !== undefined && (key.includes('\0') || key.split('/').some((s) => s === '.' || s === '..'))) throw invalid();
  return key !== undefined ? { bucket, key } : { bucket };
}
