/**
 * The one failure vocabulary of the API and the extension: snake_case codes. The backend answers
 * every error as `{ error: { code, message } }` with one of these codes; S3's own error names
 * (`NoSuchUpload`, `InvalidPart`, …) are translated by `storeErrorCode` wherever a store answer
 * is met, so they never reach an API response or the extension's UI logic.
 */
import { z } from 'zod';

export const API_ERROR_CODES = [
  // authentication and lookup
  'unauthorized',
  'forbidden',
  'not_found',
  // accounts: an email already in use, an invite link that is unknown, used or expired
  'email_taken',
  'invalid_invite',
  // bad input
  'bad_request',
  'invalid_json',
  'invalid_request',
  'payload_too_large',
  // an uploaded file whose bytes are not an MP4, WebM or MOV video (checked by its first bytes)
  'unsupported_media_type',
  // too many requests from one address or account (429, with Retry-After)
  'rate_limited',
  // an account's limits (issue 15): its storage quota is used up (403), one recording is past the
  // largest size a recording may have (413)
  'quota_exceeded',
  'recording_too_large',
  // a share link's privacy (issue 14): its password first (401), past its expiry date (410)
  'password_required',
  'link_expired',
  // the upload's state
  'already_completed',
  'upload_gone',
  'invalid_part',
  'part_too_small',
  'invalid_part_size',
  // complete sent ahead of its last part (`tail`), which did not reach the store in time (409)
  'tail_not_uploaded',
  // part 1 as the head object (POST /api/recordings/:id/head, complete's `head`)
  'head_missing',
  'invalid_head_size',
  'invalid_head_patch',
  // the store or the server failed (5xx)
  'storage_error',
  'server_error',
  'internal_error',
  // the server is not ready (503): still starting, or /healthz cannot reach the store
  'starting',
  'storage_unreachable',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Every error response: a 4xx (or 5xx) status with this body. */
export const apiErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/**
 * Codes the extension meets outside the API: a PUT to the store answered with S3's XML, or a
 * server that is not a Reelay server at all.
 */
export const STORE_ERROR_CODES = ['request_timeout', 'access_denied', 'no_etag', 'not_reelay', 'store_error'] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export type ErrorCode = ApiErrorCode | StoreErrorCode;

const S3_NAMES: Record<string, ErrorCode> = {
  NoSuchUpload: 'upload_gone',
  NoSuchKey: 'not_found',
  NotFound: 'not_found',
  NoSuchBucket: 'storage_error',
  InvalidPart: 'invalid_part',
  InvalidPartOrder: 'invalid_part',
  EntityTooSmall: 'part_too_small',
  InvalidPartSize: 'invalid_part_size',
  RequestTimeout: 'request_timeout',
  AccessDenied: 'access_denied',
  SignatureDoesNotMatch: 'access_denied',
  ExpiredToken: 'access_denied',
};

/** S3's error name (from the SDK or a `<Code>` in XML) in the one vocabulary; unknown names are `store_error`. */
export function storeErrorCode(s3Name: string | undefined): ErrorCode {
  return (s3Name !== undefined && S3_NAMES[s3Name]) || 'store_error';
}

/** The one transient rule: a status worth retrying later (timeouts, rate limits, server errors). */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
