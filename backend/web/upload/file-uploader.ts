/**
 * One video file from the library to S3, on the recordings' protocol: sniff its first bytes,
 * create (or, for a file picked again after a reload, find its unfinished upload and ask the store
 * which parts it holds), PUT the missing 5 MiB parts through presigned URLs, complete.
 * The parts go through the extension's own upload queue (extension/src/core/upload-queue.ts: at
 * most `maxInFlight` PUTs at once, presigning in batches, retries with backoff on transient
 * failures by core/retry.ts and the API's one transient rule, re-signing on 403, waiting while
 * offline), so files and recordings share one upload engine.
 * Pure: the browser's I/O comes in through `UploaderPorts` (browser-ports.ts in the page).
 */
import type { CompletedPart, CompleteRecordingResponse, CreateRecordingRequest, CreateRecordingResponse, ListPartsResponse, PresignPartsResponse } from '../../../api';
import { withRetries } from '../../../extension/src/core/retry';
import { HttpError, UploadAbortedError } from '../../../extension/src/core/upload-errors';
import { UploadQueue, type UploadQueueProgress } from '../../../extension/src/core/upload-queue';
import type { Clock, Connectivity, PartTransport } from '../../../extension/src/core/upload-ports';
import { missingParts, planParts, storedParts, type PlannedPart } from './part-plan';
import type { ResumeStore } from './resume-store';
import { FILE_SNIFF_BYTES, sniffVideo } from './sniff';

/** The page's calls to the API; each throws HttpError (with the API's code) or NetworkError. */
export interface UploadApi {
  create(req: CreateRecordingRequest, signal: AbortSignal): Promise<CreateRecordingResponse>;
  listParts(id: string, uploadToken: string, signal: AbortSignal): Promise<ListPartsResponse>;
  presign(id: string, uploadToken: string, partNumbers: number[], signal: AbortSignal): Promise<PresignPartsResponse>;
  complete(id: string, uploadToken: string, req: { parts: CompletedPart[]; durationMs: number; width?: number; height?: number }, signal: AbortSignal): Promise<CompleteRecordingResponse>;
  /** The poster image through POST /:id/thumbnail and its presigned PUT. */
  putThumbnail(id: string, uploadToken: string, image: Blob, signal: AbortSignal): Promise<void>;
  /** Cancel: aborts the multipart upload (DELETE with the upload token). */
  remove(id: string, uploadToken: string): Promise<void>;
}

/** What the browser learns from the file itself (a <video> on it): unknown fields stay undefined. */
export interface VideoFacts {
  durationMs?: number | undefined;
  width?: number | undefined;
  height?: number | undefined;
  thumbnail?: Blob | undefined;
}

/** A picked file: a Blob with a name and a modification time (the browser's File). */
export interface FileToUpload extends Blob {
  readonly name: string;
  readonly lastModified: number;
}

export interface UploaderPorts {
  api: UploadApi;
  transport: PartTransport;
  connectivity: Connectivity;
  clock: Clock;
  resume: ResumeStore;
  /** Duration, size and a poster frame, read locally while the parts go up. */
  probe?: (file: FileToUpload) => Promise<VideoFacts>;
  random?: () => number;
}

export interface UploadProgress {
  /** Bytes the store has acknowledged (parts found on resume included). */
  bytesUploaded: number;
  bytesTotal: number;
  partsTotal: number;
  /** Parts found in the store when resuming (not sent again). */
  partsResumed: number;
  offline: boolean;
  /** The store or the server does not answer: retrying. */
  reconnecting: boolean;
}

export interface UploadOptions {
  signal: AbortSignal;
  /** PUTs at once (at least 3). */
  maxInFlight?: number;
  onProgress?: (progress: UploadProgress) => void;
  /** Told once the server knows the recording (its upload can then be resumed). */
  onStarted?: (info: { id: string; shareUrl: string; resumed: boolean }) => void;
}

export interface UploadedFile {
  id: string;
  shareUrl: string;
  /** Parts PUT by this call (fewer than the plan when resumed). */
  partsSent: number;
  partsResumed: number;
}

