/**
 * The last steps of every recording (after Stop, or in recovery): complete the multipart upload on
 * the server, ahead of the tail when it can (complete-ahead.ts), else once the pipeline has every
 * part (part 1 made by the server from the head when it went up early: asked for at once, while the
 * tail uploads, see part1FromHeadAtStop; else at complete, see core/recorder/complete-parts.ts),
 * and record the outcome in the spool.
 */
import type { CompletedPart } from '../../../api';
import type { ChunkSpool, RecordingRecord } from '../core/chunk-spool';
import type { Clock } from '../core/upload-ports';
import { HttpError } from '../core/upload-errors';
import type { ApiClient } from '../shared/api-client';
import type { LocalRecordingStatus, RecorderError } from '../shared/recorder-status';
import { apiCallError, RecorderFailure, toRecorderError } from '../core/recorder/recorder-errors';
import { completeParts, type CompleteParts } from '../core/recorder/complete-parts';
import type { AcknowledgedPart } from '../core/part-cutter';
import { completeAheadOfTail, linkAheadOfTail, metaFields, type CompleteMeta } from './complete-ahead';
import { completeWithRetries, part1FromHeadWithRetries } from './server-calls';
import type { ServerLink, UploadPipeline } from './upload-pipeline';

export type { CompleteMeta };

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
  // Complete goes ahead of the tail when it can (complete-ahead.ts: it makes part 1 as well);
  // else part 1 is made on the server while the tail still uploads (the header patch is known now).
  const ahead = completeAheadOfTail(client, pipeline, meta, signal);
  const part1 = ahead ? Promise.resolve(undefined) : part1FromHeadAtStop(deps, localId, pipeline);
  const finished = pipeline.finish().then(
    (parts) => ({ parts }),
    (error: unknown) => ({ error }),
  );
  const early = ahead ? await linkAheadOfTail(ahead, finished) : undefined;
  // Ahead of the tail, its acknowledgement is on its way too (the store holds the part): waited
  // for, so that the spool records every part, though its failure no longer matters.
  const end = await finished;
  if (early === undefined && 'error' in end) throw end.error;
  const link = pipeline.link;
  if (!link) throw new RecorderFailure({ code: 'unknown', message: 'The server recording is missing.', hint: '' });
  const shareUrl = early ?? (await completeAfterTail(deps, localId, pipeline, link, 'parts' in end ? end.parts : [], await part1, meta));
  const record = await spool.updateRecording(localId, { status: 'done', shareUrl, completedAt: clock.now(), error: undefined });
  // Every part is acknowledged, so the chunks are gone already; this sweeps leftovers (empty
  // chunks), after the link is announced rather than before (it is one more transaction).
  void spool.purgeChunks(localId).catch(() => undefined);
  return { shareUrl, serverId: link.serverId, record };
}

/** The usual complete, once every part is acknowledged (`finished`), retried while the server is away. */
async function completeAfterTail(
  deps: CompleteDeps,
  localId: string,
  pipeline: UploadPipeline,
  link: ServerLink,
  parts: AcknowledgedPart[],
  part1: CompletedPart | undefined,
  meta: CompleteMeta,
): Promise<string> {
  const { spool, client, clock, signal } = deps;
  // Only shown (recovery treats 'completing' like 'uploading'): written while complete is on its way.
  const marked = spool.updateRecording(localId, { status: 'completing' }).catch(() => undefined);
  try {
    const body = { ...withPart1(completeParts(parts, pipeline.headerPatch), part1), ...metaFields(meta) };
    const { shareUrl } = await completeWithRetries(client, link, body, { clock, signal, onRetry: () => pipeline.completeWaitingForServer(true) }).finally(
      () => pipeline.completeWaitingForServer(false),
    );
    return shareUrl;
  } catch (error) {
    // An earlier attempt may have completed it (its answer got lost): then the metadata exists.
    if (error instanceof HttpError && (error.status === 404 || error.status === 409) && link.shareUrl) {
      const exists = await client.getRecording(link.serverId, signal).then(() => true, () => false);
      if (exists) return link.shareUrl;
    }
    throw new RecorderFailure(apiCallError(error, client.serverUrl));
  } finally {
    await marked; // before the outcome is recorded over it
  }
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
