/**
 * RecordingService: the upload lifecycle over S3. Stateless: a recording's state is the
 * objects under recordings/<id>/ (see keys.ts), so any number of processes can serve one
 * bucket. The in-process cache of upload.json only saves a GET per presign request.
 */
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type {
  CompleteRecordingRequest,
  CompleteRecordingResponse,
  CreateRecordingResponse,
  ListPartsResponse,
  PresignPartsResponse,
  RecordingMetadata,
  ThumbnailUploadRequest,
  ThumbnailUploadResponse,
  UpdateRecordingResponse,
} from '../../../api';
import { PART_SIZE } from '../../../api';
import { ApiError, notFound } from '../http/errors';
import { isUploadGone, s3ErrorName, type S3Clients } from '../s3/client';
import { PartUrlSigner } from '../s3/part-url-signer';
import { newRecordingId } from './ids';
import { metaKey, pendingKey, recordingPrefix, thumbnailKey, videoKey } from './keys';
import {
  pendingUploadSchema,
  storedRecordingSchema,
  type PendingUpload,
  type StoredRecording,
} from './schemas';
import { RecordingStore, type UploadedPart } from './store';
import type { UploadTokens } from './tokens';

export interface RecordingServiceOptions {
  s3: S3Clients;
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

const PENDING_CACHE_LIMIT = 10_000;
const DEFAULT_TITLE = 'Untitled recording';
/** Thumbnail upload URLs are used right away: keep them short-lived. */
const THUMBNAIL_UPLOAD_TTL_SECONDS = 300;

/** S3 refusals of a CompleteMultipartUpload that are the client's fault. */
const COMPLETE_ERRORS: Record<string, string> = {
  EntityTooSmall: 'A part other than the last is smaller than 5 MiB',
  InvalidPart: 'A listed part was not uploaded or its ETag does not match',
  InvalidPartOrder: 'Parts must be listed in ascending order of partNumber',
};

export class RecordingService {
  readonly store: RecordingStore;
  private readonly pendingCache = new Map<string, PendingUpload>();
  private readonly now: () => Date;
  private readonly partSigner: PartUrlSigner;

  constructor(private readonly opts: RecordingServiceOptions) {
    this.store = new RecordingStore(opts.s3.api, opts.s3.bucket);
    this.partSigner = new PartUrlSigner({
      client: opts.s3.presign,
      endpoint: opts.s3.presignEndpoint,
      bucket: opts.s3.bucket,
      forcePathStyle: opts.s3.forcePathStyle,
    });
    this.now = opts.now ?? (() => new Date());
  }

  /** Origin of the store as browsers see it (presigned URLs point there; the share page's CSP allows it). */
  get storeOrigin(): string {
    return this.partSigner.origin;
  }

  shareUrl(id: string): string {
    return `${this.opts.publicUrl}/v/${id}`;
  }

  async create(input: { title?: string | undefined; mimeType: string }): Promise<CreateRecordingResponse> {
    const id = newRecordingId();
    const { UploadId } = await this.opts.s3.api.send(
      new CreateMultipartUploadCommand({ Bucket: this.opts.s3.bucket, Key: videoKey(id), ContentType: input.mimeType }),
    );
    if (!UploadId) throw new Error('CreateMultipartUpload returned no UploadId');
    const pending: PendingUpload = {
      id,
      uploadId: UploadId,
      createdAt: this.now().toISOString(),
      title: input.title || DEFAULT_TITLE,
      mimeType: input.mimeType,
    };
    try {
      await this.store.putJson(pendingKey(id), pending);
    } catch (err) {
      // Without upload.json nobody could find this upload again: do not leave it behind.
      await this.store.abortUpload(videoKey(id), UploadId).catch(() => undefined);
      throw err;
    }
    this.remember(pending);
    return {
      id,
      uploadId: UploadId,
      uploadToken: this.opts.tokens.issue(id),
      partSize: PART_SIZE,
      shareUrl: this.shareUrl(id),
    };
  }