/** A failure to show as it is: `message` is plain words with what to do. */
export class UploadProblem extends Error {
  override readonly name = 'UploadProblem';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const DEFAULT_MAX_IN_FLIGHT = 4;

interface Session {
  id: string;
  uploadToken: string;
  shareUrl: string;
  stored: CompletedPart[];
}

export async function uploadVideoFile(file: FileToUpload, ports: UploaderPorts, options: UploadOptions): Promise<UploadedFile> {
  const { signal } = options;
  const sniffed = await sniffVideo(file.name, new Uint8Array(await file.slice(0, FILE_SNIFF_BYTES).arrayBuffer()));
  if (!sniffed.ok) throw new UploadProblem('unsupported_media_type', sniffed.message);
  const plan = planParts(file.size);
  const facts: Promise<VideoFacts> = (ports.probe?.(file) ?? Promise.resolve<VideoFacts>({})).catch((): VideoFacts => ({}));
  const retry = { clock: ports.clock, signal, maxAttempts: Infinity, ...(ports.random ? { random: ports.random } : {}) };

  let session: Session | undefined;
  try {
    session = await resumeSession(file, plan, ports, signal);
    const resumed = session !== undefined;
    if (!session) {
      const created = await withRetries((s) => ports.api.create({ mimeType: sniffed.mimeType, file: { name: file.name, size: file.size } }, s), retry);
      session = { id: created.id, uploadToken: created.uploadToken, shareUrl: created.shareUrl, stored: [] };
      ports.resume.save(file, { recordingId: created.id, uploadToken: created.uploadToken, shareUrl: created.shareUrl });
    }
    const { id, uploadToken } = session;
    options.onStarted?.({ id, shareUrl: session.shareUrl, resumed });

    // Best effort (a video without a poster still plays), but it rides out a network drop too.
    const poster = async (image: Blob) => withRetries((s) => ports.api.putThumbnail(id, uploadToken, image, s), { ...retry, maxAttempts: 8 }).catch(() => undefined);
    const thumbnail = facts.then((f) => (f.thumbnail ? poster(f.thumbnail) : undefined));
    const sent = await sendParts(file, plan, session, ports, options);
    const { durationMs, width, height } = await facts;
    await thumbnail;
    await withRetries(
      (s) =>
        ports.api.complete(
          id,
          uploadToken,
          { parts: [...session!.stored, ...sent].sort((a, b) => a.partNumber - b.partNumber), durationMs: Math.round(durationMs ?? 0), ...(width && height ? { width, height } : {}) },
          s,
        ),
      retry,
    );
    ports.resume.forget(file);
    return { id, shareUrl: session.shareUrl, partsSent: sent.length, partsResumed: session.stored.length };
  } catch (error) {
    if (signal.aborted) {
      // Cancel: nothing may remain, here or on the server.
      ports.resume.forget(file);
      if (session) await ports.api.remove(session.id, session.uploadToken).catch(() => undefined);
      throw new UploadAbortedError({ cause: error });
    }
    // Refused for good (not a video, too large, gone): a new pick starts over.
    if (error instanceof HttpError && error.status >= 400 && error.status < 500) ports.resume.forget(file);
    throw error;
  }
}

/** The unfinished upload of this same file (saved before a reload) and the parts the store holds. */
async function resumeSession(file: FileToUpload, plan: PlannedPart[], ports: UploaderPorts, signal: AbortSignal): Promise<Session | undefined> {
  const saved = ports.resume.find(file);
  if (!saved) return undefined;
  try {
    const { parts } = await withRetries((s) => ports.api.listParts(saved.recordingId, saved.uploadToken, s), { clock: ports.clock, signal, maxAttempts: 3 });
    const stored = storedParts(plan, parts).map(({ partNumber, etag }) => ({ partNumber, etag }));
    return { id: saved.recordingId, uploadToken: saved.uploadToken, shareUrl: saved.shareUrl, stored };
  } catch (error) {
    if (signal.aborted) throw error;
    // Gone (aborted, expired, completed, deleted) or unreachable for now: start afresh.
    ports.resume.forget(file);
    return undefined;
  }
}

async function sendParts(file: FileToUpload, plan: PlannedPart[], session: Session, ports: UploaderPorts, options: UploadOptions): Promise<CompletedPart[]> {
  const sizes = new Map(plan.map((p) => [p.partNumber, p]));
  const sent: CompletedPart[] = [];
  const progress = (p: UploadQueueProgress): UploadProgress => ({
    bytesUploaded: p.bytesUploaded,
    bytesTotal: file.size,
    partsTotal: plan.length,
    partsResumed: session.stored.length,
    offline: p.offline,
    reconnecting: p.waitingForServer || p.retrying !== undefined,
  });
  const queue = new UploadQueue({
    presigner: {
      presign: async (partNumbers, signal) => {
        const res = await ports.api.presign(session.id, session.uploadToken, partNumbers, signal);
        return { urls: res.urls, expiresAt: Date.parse(res.expiresAt) };
      },
    },
    transport: ports.transport,
    source: {
      readPart: async (partNumber) => {
        const part = sizes.get(partNumber)!;
        return file.slice(part.start, part.end);
      },
    },
    connectivity: ports.connectivity,
    clock: ports.clock,
    onAcknowledged: async (ack) => {
      sent.push({ partNumber: ack.partNumber, etag: ack.etag });
    },
    acknowledged: session.stored.map((p) => ({ ...p, size: sizes.get(p.partNumber)!.size })),
    maxInFlight: Math.max(3, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT),
    presignAhead: Math.max(3, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT),
    // A file has no deadline: keep retrying a lost connection (backoff up to 30 s) until Cancel.
    retry: { maxTransientAttempts: Infinity },
    ...(ports.random ? { random: ports.random } : {}),
    signal: options.signal,
    onProgress: (p) => options.onProgress?.(progress(p)),
  });
  options.onProgress?.(progress(queue.progress()));
  queue.enqueue(missingParts(plan, session.stored).map(({ partNumber, size }) => ({ partNumber, size })));
  await queue.idle();
  return sent;
}
