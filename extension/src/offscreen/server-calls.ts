/**
 * Backend calls of the recorder that must survive a flaky server: retried with backoff while the
 * failure is transient (no answer, 5xx, 408, 429), given up at once otherwise.
 */
import { ApiClient, isRetryableError } from '../shared/api-client';
import type { CompleteRecordingRequest, CompleteRecordingResponse } from '../../../api';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../core/retry-policy';
import type { Clock } from '../core/upload-ports';

export interface RetryOptions {
  clock: Clock;
  signal: AbortSignal;
  /** Attempts in total before the last transient error is thrown (Infinity: until aborted). */
  maxAttempts?: number;
  policy?: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;
  random?: () => number;
  /** Told before each wait, with the error that caused it. */
  onRetry?: (error: unknown, attempt: number) => void;
}

export async function withRetries<T>(call: (signal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxTransientAttempts;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(options.signal);
    } catch (error) {
      if (options.signal.aborted || !isRetryableError(error) || attempt >= maxAttempts) throw error;
      options.onRetry?.(error, attempt);
      await options.clock.sleep(backoffDelay(attempt, policy, options.random ?? Math.random), options.signal);
    }
  }
}

export function completeWithRetries(
  client: ApiClient,
  link: { serverId: string; uploadToken: string },
  body: CompleteRecordingRequest,
  options: RetryOptions,
): Promise<CompleteRecordingResponse> {
  return withRetries((signal) => client.completeRecording(link.serverId, link.uploadToken, body, signal), options);
}

/** DELETE /api/recordings/:id; a 404 means there is nothing left to delete, which is what we want. */
export async function deleteOnServer(
  client: ApiClient,
  link: { serverId: string; uploadToken: string },
  options: RetryOptions,
): Promise<void> {
  try {
    await withRetries((signal) => client.deleteRecording(link.serverId, link.uploadToken, signal), options);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return;
    throw error;
  }
}
