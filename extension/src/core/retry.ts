/**
 * The one retry rule of the extension: how a failure is classified (the one transient rule comes
 * from api/errors.ts), how many attempts each kind may cost, and how long to wait in between
 * (exponential backoff with jitter, a server's Retry-After honoured). The upload queue spends a
 * RetryBudget per part; the create, complete and delete calls go through `withRetries`.
 * Pure: the clock and randomness are injected.
 */
import { isTransientStatus } from '../../../api';
import { HttpError, MissingEtagError, NetworkError } from './upload-errors';
import type { Clock } from './upload-ports';

export interface RetryPolicy {
  /** Attempts for transient failures (network, 5xx, 408, 429) before giving up (UploadStalledError). */
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
  /** The server refuses this request; retrying rarely helps (counts against maxPermanentAttempts). */
  | 'permanent'
  /** Retrying cannot help at all (a bug, a configuration problem): fail now. */
  | 'fatal';

/** True when the same request may succeed later: no answer, or a transient status. */
export function isTransientFailure(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof HttpError && isTransientStatus(error.status));
}

/** Classify a failed call to the backend (presign, create, complete, delete). */
export function classifyCallFailure(error: unknown): FailureKind {
  if (isTransientFailure(error)) return 'transient';
  return error instanceof HttpError ? 'permanent' : 'fatal';
}

/** Classify a failed PUT to the store. */
export function classifyPutFailure(error: unknown): FailureKind {
  if (error instanceof MissingEtagError) return 'fatal';
  if (error instanceof HttpError) {
    if (error.status === 403) return 'resign';
    // S3 answers 400 RequestTimeout when the body came too slowly: a network problem.
    if (error.status === 400 && error.code === 'request_timeout') return 'transient';
  }
  return classifyCallFailure(error);
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

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What to do after a counted failure: wait `delayMs` and try again, or give up. */
export type RetryStep = { retry: true; delayMs: number } | { retry: false };

/** The attempts one request (one part, one call) may still spend, per kind of failure. */
export class RetryBudget {
  transient = 0;
  resigns = 0;
  permanent = 0;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** Failed attempts so far. */
  get attempts(): number {
    return this.transient + this.resigns + this.permanent;
  }

  /** Count one failure of `kind`; says whether (and after how long) to try again. */
  spend(kind: FailureKind, retryAfterMs?: number): RetryStep {
    const { policy } = this;
    switch (kind) {
      case 'fatal':
        return { retry: false };
      case 'resign':
        // Retried at once with a fresh URL.
        return ++this.resigns > policy.maxResignAttempts ? { retry: false } : { retry: true, delayMs: 0 };
      case 'permanent':
        if (++this.permanent >= policy.maxPermanentAttempts) return { retry: false };
        return { retry: true, delayMs: backoffDelay(this.permanent, policy, this.random) };
      case 'transient':
        if (++this.transient >= policy.maxTransientAttempts) return { retry: false };
        return { retry: true, delayMs: backoffDelay(this.transient, policy, this.random, retryAfterMs) };
    }
  }
}

export interface RetryOptions {
  clock: Clock;
  signal: AbortSignal;
  /** Attempts in total before the last transient error is thrown (Infinity: until aborted). */
  maxAttempts?: number;
  policy?: Partial<RetryPolicy>;
  random?: () => number;
  /** Told before each wait, with the error that caused it; may throw to give up with that error. */
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Run one backend call, retrying transient failures (no answer, 5xx, 408, 429) with backoff;
 * any other failure, or the last transient one, is thrown as it is.
 */
export async function withRetries<T>(call: (signal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  if (options.maxAttempts !== undefined) policy.maxTransientAttempts = options.maxAttempts;
  const budget = new RetryBudget(policy, options.random);
  for (;;) {
    try {
      return await call(options.signal);
    } catch (error) {
      if (options.signal.aborted || classifyCallFailure(error) !== 'transient') throw error;
      const step = budget.spend('transient', (error as { retryAfterMs?: number }).retryAfterMs);
      if (!step.retry) throw error;
      options.onRetry?.(error, budget.attempts);
      await options.clock.sleep(step.delayMs, options.signal);
    }
  }
}
