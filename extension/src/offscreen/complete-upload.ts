/**
 * The last steps of every recording (after Stop, or in recovery): wait for the pipeline to have
 * every part, complete the multipart upload on the server (part 1 made by the server from the head
 * when it went up early: asked for at once, while the tail uploads, see part1FromHeadAtStop; else
 * at complete, see core/recorder/complete-parts.ts), and record the outcome in the spool.
 */
import type { CompletedPart } from '../../../api';
import type { ChunkSpool, RecordingRecord } from '../core/chunk-spool';
import type { Clock } from '../core/upload-ports';
import { HttpError } from '../core/upload-errors';
import type { ApiClient } from '../shared/api-client';
import type { LocalRecordingStatus, RecorderError } from '../shared/recorder-status';
import { apiCallError, RecorderFailure, toRecorderError } from '../core/recorder/recorder-errors';
import { completeParts, type CompleteParts } from '../core/recorder/complete-parts';
import { completeWithRetries, part1FromHeadWithRetries } from './server-calls';
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
  // Part 1 is made on the server while the tail still uploads (the header patch is known now).
  const part1 = part1FromHeadAtStop(deps, localId, pipeline);
  const parts = await pipeline.finish();
  const link = pipeline.link;
  if (!link) throw new RecorderFailure({ code: 'unknown', message: 'The server recording is missing.', hint: '' });
  // Only shown (recovery treats 'completing' like 'uploading'): written while complete is on its way.
  const marked = spool.updateRecording(localId, { status: 'completing' }).catch(() => undefined);
  let shareUrl: string;
  try {
    const body = {
      ...withPart1(completeParts(parts, pipeline.headerPatch), await part1),
      durationMs: Math.max(0, Math.round(meta.durationMs)),
      ...(meta.width ? { width: meta.width } : {}),
      ...(meta.height ? { height: meta.height } : {}),
    };
    ({ shareUrl } = await completeWithRetries(client, link, body, { clock, signal, onRetry: () => pipeline.completeWaitingForServer(true) }).finally(
      () => pipeline.completeWaitingForServer(false),
    ));
  } catch (error) {
    await marked; // before the failure is recorded over it
    // An earlier attempt may have completed it (its answer got lost): then the metadata exists.
    if (error instanceof HttpError && (error.status === 404 || error.status === 409) && link.shareUrl) {
      const exists = await client.getRecording(link.serverId, signal).then(() => true, () => false);
      if (!exists) throw new RecorderFailure(apiCallError(error, client.serverUrl));
      shareUrl = link.shareUrl;
    } else {
      throw new RecorderFailure(apiCallError(error, client.serverUrl));
    }
  }
  await marked;
  const record = await spool.updateRecording(localId, { status: 'done', shareUrl, completedAt: clock.now(), error: undefined });
  // Every part is acknowledged, so the chunks are gone already; this sweeps leftovers (empty chunks).
  await spool.purgeChunks(localId).catch(() => undefined);
  return { shareUrl, serverId: link.serverId, record };
}

/**
 * When part 1 went up early as the head (and is acknowledged by now): asks the server to make
 * part 1 from it with the header patch (POST part1), so that complete need not copy 5 MiB after
 * the tail arrived. Never rejects: undefined when there is nothing to make or it failed (then
 * complete sends the patch and the server makes part 1 there, as before).
 */
async function part1FromHeadAtStop(deps: CompleteDeps, localId: string, pipeline: UploadPipeline): Promise<CompletedPart | undefined> {
  const link = pipeline.link;
  if (!link) return undefined;
  try {
    const record = await deps.spool.getRecording(localId);
    const head = record?.acknowledgedParts.find((p) => p.partNumber === 1 && p.head);
    if (!head) return undefined;
    const { head: patch } = completeParts([head], pipeline.headerPatch);
    if (!patch) return undefined;
    return await part1FromHeadWithRetries(deps.client, link, patch, { clock: deps.clock, signal: deps.signal });
  } catch (error) {
    if (!deps.signal.aborted) console.warn('Reelay: making part 1 at Stop failed; complete will make it:', error);
    return undefined;
  }
}

/** The complete request's parts with part 1 already made from the head: listed like any part, no patch. */
function withPart1(request: CompleteParts, part1: CompletedPart | undefined): CompleteParts {
  if (!part1 || !request.head) return request;
  return { parts: [{ partNumber: 1, etag: part1.etag }, ...request.parts] };
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
