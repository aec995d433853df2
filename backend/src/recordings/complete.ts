/**
 * POST complete, apart from the rest of the service (service.ts): completes the multipart upload,
 * then writes meta.json (only after S3 completed). Idempotent: a retry returns the same shareUrl,
 * and finishes the job if the metadata write failed. Part 1 is either listed by the client (a part
 * it uploaded, or the one the server made from the head at Stop, POST part1) or, with `head`, made
 * here from the head object (head.ts).
 *
 * It answers with the finished recording, so that the catalogue's hook need not read meta.json
 * back; removing upload.json and the head object follows the answer (complete is on the path from
 * Stop to the link, and meta.json wins).
 */
import type { CompletedPart, CompleteRecordingRequest, CompleteRecordingResponse } from '../../../api';
import { badRequest, notFound } from '../http/errors';
import { ServerTiming } from '../http/server-timing';
import { checkFileRequest, checkFileSize, verifyFileContent } from './file-upload';
import { withPart1, type HeadObjects } from './head';
import { metaKey, pendingKey, videoKey } from './keys';
import { checkParts } from './part-check';
import type { PendingCache } from './pending-cache';
import { pendingUploadSchema, storedRecordingSchema, type PendingUpload, type StoredRecording } from './schemas';
import type { RecordingStore, SizedStream, UploadedPart } from './store';
import { waitForTail } from './tail-wait';

/** What complete did: the client's answer, and the recording as meta.json now holds it. */
export interface Completed extends CompleteRecordingResponse {
  recording: StoredRecording;
}

export interface CompleterDeps {
  store: RecordingStore;
  heads: HeadObjects;
  pending: PendingCache;
  now: () => Date;
  shareUrl(id: string): string;
  /** 404 upload_gone, the cache forgotten. */
  gone(id: string): Error;
  /** Work left for after the answer (removing upload.json and the head); failures are harmless. */
  afterwards(work: Promise<unknown>): void;
}

export class RecordingCompleter {
  constructor(private readonly deps: CompleterDeps) {}

  async complete(id: string, req: CompleteRecordingRequest, timing = new ServerTiming(), signal?: AbortSignal): Promise<Completed> {
    // The head's GET is opened while upload.json is read: with a short tail, making part 1 is the
    // longest step (measured: ~15-35 ms sooner on radosgw, no change on the embedded store).
    // makePart1 consumes it; if complete ends before (or fails), it is destroyed, not leaked.
    const head = req.head ? this.deps.heads.open(id) : undefined;
    head?.catch(() => undefined); // awaited by makePart1, unless complete ends before
    try {
      return await this.completeWith(id, req, timing, signal, head);
    } finally {
      void head?.then((h) => h?.body.destroy(), () => undefined); // a no-op once the body was read
    }
  }

  private async completeWith(
    id: string,
    req: CompleteRecordingRequest,
    timing: ServerTiming,
    signal: AbortSignal | undefined,
    head: Promise<SizedStream | undefined> | undefined,
  ): Promise<Completed> {
    const { store, pending } = this.deps;
    // upload.json fresh (the title may have been renamed through another process), and ListParts
    // at the same time when this process knows the uploadId (it never changes): complete is on the
    // path from Stop to the link. No meta.json read first: while the upload exists it is not finished.
    const cachedUploadId = pending.get(id)?.uploadId;
    const [upload, listedEarly] = await timing.step('state', () =>
      Promise.all([
        store.getJson(pendingKey(id), pendingUploadSchema),
        cachedUploadId === undefined ? undefined : store.listParts(videoKey(id), cachedUploadId),
      ]),
    );
    if (!upload) return this.withoutPending(id);
    pending.remember(upload);
    checkFileRequest(upload, req); // a video file from the library (file-upload.ts)
    const uploaded =
      listedEarly && cachedUploadId === upload.uploadId ? listedEarly : await timing.step('list', () => store.listParts(videoKey(id), upload.uploadId));
    if (!uploaded) return this.finishAfterLostUpload(upload, req, timing);
    const checked = await this.allParts(upload, req, uploaded, timing, signal, head);
    if (checked === 'gone') return this.finishAfterLostUpload(upload, req, timing);
    const { parts, size } = checked;
    checkFileSize(upload, size);
    // Ahead of the tail, complete waited for seconds maybe: a rename meanwhile is in upload.json
    // (read again while S3 completes, so it costs no time on the path to the link).
    const [completed, renamed] = await timing.step('complete', () =>
      Promise.all([store.completeUpload(videoKey(id), upload.uploadId, parts), req.tail ? store.getJson(pendingKey(id), pendingUploadSchema) : undefined]),
    );
    if (completed === 'gone') return this.finishAfterLostUpload(upload, req, timing);
    await this.verifyFile(upload, timing);
    return this.writeMetadata(renamed ?? upload, req, size, timing);
  }

