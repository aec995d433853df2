/**
 * Backend calls of the recorder that must survive a flaky server: complete, part 1, stopped and delete, through
 * the one retry helper (core/retry.ts: transient failures retried with backoff, others thrown).
 */
import type {
  CompleteRecordingRequest,
  CompleteRecordingResponse,
  Part1FromHeadRequest,
  Part1FromHeadResponse,
  RecordingStoppedRequest,
} from '../../../api';
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

/** POST /api/recordings/:id/part1: a few tries only (if it fails, complete makes part 1 itself). */
export function part1FromHeadWithRetries(
  client: ApiClient,
  link: { serverId: string; uploadToken: string },
  body: Part1FromHeadRequest,
  options: RetryOptions,
): Promise<Part1FromHeadResponse> {
  return withRetries((signal) => client.part1FromHead(link.serverId, link.uploadToken, body, signal), { maxAttempts: 3, ...options });
}

/** POST /api/recordings/:id/stopped: worth a few tries only (it matters while the upload lasts). */
export function reportStoppedWithRetries(
  client: ApiClient,
  link: { serverId: string; uploadToken: string },
  body: RecordingStoppedRequest,
  options: RetryOptions,
): Promise<void> {
  return withRetries((signal) => client.recordingStopped(link.serverId, link.uploadToken, body, signal), { maxAttempts: 5, ...options });
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