  async presignParts(id: string, partNumbers: number[]): Promise<PresignPartsResponse> {
    // No store call here: presigning is on every part's path and must stay cheap under load. For
    // an upload aborted behind our back, the PUT itself fails at the store (404 NoSuchUpload).
    const upload = await this.requirePending(id);
    const expiresIn = this.opts.partUrlTtlSeconds;
    const expiresAt = new Date(this.now().getTime() + expiresIn * 1000).toISOString();
    const unique = [...new Set(partNumbers)];
    const signed = await this.partSigner.sign(videoKey(id), upload.uploadId, unique, expiresIn);
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

  /**
   * Completes the upload, then writes meta.json (only after S3 completed). Idempotent: a
   * retry returns the same shareUrl, and finishes the job if the metadata write failed.
   */
  async complete(id: string, req: CompleteRecordingRequest): Promise<CompleteRecordingResponse> {
    // Fresh: the title may have been renamed through another process.
    const state = await this.state(id, { fresh: true });
    if (state.state === 'finished') return { shareUrl: this.shareUrl(id) };
    if (state.state === 'missing') throw notFound();
    const upload = state.upload;

    const uploaded = await this.store.listParts(videoKey(id), upload.uploadId);
    if (!uploaded) return this.finishAfterLostUpload(upload, req);
    const size = checkParts(req.parts, uploaded);

    try {
      await this.opts.s3.api.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.opts.s3.bucket,
          Key: videoKey(id),
          UploadId: upload.uploadId,
          MultipartUpload: { Parts: req.parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
        }),
      );
    } catch (err) {
      const name = s3ErrorName(err);
      if (isUploadGone(err)) return this.finishAfterLostUpload(upload, req);
      if (name && COMPLETE_ERRORS[name]) throw new ApiError(400, name, COMPLETE_ERRORS[name]);
      throw err;
    }
    await this.writeMetadata(upload, req, size);
    return { shareUrl: this.shareUrl(id) };
  }

  /** A short-lived presigned PUT for the poster image; the content type (and size) are signed. */
  async presignThumbnailUpload(id: string, req: ThumbnailUploadRequest): Promise<ThumbnailUploadResponse> {
    const state = await this.state(id, { fresh: false });
    if (state.state === 'missing') throw notFound();
    if (state.state === 'pending' && !(await this.isUploadAlive(state.upload))) throw this.forget(id, uploadGone());
    const expiresIn = Math.min(THUMBNAIL_UPLOAD_TTL_SECONDS, this.opts.partUrlTtlSeconds);
    const headers: Record<string, string> = { 'Content-Type': req.contentType };
    const signed = req.size === undefined ? headers : { ...headers, 'Content-Length': String(req.size) };
    const url = await this.partSigner.putObject(thumbnailKey(id), signed, expiresIn);
    return { url, expiresAt: new Date(this.now().getTime() + expiresIn * 1000).toISOString(), headers };
  }

  /** Whether a thumbnail was uploaded for `id`. */
  async hasThumbnail(id: string): Promise<boolean> {
    return (await this.store.headSize(thumbnailKey(id))) !== undefined;
  }

  /** A short-lived presigned GET of the thumbnail, or undefined if there is none. */
  async presignThumbnail(id: string): Promise<string | undefined> {
    if (!(await this.hasThumbnail(id))) return undefined;
    return getSignedUrl(this.opts.s3.presign, new GetObjectCommand({ Bucket: this.opts.s3.bucket, Key: thumbnailKey(id) }), {
      expiresIn: this.opts.videoUrlTtlSeconds,
    });
  }

  /**
   * PATCH: renames a recording. Finished: rewrites meta.json. Pending: rewrites
   * upload.json (complete copies the title into meta.json), then makes sure that a
   * complete or an abort that ran meanwhile does not lose the new title or leave a stale
   * upload.json behind.
   */
  async updateTitle(id: string, title: string): Promise<UpdateRecordingResponse> {
    const newTitle = title || DEFAULT_TITLE;
    const state = await this.state(id, { fresh: true });
    if (state.state === 'missing') throw notFound();
    if (state.state === 'finished') return this.renameFinished(state.recording, newTitle);

    const upload: PendingUpload = { ...state.upload, title: newTitle };
    await this.store.putJson(pendingKey(id), upload);
    const finished = await this.store.getJson(metaKey(id), storedRecordingSchema);
    if (finished) {
      this.pendingCache.delete(id);
      await this.store.deleteObject(pendingKey(id)).catch(() => undefined);
      return this.renameFinished(finished, newTitle);
    }
    if (!(await this.isUploadAlive(upload))) {
      // Aborted meanwhile: do not resurrect its upload.json.
      this.pendingCache.delete(id);
      await this.store.deleteObject(pendingKey(id)).catch(() => undefined);
      throw notFound();
    }
    this.remember(upload);
    return { status: 'uploading', id, title: newTitle, createdAt: upload.createdAt };
  }

  private async renameFinished(recording: StoredRecording, title: string): Promise<UpdateRecordingResponse> {
    const renamed: StoredRecording = { ...recording, title };
    await this.store.putJson(metaKey(recording.id), renamed);
    return { status: 'ready', ...this.toMetadata(renamed) };
  }

