/**
 * Backend calls of the recorder that must survive a flaky server: complete and delete, through
 * the one retry helper (core/retry.ts: transient failures retried with backoff, others thrown).
 */
import type { CompleteRecordingRequest, CompleteRecordingResponse } from '../../../api';
import { withRetries, type RetryOptions } from '../core/retry';
import { HttpError } from '../core/upload-errors';
import type { ApiClient } from '../shared/api-client';

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
    if (error instanceof HttpError && error.status === 404) return;
    throw error;
  }
}
