/**
 * How a recording session ends, apart from the phase bookkeeping in recorder-session.ts:
 * completing the upload and announcing the link, announcing a failure, or discarding everything
 * (server recording, local chunks and record) so that nothing remains.
 */
import type { ChunkSpool } from '../core/chunk-spool';
import type { Clock } from '../core/upload-ports';
import type { ApiClient } from '../shared/api-client';
import type { BackgroundMessage } from '../shared/messages';
import type { RecorderError } from '../shared/recorder-status';
import type { ChunkWriter } from './chunk-writer';
import { completeUpload, recordFailure, type CompleteMeta } from './complete-upload';
import { discardRecording } from './discard-recording';
import { reportStoppedWithRetries } from './server-calls';
import type { StatusPublisher } from './status-publisher';
import type { UploadPipeline } from './upload-pipeline';

/** Who hears about the outcome: the popup (status) and the service worker (notifications). */
export interface Audience {
  publisher: StatusPublisher;
  notify(message: BackgroundMessage): void;
}

export function announceFailure(audience: Audience, error: RecorderError): void {
  audience.publisher.dispatch({ type: 'failed', error });
  audience.notify({ target: 'background', type: 'recording-failed', data: { message: error.message, hint: error.hint } });
}

export interface FinishContext extends Audience {
  spool: ChunkSpool;
  client: ApiClient;
  clock: Clock;
  signal: AbortSignal;
  localId: string;
  pipeline: UploadPipeline;
  title: string;
  /** Why the recording ended early, told with the link. */
  warning(): RecorderError | undefined;
  /** True once the user cancelled: then nothing is announced. */
  cancelled(): boolean;
  /** The session is over (called before announcing). */
  end(): void;
  /** Words a failure for the user (e.g. what it means for a link handed over at Stop). */
  explainFailure?(error: RecorderError): RecorderError;
  /** The bytes the upload holds in all (told to the server at once, for the share page's progress). */
  totalBytes?: number;
}

/** Uploads the rest and completes; announces the link, or the failure (kept locally for recovery). */
export async function finishUpload(ctx: FinishContext, meta: CompleteMeta): Promise<void> {
  const { spool, localId } = ctx;
  reportStopped(ctx, meta.durationMs);
  try {
    const { shareUrl, serverId } = await completeUpload({ spool, client: ctx.client, clock: ctx.clock, signal: ctx.signal }, localId, ctx.pipeline, meta);
    if (ctx.cancelled()) return;
    ctx.end();
    const warning = ctx.warning();
    ctx.publisher.dispatch({ type: 'done', shareUrl, recordingId: serverId, ...(warning ? { warning } : {}) });
    ctx.notify({ target: 'background', type: 'recording-finished', data: { shareUrl, title: ctx.title } });
    if (warning) ctx.notify({ target: 'background', type: 'recording-failed', data: { message: warning.message, hint: warning.hint } });
  } catch (error) {
    if (ctx.cancelled()) return;
    const recorderError = await recordFailure(spool, localId, error);
    ctx.end();
    announceFailure(ctx, ctx.explainFailure?.(recorderError) ?? recorderError);
  }
}

/**
 * Tells the server the upload's total size and the duration, so that someone who opens the link
 * before the upload ends sees its progress. Alongside the upload, never in its way: not awaited,
 * failures only logged. Skipped while the server recording does not exist yet.
 */
function reportStopped(ctx: FinishContext, durationMs: number): void {
  const link = ctx.pipeline.link;
  if (!link || ctx.totalBytes === undefined) return;
  const body = { totalBytes: ctx.totalBytes, durationMs: Math.max(0, Math.round(durationMs)) };
  reportStoppedWithRetries(ctx.client, link, body, { clock: ctx.clock, signal: ctx.signal }).catch((error: unknown) =>
    console.warn('Reelay: telling the server that the recording stopped failed:', error),
  );
}

/** Abort uploads, DELETE the server recording, delete the local chunks and record. */
export async function discardAll(parts: {
  spool: ChunkSpool;
  clock: Clock;
  localId: string;
  client: ApiClient | undefined;
  pipeline: UploadPipeline | undefined;
  writer: ChunkWriter | undefined;
}): Promise<void> {
  const { spool, clock, localId, client, pipeline } = parts;
  await pipeline?.abort();
  await parts.writer?.close(); // waits for in-flight writes; later chunks are dropped
  if (!client) return;
  const record = await spool.getRecording(localId).catch(() => undefined);
  const serverId = pipeline?.link?.serverId ?? record?.serverId;
  const uploadToken = pipeline?.link?.uploadToken ?? record?.uploadToken;
  await discardRecording({
    spool,
    localId,
    client,
    clock,
    link: serverId && uploadToken ? { serverId, uploadToken } : undefined,
  }).catch((error: unknown) => console.warn('Reelay: discarding the recording failed:', error));
}
