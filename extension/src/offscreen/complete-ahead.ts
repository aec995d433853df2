/**
 * Complete ahead of the tail (issue 11). At Stop, once every part but the last is acknowledged,
 * complete goes to the server with the last part's number and size (`tail`) while that part still
 * uploads. The server makes part 1, checks the rest, waits until the store lists the tail and
 * completes at once: the link does not wait for the PUT's answer to come back to the browser and
 * for complete to go out after it. One attempt only: if it fails, the usual complete follows the
 * tail's acknowledgement (complete-upload.ts), and a complete that ran twice answers the same link.
 */
import type { AcknowledgedPart } from '../core/part-cutter';
import { completeParts } from '../core/recorder/complete-parts';
import type { ApiClient } from '../shared/api-client';
import type { UploadPipeline } from './upload-pipeline';

export interface CompleteMeta {
  durationMs: number;
  width?: number;
  height?: number;
}

/** What complete carries about the recording itself. */
export function metaFields(meta: CompleteMeta): { durationMs: number; width?: number; height?: number } {
  return {
    durationMs: Math.max(0, Math.round(meta.durationMs)),
    ...(meta.width ? { width: meta.width } : {}),
    ...(meta.height ? { height: meta.height } : {}),
  };
}

export interface AheadOfTail {
  /** The share URL, or undefined if this attempt failed or was cancelled (the usual complete follows). */
  readonly shareUrl: Promise<string | undefined>;
  cancel(): void;
}

/** Sends complete ahead of the tail, when the pipeline is at that point (else undefined). */
export function completeAheadOfTail(client: ApiClient, pipeline: UploadPipeline, meta: CompleteMeta, signal: AbortSignal): AheadOfTail | undefined {
  const link = pipeline.link;
  const inFlight = pipeline.tailInFlight();
  if (!link || !inFlight) return undefined;
  const controller = new AbortController();
  const cancel = () => controller.abort();
  signal.addEventListener('abort', cancel, { once: true });
  const body = { ...completeParts(inFlight.parts, pipeline.headerPatch), tail: inFlight.tail, ...metaFields(meta) };
  const shareUrl = client
    .completeRecording(link.serverId, link.uploadToken, body, controller.signal)
    .then(
      (answer) => answer.shareUrl,
      (error: unknown) => {
        if (!controller.signal.aborted) console.warn('Reelay: complete ahead of the last part failed; completing after it:', error);
        return undefined;
      },
    )
    .finally(() => signal.removeEventListener('abort', cancel));
  return { shareUrl, cancel };
}

/**
 * The link from complete ahead of the tail, racing the pipeline's own end (`finished`: every part
 * acknowledged, or its failure). If the pipeline fails first, the complete ahead is cancelled
 * (undefined); if it finishes first, the complete ahead is still the one to wait for: the store
 * lists the tail by then.
 */
export function linkAheadOfTail(ahead: AheadOfTail, finished: Promise<{ parts: AcknowledgedPart[] } | { error: unknown }>): Promise<string | undefined> {
  return Promise.race([
    ahead.shareUrl,
    finished.then((end) => {
      if ('error' in end) {
        ahead.cancel();
        return undefined;
      }
      return ahead.shareUrl;
    }),
  ]);
}