  /** DELETE: aborts an unfinished upload (no part remains) or deletes a finished recording. */
  async delete(id: string): Promise<void> {
    const pending = await this.store.getJson(pendingKey(id), pendingUploadSchema);
    this.pendingCache.delete(id);
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
    const cached = fresh ? undefined : this.pendingCache.get(id);
    const upload = cached ?? (await this.store.getJson(pendingKey(id), pendingUploadSchema));
    if (upload) {
      this.remember(upload);
      return { state: 'pending', upload };
    }
    this.pendingCache.delete(id);
    return { state: 'missing' };
  }

  /** A short-lived presigned GET for browsers (optionally as a download). */
  presignVideo(id: string, download?: { filename: string }): Promise<string> {
    return getSignedUrl(
      this.opts.s3.presign,
      new GetObjectCommand({
        Bucket: this.opts.s3.bucket,
        Key: videoKey(id),
        ...(download ? { ResponseContentDisposition: contentDisposition(download.filename) } : {}),
      }),
      { expiresIn: this.opts.videoUrlTtlSeconds },
    );
  }

  /** The pending upload of `id` (cached), or a 404 / 409 when there is none. */
  private async requirePending(id: string): Promise<PendingUpload> {
    const cached = this.pendingCache.get(id);
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

  /**
   * CompleteMultipartUpload said NoSuchUpload (or ListParts did): either an earlier
   * complete succeeded and its metadata write failed (the video exists: finish the job),
   * or the upload was aborted.
   */
  private async finishAfterLostUpload(upload: PendingUpload, req: CompleteRecordingRequest) {
    const size = await this.store.headSize(videoKey(upload.id));
    if (size === undefined) throw this.forget(upload.id, uploadGone());
    await this.writeMetadata(upload, req, size);
    return { shareUrl: this.shareUrl(upload.id) };
  }

  private async writeMetadata(upload: PendingUpload, req: CompleteRecordingRequest, size: number) {
    const recording: StoredRecording = {
      id: upload.id,
      title: upload.title,
      createdAt: upload.createdAt,
      completedAt: this.now().toISOString(),
      durationMs: req.durationMs,
      size,
      mimeType: upload.mimeType,
      ...(req.width !== undefined ? { width: req.width } : {}),
      ...(req.height !== undefined ? { height: req.height } : {}),
    };
    await this.store.putJson(metaKey(upload.id), recording);
    this.pendingCache.delete(upload.id);
    // meta.json wins over upload.json, so a failure here is harmless.
    await this.store.deleteObject(pendingKey(upload.id)).catch(() => undefined);
  }

  private remember(upload: PendingUpload) {
    if (this.pendingCache.size >= PENDING_CACHE_LIMIT) {
      const oldest = this.pendingCache.keys().next().value;
      if (oldest !== undefined) this.pendingCache.delete(oldest);
    }
    this.pendingCache.set(upload.id, upload);
  }

  private forget<E>(id: string, err: E): E {
    this.pendingCache.delete(id);
    return err;
  }

  /** Called by the sweeper after it ended a pending upload (aborted it, or removed its upload.json). */
  forgetPending(id: string) {
    this.pendingCache.delete(id);
  }
}

function uploadGone() {
  return new ApiError(404, 'NoSuchUpload', 'The upload no longer exists (it was aborted or expired)');
}

function normalizeEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}

/**
 * Checks the client's part list against ListParts before asking S3 to complete, for
 * clear errors (and because some stores do not check): every listed part uploaded with
 * that ETag, and all but the last exactly PART_SIZE (R2 demands equal parts).
 * Returns the total size.
 */
export function checkParts(requested: { partNumber: number; etag: string }[], uploaded: UploadedPart[]): number {
  const byNumber = new Map(uploaded.map((p) => [p.partNumber, p]));
  const found = requested.map((req) => {
    const part = byNumber.get(req.partNumber);
    if (!part) throw new ApiError(400, 'InvalidPart', `Part ${req.partNumber} was not uploaded`);
    if (normalizeEtag(part.etag) !== normalizeEtag(req.etag)) {
      throw new ApiError(400, 'InvalidPart', `The ETag of part ${req.partNumber} does not match the uploaded part`);
    }
    return part;
  });
  found.slice(0, -1).forEach((part) => {
    if (part.size < PART_SIZE) {
      throw new ApiError(400, 'EntityTooSmall', `Part ${part.partNumber} is ${part.size} bytes; all parts but the last must be ${PART_SIZE} bytes`);
    }
    if (part.size !== PART_SIZE) {
      throw new ApiError(400, 'InvalidPartSize', `Part ${part.partNumber} is ${part.size} bytes; all parts but the last must be exactly ${PART_SIZE} bytes`);
    }
  });
  return found.reduce((sum, part) => sum + part.size, 0);
}

/** attachment; filename="..."; filename*=UTF-8''... (RFC 6266) */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