  /**
   * The parts to complete with, checked (part-check.ts): as listed; with `head`, part 1 made here
   * from the head object (head.ts) and parts 2..N listed; with `tail`, the last part once the store
   * lists it (tail-wait.ts), waited for while part 1 is being made.
   */
  private async allParts(
    upload: PendingUpload,
    req: CompleteRecordingRequest,
    uploaded: UploadedPart[],
    timing: ServerTiming,
    signal: AbortSignal | undefined,
    head: Promise<SizedStream | undefined> | undefined,
  ): Promise<{ parts: CompletedPart[]; size: number } | 'gone'> {
    if (req.head && req.parts.some((p) => p.partNumber < 2)) {
      throw badRequest('invalid_request', 'With a head, part 1 is made from it: the listed parts start at 2');
    }
    const { id, uploadId } = upload;
    const stop = new AbortController(); // the tail wait ends when part 1 fails
    const tail = req.tail;
    const seen = tail
      ? timing.step('tail', () =>
          waitForTail(tail, {
            find: () => this.deps.store.findPart(videoKey(id), uploadId, tail.partNumber),
            signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
          }),
        )
      : undefined;
    seen?.catch(() => undefined); // awaited below, unless part 1 failed first
    let part1: CompletedPart | 'gone' | undefined;
    try {
      part1 = req.head ? await timing.step('part1', () => this.deps.heads.makePart1(id, uploadId, req.head!, uploaded, head)) : undefined;
    } catch (error) {
      stop.abort(error);
      throw error;
    }
    const last = await seen;
    if (part1 === 'gone' || last === 'gone') return 'gone';
    if (last) timing.describe('tail', `${last.polls} ListParts`);
    let listed = uploaded;
    const parts = [...req.parts];
    if (part1) {
      parts.unshift(part1);
      listed = withPart1(listed, part1);
    }
    if (last) {
      parts.push({ partNumber: last.part.partNumber, etag: last.part.etag });
      listed = [...listed.filter((p) => p.partNumber !== last.part.partNumber), last.part];
    }
    return { parts, size: checkParts(parts, listed) };
  }

  /** No upload.json: finished already (a retried complete gets the same answer), or unknown (404). */
  private async withoutPending(id: string): Promise<Completed> {
    const recording = await this.deps.store.getJson(metaKey(id), storedRecordingSchema);
    if (recording) return this.finished(recording);
    this.deps.pending.forget(id);
    throw notFound();
  }

  private finished(recording: StoredRecording): Completed {
    return { shareUrl: this.deps.shareUrl(recording.id), recording };
  }

  /**
   * The store says the upload is gone (at complete, or at ListParts): an earlier complete
   * succeeded (meta.json exists: nothing to do; or its metadata write failed: the video exists,
   * finish the job), or the upload was aborted.
   */
  private async finishAfterLostUpload(upload: PendingUpload, req: CompleteRecordingRequest, timing: ServerTiming): Promise<Completed> {
    // Finished by an earlier complete whose answer got lost (upload.json outlived it): done already.
    const recording = await this.deps.store.getJson(metaKey(upload.id), storedRecordingSchema);
    if (recording) {
      this.deps.pending.forget(upload.id);
      return this.finished(recording);
    }
    const size = await this.deps.store.headSize(videoKey(upload.id));
    if (size === undefined) throw this.deps.gone(upload.id);
    await this.verifyFile(upload, timing);
    return this.writeMetadata(upload, req, size, timing);
  }

  /** A video file's stored bytes must be the declared video type; if not, it is deleted (415). */
  private async verifyFile(upload: PendingUpload, timing: ServerTiming): Promise<void> {
    if (!upload.file) return;
    try {
      await timing.step('sniff', () => verifyFileContent(this.deps.store, upload));
    } catch (err) {
      this.deps.pending.forget(upload.id);
      throw err;
    }
  }

  private async writeMetadata(upload: PendingUpload, req: CompleteRecordingRequest, size: number, timing: ServerTiming): Promise<Completed> {
    const { store, heads, pending } = this.deps;
    const recording: StoredRecording = {
      id: upload.id,
      title: upload.title,
      createdAt: upload.createdAt,
      completedAt: this.deps.now().toISOString(),
      durationMs: req.durationMs,
      size,
      mimeType: upload.mimeType,
      ...(req.width !== undefined ? { width: req.width } : {}),
      ...(req.height !== undefined ? { height: req.height } : {}),
    };
    await timing.step('meta', () => store.putJson(metaKey(upload.id), recording));
    pending.forget(upload.id);
    // meta.json wins over upload.json, and the video holds the head: failures here are harmless
    // (the leftover sweep removes what is left), so they need not delay the answer.
    this.deps.afterwards(
      Promise.all([store.deleteObject(pendingKey(upload.id)).catch(() => undefined), req.head ? heads.remove(upload.id).catch(() => undefined) : undefined]),
    );
    return this.finished(recording);
  }
}
