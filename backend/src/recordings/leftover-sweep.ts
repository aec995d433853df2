/**
 * The sweeper's second pass (after aborting abandoned uploads, see sweeper.ts): removes what no
 * recording owns any more, decided by recordings/leftovers.ts and confirmed with the store
 * before every removal:
 *   - upload.json whose multipart upload no longer exists (aborted by a bucket lifecycle rule or
 *     out of band) and was never completed, once older than the cutoff;
 *   - objects under recordings/<id>/ with neither upload.json nor meta.json (e.g. a thumbnail PUT
 *     after the recording was deleted), once older than the cutoff;
 *   - a finished recording's head object (part 1 uploaded early) its complete could not delete.
 * Live uploads and finished recordings are never touched.
 */
import { RECORDINGS_PREFIX, metaKey, pendingKey, videoKey } from './keys';
import { classifyRecording, groupByRecording, withoutPendingMarker, type RecordingObjects } from './leftovers';
import { pendingUploadSchema } from './schemas';
import type { RecordingStore } from './store';

export interface LeftoverSweepResult {
  /** Recording ids whose stale upload.json was removed. */
  markersRemoved: string[];
  /** Keys removed because no recording owns them. */
  orphansRemoved: string[];
  /** Recordings whose check or removal failed (logged); retried next time. */
  failed: number;
}

export interface LeftoverSweepOptions {
  store: RecordingStore;
  /** Objects modified after this time (ms since the epoch) are left alone. */
  cutoffMs: number;
  /** Video keys the first pass found a multipart upload for: their upload.json is in use. */
  keysWithUploads: ReadonlySet<string>;
  log: (line: string) => void;
  /** Called with the id of each recording whose upload.json was removed (drops caches). */
  onPendingRemoved?: ((id: string) => void) | undefined;
}

export async function sweepLeftovers(opts: LeftoverSweepOptions): Promise<LeftoverSweepResult> {
  const result: LeftoverSweepResult = { markersRemoved: [], orphansRemoved: [], failed: 0 };
  for await (const recording of groupByRecording(opts.store.listObjects(RECORDINGS_PREFIX))) {
    try {
      await sweepRecording(opts, recording, result);
    } catch (err) {
      result.failed++;
      opts.log(`sweeper: could not clean up recordings/${recording.id}/: ${(err as Error).name}: ${(err as Error).message}`);
    }
  }
  return result;
}

async function sweepRecording(opts: LeftoverSweepOptions, recording: RecordingObjects, result: LeftoverSweepResult) {
  let verdict = classifyRecording(recording, opts.cutoffMs);
  if (verdict.kind === 'stale-pending') {
    if (opts.keysWithUploads.has(videoKey(recording.id))) return;
    if (!(await removeStaleMarker(opts, recording.id))) return;
    result.markersRemoved.push(recording.id);
    opts.onPendingRemoved?.(recording.id);
    verdict = classifyRecording(withoutPendingMarker(recording), opts.cutoffMs);
  }
  if (verdict.kind === 'spent') return removeKeys(opts.store, verdict.keys, result);
  if (verdict.kind !== 'orphaned') return;
  // The listing may be stale: a marker that exists now means the recording is in use.
  const { store } = opts;
  if ((await store.headSize(metaKey(recording.id))) !== undefined) return;
  if ((await store.headSize(pendingKey(recording.id))) !== undefined) return;
  await removeKeys(store, verdict.keys, result);
}

async function removeKeys(store: RecordingStore, keys: string[], result: LeftoverSweepResult): Promise<void> {
  for (const key of keys) {
    await store.deleteObject(key);
    result.orphansRemoved.push(key);
  }
}

/**
 * Removes upload.json if its multipart upload is gone and never produced the video. Returns
 * whether the recording has no upload.json now.
 */
async function removeStaleMarker({ store, log }: LeftoverSweepOptions, id: string): Promise<boolean> {
  const pending = await store.getJson(pendingKey(id), pendingUploadSchema);
  if (!pending) return true; // removed meanwhile (completed, deleted)
  if (await store.uploadExists(videoKey(id), pending.uploadId)) return false;
  if ((await store.headSize(videoKey(id))) !== undefined) {
    // Completed, but meta.json was never written: a retried complete still finishes it.
    log(`sweeper: recordings/${id}/ has a completed video but no meta.json; kept (a retried complete finishes it)`);
    return false;
  }
  if ((await store.headSize(metaKey(id))) !== undefined) return false;
  await store.deleteObject(pendingKey(id));
  return true;
}
