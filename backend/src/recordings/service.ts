/**
 * RecordingService: the upload lifecycle over S3, reached only through the store module
 * (store.ts). Stateless: a recording's state is the objects under recordings/<id>/ (see
 * keys.ts), so any number of processes can serve one bucket. The in-process cache of
 * upload.json (pending-cache.ts) only saves a GET per presign request.
 */
import type {
  RecordingPatch,
  CompleteRecordingRequest,
  CompleteRecordingResponse,
  CreateRecordingResponse,
  HeadPatch,
  HeadUploadResponse,
  Part1FromHeadResponse,
  ListPartsResponse,
  PresignPartsResponse,
  RecordingMetadata,
  ThumbnailUploadRequest,
  ThumbnailUploadResponse,
  UpdateRecordingResponse,
} from '../../../api';
import { PART_SIZE } from '../../../api';
import { ApiError, notFound } from '../http/errors';
import type { ServerTiming } from '../http/server-timing';
import { RecordingCompleter, type Completed } from './complete';
import { HeadObjects } from './head';
import { newRecordingId } from './ids';
import { metaKey, pendingKey, recordingPrefix, thumbnailKey, videoKey } from './keys';
import {
  pendingUploadSchema,
  storedRecordingSchema,
  type PendingUpload,
  type StoredRecording,
} from './schemas';
import { checkParts } from './part-check';
import { FinishedIds } from './finished-ids';
import { PendingCache } from './pending-cache';
import type { RecordingStore } from './store';
import type { UploadTokens } from './tokens';

export interface RecordingServiceOptions {
  store: RecordingStore;
  tokens: UploadTokens;
  publicUrl: string;
  partUrlTtlSeconds: number;
  videoUrlTtlSeconds: number;
  now?: () => Date;
}

export type RecordingState =
  | { state: 'finished'; recording: StoredRecording }
  | { state: 'pending'; upload: PendingUpload }
  | { state: 'missing' };

const DEFAULT_TITLE = 'Untitled recording';
/** Thumbnail upload URLs are used right away: keep them short-lived. */
const THUMBNAIL_UPLOAD_TTL_SECONDS = 300;

