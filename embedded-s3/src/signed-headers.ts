/**
 * Request headers a signature did not cover (pure logic, no I/O).
 *
 * A presigned URL is handed to a browser; whoever holds it can add headers. S3 refuses any
 * `x-amz-*` header outside SignedHeaders (403, `HeadersNotSigned`): otherwise a part URL plus
 * `x-amz-copy-source` copies any key its holder can name into their upload (and each empty PUT
 * writes a whole source object to disk). The headers s3rver stores with an object and serves
 * back (Content-Disposition, Cache-Control, ...) are dropped from a presigned request unless
 * signed, so a thumbnail URL, which signs Content-Type, cannot make the store serve an
 * attachment, a gzip claim or a year-long cache.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Headers s3rver keeps as object metadata and serves back (its S3Object.ALLOWED_METADATA, minus x-amz-*). */
export const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-type',
  'expires',
] as const;

/** `x-amz-*` request headers (lower case) that are not among `signedHeaders`. */
export function unsignedAmzHeaders(headers: IncomingHttpHeaders, signedHeaders: readonly string[]): string[] {
  const signed = new Set(signedHeaders.map((h) => h.toLowerCase()));
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith('x-amz-') && !signed.has(name));
}

/** Removes the stored headers that were not signed; returns their names. */
export function dropUnsignedStoredHeaders(headers: IncomingHttpHeaders, signedHeaders: readonly string[]): string[] {
  const signed = new Set(signedHeaders.map((h) => h.toLowerCase()));
  const dropped = STORED_HEADERS.filter((name) => headers[name] !== undefined && !signed.has(name));
  for (const name of dropped) delete headers[name];
  return dropped;
}
