/**
 * How the upload queue reacts to a failed attempt: classification of errors and backoff delays.
 * Pure functions; randomness is injected.
 */
import { HttpError, MissingEtagError, NetworkError } from './upload-errors';

export interface RetryPolicy {
  /** Attempts per part for transient failures (network, 5xx, 408, 429) before UploadStalledError. */
  maxTransientAttempts: number;
  /** Re-signs per part after 403 (expired/invalid URL) before PartRejectedError. */
  maxResignAttempts: number;
  /** Attempts per part for other 4xx answers before PartRejectedError (1 = no retry). */
  maxPermanentAttempts: number;
  /** First backoff delay; doubles per attempt. */
  baseDelayMs: number;
  /** Upper bound of a backoff delay (also caps Retry-After). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxTransientAttempts: 10,
  maxResignAttempts: 3,
  maxPermanentAttempts: 2,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

export type FailureKind =
  /** Try again later with backoff (counts against maxTransientAttempts). */
  | 'transient'
  /** The presigned URL is expired/invalid: sign again and retry (counts against maxResignAttempts). */
  | 'resign'
  /** The store refuses this request; retrying rarely helps (counts against maxPermanentAttempts). */
  | 'permanent'
  /** Retrying cannot help at all (configuration problem): fail now. */
  | 'fatal';

/** Classify an error thrown by a PartTransport PUT. */
export function classifyPutFailure(error: unknown): FailureKind {
  if (error instanceof NetworkError) return 'transient';
  if (error instanceof MissingEtagError) return 'fatal';
  if (error instanceof HttpError) {
    if (error.status === 403) return 'resign';
    // S3 answers 400 RequestTimeout when the body came too slowly: a network problem.
    if (error.status === 400 && error.code === 'RequestTimeout') return 'transient';
    return isTransientStatus(error.status) ? 'transient' : 'permanent';
  }
  // Anything else (a bug, a TypeError from a misbehaving adapter) is not worth retrying.
  return 'fatal';
}

/** Classify an error thrown by the Presigner (a backend API call). */
export function classifyPresignFailure(error: unknown): FailureKind {
  if (error instanceof NetworkError) return 'transient';
  if (error instanceof HttpError) return isTransientStatus(error.status) ? 'transient' : 'permanent';
  return 'fatal';
}

export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * Delay before retry number `retry` (1 = first retry): exponential with "equal jitter"
 * (half fixed, half random) so parallel parts don't retry in lockstep. A server's Retry-After
 * wins when it is longer. `random` returns [0, 1).
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  const floor = retryAfterMs !== undefined ? Math.min(retryAfterMs, policy.maxDelayMs) : 0;
  return Math.round(Math.max(jittered, floor));
}