export class RecordingService {
  readonly store: RecordingStore;
  private readonly pending = new PendingCache();
  private readonly finished = new FinishedIds();
  private readonly now: () => Date;
  private readonly heads: HeadObjects;
  private readonly completer: RecordingCompleter;
  /** Work started after an answer (complete's cleanup), so that tests and shutdown can wait for it. */
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly opts: RecordingServiceOptions) {
    this.store = opts.store;
    this.now = opts.now ?? (() => new Date());
    this.heads = new HeadObjects(opts.store, opts.partUrlTtlSeconds, this.now);
    this.completer = new RecordingCompleter({
      store: this.store,
      heads: this.heads,
      pending: this.pending,
      now: this.now,
      shareUrl: (id) => this.shareUrl(id),
      gone: (id) => this.forget(id, uploadGone()),
      afterwards: (work) => {
        const tracked = work.catch(() => undefined).finally(() => this.background.delete(tracked));
        this.background.add(tracked);
      },
    });
  }

  /** Resolves once the work started after earlier answers has ended. */
  async settled(): Promise<void> {
    while (this.background.size > 0) await Promise.all(this.background);
  }

  /** Origin of the store as browsers see it (presigned URLs point there; the share page's CSP allows it). */
  get storeOrigin(): string {
    return this.store.urls.origin;
  }

  shareUrl(id: string): string {
    return `${this.opts.publicUrl}/v/${id}`;
  }

  async create(input: { title?: string | undefined; mimeType: string; file?: PendingUpload['file'] }): Promise<CreateRecordingResponse> {
    const id = newRecordingId();
    const uploadId = await this.store.createUpload(videoKey(id), input.mimeType);
    const pending: PendingUpload = {
      id,
      uploadId,
      createdAt: this.now().toISOString(),
      title: input.title || DEFAULT_TITLE,
      mimeType: input.mimeType,
      ...(input.file ? { file: input.file } : {}),
    };
    try {
      await this.store.putJson(pendingKey(id), pending);
    } catch (err) {
      // Without upload.json nobody could find this upload again: do not leave it behind.
      await this.store.abortUpload(videoKey(id), uploadId).catch(() => undefined);
      throw err;
    }
    this.pending.remember(pending);
    return {
      id,
      uploadId,
      uploadToken: this.opts.tokens.issue(id),
      partSize: PART_SIZE,
      shareUrl: this.shareUrl(id),
    };
  }

  async presignParts(id: string, partNumbers: number[]): Promise<PresignPartsResponse> {
    // No store call here: presigning is on every part's path and must stay cheap under load. For
    // an upload aborted behind our back, the PUT itself fails at the store (404, S3's NoSuchUpload).
    const upload = await this.requirePending(id);
    const expiresIn = this.opts.partUrlTtlSeconds;
    const expiresAt = new Date(this.now().getTime() + expiresIn * 1000).toISOString();
    const unique = [...new Set(partNumbers)];
    const signed = await this.store.urls.uploadParts(videoKey(id), upload.uploadId, unique, expiresIn);
    const urls: Record<string, string> = {};
    unique.forEach((n, i) => (urls[String(n)] = signed[i]!));
    return { urls, expiresAt };
  }

  async listParts(id: string): Promise<ListPartsResponse> {
    const upload = await this.requirePending(id);
    const parts = await this.store.listParts(videoKey(id), upload.uploadId);
    if (!parts) throw this.forget(id, uploadGone());
    return { parts: parts.map(({ partNumber, etag, size }) => ({ partNumber, etag, size })) };
  }

  /** Completes the upload, then writes meta.json (complete.ts). Idempotent. */
  async complete(id: string, req: CompleteRecordingRequest, timing?: ServerTiming, signal?: AbortSignal): Promise<Completed> {
    const completed = await this.completer.complete(id, req, timing, signal);
    this.finished.remember(id);
    return completed;
  }

  /** A short-lived presigned PUT for the poster image; the content type (and size) are signed. */
  async presignThumbnailUpload(id: string, req: ThumbnailUploadRequest): Promise<ThumbnailUploadResponse> {
    const state = await this.state(id, { fresh: false });
    if (state.state === 'missing') throw notFound();
    if (state.state === 'pending' && !(await this.isUploadAlive(state.upload))) throw this.forget(id, uploadGone());
    // Complete: the upload token may still put up the first poster (a frame grabbed late, or
    // uploaded after a short recording completed), never replace one.
    if (state.state === 'finished' && (await this.hasThumbnail(id))) {
      throw new ApiError(409, 'already_completed', 'This recording is complete and already has its poster');
    }
    const expiresIn = Math.min(THUMBNAIL_UPLOAD_TTL_SECONDS, this.opts.partUrlTtlSeconds);
    const headers: Record<string, string> = { 'Content-Type': req.contentType };
    const signed = req.size === undefined ? headers : { ...headers, 'Content-Length': String(req.size) };
    const url = await this.store.urls.putObject(thumbnailKey(id), signed, expiresIn);
    return { url, expiresAt: new Date(this.now().getTime() + expiresIn * 1000).toISOString(), headers };
  }

  /** A presigned PUT of the head (part 1 uploaded early, see head.ts), for a live upload only. */
  async presignHeadUpload(id: string): Promise<HeadUploadResponse> {
    const upload = await this.requirePending(id);
    if (!(await this.store.uploadExists(videoKey(id), upload.uploadId))) throw this.forget(id, uploadGone());
    return this.heads.presign(id);
  }

  /** POST part1: part 1 made from the head with the header patch, at Stop (head.ts). */
  async part1FromHead(id: string, head: HeadPatch, timing?: ServerTiming): Promise<Part1FromHeadResponse> {
    const upload = await this.requirePending(id);
    const part1 = await this.heads.writePart1(id, upload.uploadId, head, timing);
    if (part1 === 'gone') throw this.forget(id, uploadGone());
    return { partNumber: 1, etag: part1.etag };
  }

  /** Whether a thumbnail was uploaded for `id`. */
  async hasThumbnail(id: string): Promise<boolean> {
    return (await this.store.headSize(thumbnailKey(id))) !== undefined;
  }

  /** A short-lived presigned GET of the thumbnail, or undefined if there is none. */
  async presignThumbnail(id: string): Promise<string | undefined> {
    if (!(await this.hasThumbnail(id))) return undefined;
    return this.store.urls.getObject(thumbnailKey(id), this.opts.videoUrlTtlSeconds);
  }

  /**
   * PATCH: applies a patch of editable fields. Finished: rewrites meta.json. Pending: rewrites
   * upload.json (complete copies the fields into meta.json), then makes sure that a
   * complete or an abort that ran meanwhile does not lose the change or leave a stale
   * upload.json behind.
   */
  async update(id: string, patch: RecordingPatch): Promise<UpdateRecordingResponse> {
    const state = await this.state(id, { fresh: true });
    if (state.state === 'missing') throw notFound();
    if (state.state === 'finished') return this.renameFinished(applyPatch(state.recording, patch));

    const upload: PendingUpload = applyPatch(state.upload, patch);
    const written = await this.rewritePending(upload);
    if (written === 'gone') throw notFound();
    if (written !== 'written') return this.renameFinished(applyPatch(written.finished, patch));
    return { status: 'uploading', id, title: upload.title, createdAt: upload.createdAt };
  }

  /** POST stopped: the recorder's totals into upload.json (share page progress); finished: nothing to do. */
  async markStopped(id: string, totals: { totalBytes: number; durationMs: number }): Promise<void> {
    const state = await this.state(id, { fresh: true });
    if (state.state === 'missing') throw notFound();
    if (state.state === 'finished') return;
    if ((await this.rewritePending({ ...state.upload, ...totals })) === 'gone') throw uploadGone();
  }

  /**
   * Rewrites upload.json, then makes sure that a complete or an abort that ran meanwhile does not
   * lose the change or leave a stale upload.json behind: 'written', the finished recording, or 'gone'.
   */
  private async rewritePending(upload: PendingUpload): Promise<'written' | 'gone' | { finished: StoredRecording }> {
    await this.store.putJson(pendingKey(upload.id), upload);
    const finished = await this.store.getJson(metaKey(upload.id), storedRecordingSchema);
    // Aborted meanwhile: do not resurrect its upload.json.
    if (finished || !(await this.isUploadAlive(upload))) {
      this.pending.forget(upload.id);
      await this.store.deleteObject(pendingKey(upload.id)).catch(() => undefined);
      return finished ? { finished } : 'gone';
    }
    this.pending.remember(upload);
    return 'written';
  }

  private async renameFinished(renamed: StoredRecording): Promise<UpdateRecordingResponse> {
    await this.store.putJson(metaKey(renamed.id), renamed);
    return { status: 'ready', ...this.toMetadata(renamed) };
  }

  /** DELETE: aborts an unfinished upload (no part remains) or deletes a finished recording. */
  async delete(id: string): Promise<void> {
    this.finished.forget(id);
    const pending = await this.store.getJson(pendingKey(id), pendingUploadSchema);
    this.pending.forget(id);
    if (pending) await this.store.abortUpload(videoKey(id), pending.uploadId);
    const deleted = await this.store.deletePrefix(recordingPrefix(id));
    if (!pending && deleted === 0) throw notFound();
  }

  async metadata(id: string): Promise<RecordingMetadata> {
    const state = await this.state(id, { fresh: true });
    if (state.state !== 'finished') throw notFound();
    return this.toMetadata(state.recording);
  }

  toMetadata(r: StoredRecording): RecordingMetadata {
    return {
      id: r.id,
      title: r.title,
      createdAt: r.createdAt,
      durationMs: r.durationMs,
      size: r.size,
      mimeType: r.mimeType,
      videoUrl: `${this.shareUrl(r.id)}/video`,
      ...(r.width !== undefined ? { width: r.width } : {}),
      ...(r.height !== undefined ? { height: r.height } : {}),
    };
  }

  /** Finished (meta.json), pending (upload.json) or missing. `fresh` skips the cache. */
  async state(id: string, { fresh }: { fresh: boolean }): Promise<RecordingState> {
    const recording = await this.store.getJson(metaKey(id), storedRecordingSchema);
    if (recording) return { state: 'finished', recording };
    const cached = fresh ? undefined : this.pending.get(id);
    const upload = cached ?? (await this.store.getJson(pendingKey(id), pendingUploadSchema));
    if (upload) {
      this.pending.remember(upload);
      return { state: 'pending', upload };
    }
    this.pending.forget(id);
    // Complete writes meta.json, then deletes upload.json: one that ran between the two reads
    // above left neither to see. Look for meta.json once more before saying "missing".
    const completedMeanwhile = await this.store.getJson(metaKey(id), storedRecordingSchema);
    if (completedMeanwhile) return { state: 'finished', recording: completedMeanwhile };
    return { state: 'missing' };
  }

  /** Whether the video exists: known in this process (finished-ids.ts), else meta.json read. */
  async isFinished(id: string): Promise<boolean> {
    if (this.finished.has(id)) return true;
    const finished = (await this.state(id, { fresh: true })).state === 'finished';
    if (finished) this.finished.remember(id);
    return finished;
  }

  /** A short-lived presigned GET for browsers (as a download when given its Content-Disposition). */
  presignVideo(id: string, download?: { contentDisposition: string }): Promise<string> {
    return this.store.urls.getObject(videoKey(id), this.opts.videoUrlTtlSeconds, download?.contentDisposition);
  }

  /** The pending upload of `id` (cached), or a 404 / 409 when there is none. */
  private async requirePending(id: string): Promise<PendingUpload> {
    const cached = this.pending.get(id);
    if (cached) return cached;
    const state = await this.state(id, { fresh: true });
    if (state.state === 'pending') return state.upload;
    if (state.state === 'finished') {
      throw new ApiError(409, 'already_completed', 'This recording is already complete');
    }
    throw notFound();
  }

  /**
   * Whether a pending upload can still finish: its multipart upload exists, or it was
   * completed and only meta.json is missing (a retried complete writes it).
   */
  private async isUploadAlive(upload: PendingUpload): Promise<boolean> {
    if (await this.store.uploadExists(videoKey(upload.id), upload.uploadId)) return true;
    return (await this.store.headSize(videoKey(upload.id))) !== undefined;
  }

  private forget<E>(id: string, err: E): E {
    this.pending.forget(id);
    return err;
  }

  /** Called by the sweeper after it ended a pending upload (aborted it, or removed its upload.json). */
  forgetPending(id: string) {
    this.pending.forget(id);
  }
}

function uploadGone() {
  return new ApiError(404, 'upload_gone', 'The upload no longer exists (it was aborted or expired)');
}

/** The editable fields of a patch over a stored recording (absent fields unchanged; an empty title is the default). */
function applyPatch<T extends { title: string }>(target: T, patch: RecordingPatch): T {
  return patch.title === undefined ? target : { ...target, title: patch.title || DEFAULT_TITLE };
}
