/**
 * GET /v/:id/status: what a viewer who opened the link before the upload ended sees. While it
 * uploads: how many bytes the store holds (its parts, plus the head object, part 1 uploaded early)
 * of how many (once the recorder said so at Stop). Cheap enough to poll: besides reading the
 * state, one ListParts and one HEAD per call, both through the store module.
 */
import type { ShareStatusResponse } from '../../../api';
import { headKey, videoKey } from './keys';
import type { RecordingService } from './service';

/** The status of `id`, or undefined when there is nothing to show (unknown, cancelled, aborted). */
export async function shareStatus(recordings: RecordingService, id: string): Promise<ShareStatusResponse | undefined> {
  let state = await recordings.state(id, { fresh: false });
  // The cache may predate "stopped" (told to another process): once it holds the totals it is enough.
  if (state.state === 'pending' && state.upload.totalBytes === undefined) state = await recordings.state(id, { fresh: true });
  if (state.state === 'missing') return undefined;
  if (state.state === 'finished') return { status: 'ready', durationMs: state.recording.durationMs };

  const { upload } = state;
  const [parts, head] = await Promise.all([
    recordings.store.listParts(videoKey(id), upload.uploadId),
    recordings.store.headSize(headKey(id)),
  ]);
  const uploading = (bytesStored: number): ShareStatusResponse => ({
    status: 'uploading',
    bytesStored,
    ...(upload.totalBytes !== undefined ? { bytesTotal: upload.totalBytes } : {}),
    stopped: upload.totalBytes !== undefined,
  });
  if (!parts) {
    // Completed just now (the video exists; meta.json follows in a moment), or aborted.
    const [now, video] = await Promise.all([recordings.state(id, { fresh: true }), recordings.store.headSize(videoKey(id))]);
    if (now.state === 'finished') return { status: 'ready', durationMs: now.recording.durationMs };
    return now.state === 'pending' && video !== undefined ? uploading(video) : undefined;
  }
  // Once part 1 exists it was made from the head object (which is deleted right after): count it once.
  const headBytes = parts.some((p) => p.partNumber === 1) ? 0 : (head ?? 0);
  return uploading(parts.reduce((sum, p) => sum + p.size, headBytes));
}
