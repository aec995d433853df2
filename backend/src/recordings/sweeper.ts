/**
 * Sweeper, in two passes:
 *  1. aborts multipart uploads under recordings/ that were abandoned, i.e. had no activity (the
 *     newest of Initiated and its parts' LastModified) for longer than SWEEP_MAX_AGE, and deletes
 *     what the abandoned recording left (upload.json, thumbnail);
 *  2. removes leftovers older than SWEEP_MAX_AGE (leftover-sweep.ts): upload.json whose upload
 *     vanished without the backend (a lifecycle rule, an abort out of band), and objects under a
 *     recording prefix with neither upload.json nor meta.json (a thumbnail PUT after a DELETE).
 * A live upload (a part arrived recently) and a finished recording are never touched. Safe to
 * run in several processes at once.
 */
import { RECORDINGS_PREFIX, headKey, idFromVideoKey, metaKey, pendingKey, thumbnailKey } from './keys';
import { sweepLeftovers, type LeftoverSweepResult } from './leftover-sweep';
import { pendingUploadSchema } from './schemas';
import type { RecordingStore } from './store';

export interface SweepResult extends LeftoverSweepResult {
  /** Keys (recordings/<id>/video) whose upload was aborted. */
  aborted: string[];
  /** Uploads left alone because they are still active. */
  kept: number;
  /** Uploads whose abort, or recordings whose clean-up, failed (logged); retried next time. */
  failed: number;
}

export interface SweeperOptions {
  store: RecordingStore;
  maxAgeSeconds: number;
  intervalSeconds: number;
  log: (line: string) => void;
  /** Called with the recording id of each pending upload the sweeper ended (drops caches). */
  onPendingRemoved?: (id: string) => void;
  now?: () => Date;
}

export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepResult> | undefined;

  constructor(private readonly opts: SweeperOptions) {}

  /** Starts the periodic sweep (an unref'd timer: it never keeps the process alive). */
  start(): void {
    if (this.opts.intervalSeconds <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.sweepOnce().catch((err) => this.opts.log(`sweeper: ${(err as Error).name}: ${(err as Error).message}`));
    }, this.opts.intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass; concurrent calls share the pass in progress. */
  sweepOnce(): Promise<SweepResult> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweep(): Promise<SweepResult> {
    const { store, log } = this.opts;
    const now = (this.opts.now ?? (() => new Date()))().getTime();
    const cutoff = now - this.opts.maxAgeSeconds * 1000;
    const uploads = await this.abortAbandonedUploads(cutoff);
    const leftovers = await sweepLeftovers({
      store,
      cutoffMs: cutoff,
      keysWithUploads: uploads.keysWithUploads,
      log,
      onPendingRemoved: this.opts.onPendingRemoved,
    });
    const { markersRemoved, orphansRemoved } = leftovers;
    if (markersRemoved.length > 0) log(`sweeper: removed the upload.json of ${markersRemoved.length} upload(s) gone without the backend`);
    if (orphansRemoved.length > 0) log(`sweeper: removed ${orphansRemoved.length} object(s) no recording owns`);
    return { aborted: uploads.aborted, kept: uploads.kept, failed: uploads.failed + leftovers.failed, markersRemoved, orphansRemoved };
  }

  /** Pass 1; also returns the video keys that still have a multipart upload. */
  private async abortAbandonedUploads(cutoff: number) {
    const { store, log } = this.opts;
    const aborted: string[] = [];
    let kept = 0;
    let failed = 0;
    const keysWithUploads = new Set<string>();
    for await (const { key, uploadId, initiated } of store.listUploads(RECORDINGS_PREFIX)) {
      keysWithUploads.add(key);
      // Cheap test first: a recently started upload is live whatever its parts say.
      if (initiated && initiated.getTime() > cutoff) {
        kept++;
        continue;
      }
      try {
        const parts = await store.listParts(key, uploadId);
        if (parts === undefined) continue; // finished or aborted meanwhile
        const lastActivity = parts.reduce(
          (newest, p) => Math.max(newest, p.lastModified?.getTime() ?? 0),
          initiated?.getTime() ?? 0,
        );
        if (lastActivity > cutoff) {
          kept++;
          continue;
        }
        await store.abortUpload(key, uploadId);
        keysWithUploads.delete(key);
        await this.deletePendingOf(key, uploadId);
        aborted.push(key);
      } catch (err) {
        failed++;
        log(`sweeper: could not abort ${key} (${uploadId}): ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
    if (aborted.length > 0) log(`sweeper: aborted ${aborted.length} abandoned upload(s)`);
    return { aborted, kept, failed, keysWithUploads };
  }

  /**
   * Deletes what the aborted upload left, if upload.json belongs to it (not to a newer
   * one): upload.json, the head (part 1 uploaded early), and the thumbnail unless the recording
   * finished after all.
   */
  private async deletePendingOf(key: string, uploadId: string): Promise<void> {
    const id = idFromVideoKey(key);
    if (!id) return;
    const { store } = this.opts;
    const pending = await store.getJson(pendingKey(id), pendingUploadSchema);
    if (pending?.uploadId === uploadId) {
      // Named keys, never the prefix: a complete racing with this abort may have just
      // produced the video (its meta.json follows).
      const finished = (await store.headSize(metaKey(id))) !== undefined;
      if (!finished) await store.deleteObject(thumbnailKey(id));
      await store.deleteObject(headKey(id));
      await store.deleteObject(pendingKey(id));
    }
    this.opts.onPendingRemoved?.(id);
  }
}
