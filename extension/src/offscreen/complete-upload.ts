/**
 * The last steps of every recording (after Stop, or in recovery): wait for the pipeline to have
 * every part, complete the multipart upload on the server (part 1 made by the server from the head
 * when it went up early, see core/recorder/complete-parts.ts), and record the outcome in the spool.
 */
import type { ChunkSpool, RecordingRecord } from '../core/chunk-spool';
import type { Clock } from '../core/upload-ports';
import { HttpError } from '../core/upload-errors';
import type { ApiClient } from '../shared/api-client';
import type { LocalRecordingStatus, RecorderError } from '../shared/recorder-status';
import { apiCallError, RecorderFailure, toRecorderError } from '../core/recorder/recorder-errors';
import { completeParts } from '../core/recorder/complete-parts';
import { completeWithRetries } from './server-calls';
import type { UploadPipeline } from './upload-pipeline';

export interface CompleteMeta {
  durationMs: number;
  width?: number;
  height?: number;
}

export interface CompleteDeps {
  spool: ChunkSpool;
  client: ApiClient;
  clock: Clock;
  signal: AbortSignal;
}

/** Rejects with RecorderFailure; the caller records it with `recordFailure`. */
export async function completeUpload(
  deps: CompleteDeps,
  localId: string,
  pipeline: UploadPipeline,
  meta: CompleteMeta,
): Promise<{ shareUrl: string; serverId: string; record: RecordingRecord }> {
  const { spool, client, clock, signal } = deps;
  const parts = await pipeline.finish();
  const link = pipeline.link;
  if (!link) throw new RecorderFailure({ code: 'unknown', message: 'The server recording is missing.', hint: '' });
  await spool.updateRecording(localId, { status: 'completing' });
  let shareUrl: string;
  try {
    const body = {
      ...completeParts(parts, pipeline.headerPatch),
      durationMs: Math.max(0, Math.round(meta.durationMs)),
      ...(meta.width ? { width: meta.width } : {}),
      ...(meta.height ? { height: meta.height } : {}),
    };
    ({ shareUrl } = await completeWithRetries(client, link, body, { clock, signal, onRetry: () => pipeline.completeWaitingForServer(true) }).finally(
      () => pipeline.completeWaitingForServer(false),
    ));
  } catch (error) {
    // An earlier attempt may have completed it (its answer got lost): then the metadata exists.
    if (error instanceof HttpError && (error.status === 404 || error.status === 409) && link.shareUrl) {
      const exists = await client.getRecording(link.serverId, signal).then(() => true, () => false);
      if (!exists) throw new RecorderFailure(apiCallError(error, client.serverUrl));
      shareUrl = link.shareUrl;
    } else {
      throw new RecorderFailure(apiCallError(error, client.serverUrl));
    }
  }
  const record = await spool.updateRecording(localId, { status: 'done', shareUrl, completedAt: clock.now(), error: undefined });
  // Every part is acknowledged, so the chunks are gone already; this sweeps leftovers (empty chunks).
  await spool.purgeChunks(localId).catch(() => undefined);
  return { shareUrl, serverId: link.serverId, record };
}

/** The local status a failure leaves: unreachable servers are retried later, the rest is kept for export. */
export function statusAfterFailure(error: RecorderError): LocalRecordingStatus {
  switch (error.code) {
    case 'server_unreachable':
      return 'interrupted';
    case 'upload_gone':
      return 'gone';
    default:
      return 'failed';
  }
}

export async function recordFailure(spool: ChunkSpool, localId: string, error: unknown): Promise<RecorderError> {
  const recorderError = toRecorderError(error);
  await spool.updateRecording(localId, { status: statusAfterFailure(recorderError), error: recorderError }).catch(() => undefined);
  return recorderError;
}
