/**
 * Multipart uploads for the embedded store, implemented on s3rver's own on-disk layout
 * (`<root>/<bucket>/._S3rver_uploads/<uploadId>/{key,metadata,<n>,<n>.md5}`, created by
 * s3rver's CreateMultipartUpload) so that s3rver keeps serving everything else.
 *
 * s3rver 4.0.4 lacks Abort/ListParts/ListMultipartUploads, never answers NoSuchUpload,
 * validates nothing on complete (a missing part crashes the process), keeps a stale ETag
 * when a part upload is interrupted, and gives the completed object a whole-file MD5 ETag.
 * Here, like S3: parts are written to a temp file and swapped in only when complete;
 * CompleteMultipartUpload validates order / ETags / sizes, returns `md5(md5s)-N` (complete-rules.ts),
 * and makes the parts the object without copying them (object-files.ts, manifest.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_PART_NUMBER } from '../../api/limits';
import { CompletedUploads, chooseParts, multipartEtag, type PartInfo } from './complete-rules';
import { KeyedLock } from './keyed-lock';
import { completeUpload } from './manifest-data';
import type { ObjectFiles } from './object-files';
import { pickMetadata, s3Error, type FilesystemStore } from './s3rver-internals';

export type { PartInfo } from './complete-rules';

export interface UploadInfo {
  key: string;
  uploadId: string;
  initiated: Date;
}

/** s3rver generates 16 random bytes as hex; anything else cannot exist (and must not reach a path). */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;

const noSuchUpload = (uploadId: string) =>
  s3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );

/** Serialises part swaps, completes and aborts of one upload (all in this process). */
const uploadLock = new KeyedLock();
const withUploadLock = <T>(uploadId: string, fn: () => Promise<T>) => uploadLock.run(uploadId, fn);

export function parsePartNumber(raw: unknown): number {
  const value = typeof raw === 'string' ? raw : '';
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_PART_NUMBER)) {
    throw s3Error('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {
      ArgumentName: 'partNumber',
      ArgumentValue: value,
    });
  }
  return n;
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';
const tempName = () => `${randomBytes(6).toString('hex')}.tmp`;

export class MultipartStore {
  /**
   * Each upload's parts as this process knows them. Every change to them goes through this
   * process under the upload's lock, so once read from disk (`fromDisk`), listing and completing
   * cost no file reads per part.
   */
  private readonly knownParts = new Map<string, { fromDisk: boolean; parts: Map<number, PartInfo> }>();
  private readonly completed: CompletedUploads;
  /**
   * Uploads whose `key` file this process has read (uploadId → `bucket/key`): their later
   * requests skip that read. Forgotten when the upload is completed or aborted (forgetUpload);
   * `forgets` keeps a read that raced with one from remembering a gone upload.
   */
  private readonly verified = new Map<string, string>();
  private forgets = 0;

  constructor(
    private readonly store: FilesystemStore,
    private readonly files: ObjectFiles,
  ) {
    this.completed = new CompletedUploads(store, (bucket) => this.uploadsDir(bucket), files.dirs);
  }

  private uploadsDir(bucket: string): string {
    return this.store.getResourcePath(bucket, undefined, 'uploads');
  }

  /** Returns the upload's directory, or throws NoSuchUpload (unknown id, or created for another key). */
  private async uploadDir(bucket: string, key: string, uploadId: string): Promise<string> {
    if (!UPLOAD_ID.test(uploadId)) throw noSuchUpload(uploadId);
    const dir = path.join(this.uploadsDir(bucket), uploadId);
    const target = `${bucket}/${key}`;
    if (this.verified.get(uploadId) === target) return dir;
    const forgets = this.forgets;
    const storedKey = await fs.readFile(path.join(dir, 'key'), 'utf8').catch((err) => {
      if (isMissing(err)) return undefined;
      throw err;
    });
    if (storedKey !== key) throw noSuchUpload(uploadId);
    if (forgets === this.forgets) this.verified.set(uploadId, target);
    return dir;
  }

  /** The upload was completed or aborted (or may have been): read it from disk next time. */
  private forgetUpload(uploadId: string): void {
    this.verified.delete(uploadId);
    this.knownParts.delete(uploadId);
    this.forgets++;
  }

  async uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    checks: { contentMd5?: string; contentSha256?: string },
  ): Promise<{ etag: string; size: number }> {
    const dir = await this.uploadDir(bucket, key, uploadId);
    const tmp = path.join(dir, `${partNumber}.${tempName()}`);
    const md5 = createHash('md5');
    const sha256 = checks.contentSha256 ? createHash('sha256') : undefined;
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        sha256?.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      // Synced (flush: fsync before close) before the ETag is given: the client drops its copy once a
      // part is acknowledged, and S3 acknowledges only what it has stored. It also keeps complete
      // and meta.json quick: their one small sync (the manifest) no longer waits for megabytes of parts.
      await pipeline(body, meter, createWriteStream(tmp, { flush: true }));
    } catch (err) {
      await fs.rm(tmp, { force: true });
      // The upload was aborted while this part streamed in.
      if (isMissing(err)) throw this.gone(uploadId);
      throw err;
    }
    const md5Bytes = md5.digest();
    if (checks.contentMd5 !== undefined && checks.contentMd5 !== md5Bytes.toString('base64')) {
      await fs.rm(tmp, { force: true });
      throw s3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
    if (sha256 && checks.contentSha256?.toLowerCase() !== sha256.digest('hex')) {
      await fs.rm(tmp, { force: true });
      throw s3Error(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        {},
        400,
      );
    }
    const etag = md5Bytes.toString('hex');
    // Swap the new part in only now: an interrupted re-upload keeps the previous part intact.
    await withUploadLock(uploadId, async () => {
      const partPath = path.join(dir, String(partNumber));
      try {
        await fs.writeFile(`${tmp}.md5`, etag);
        await fs.rename(tmp, partPath);
        await fs.rename(`${tmp}.md5`, `${partPath}.md5`);
        // The first part this process sees of an upload reads the others from disk (a few then,
        // not all of them at complete time).
        await this.partsOf(uploadId, dir);
        this.known(uploadId).parts.set(partNumber, { partNumber, etag: `"${etag}"`, size, lastModified: new Date() });
      } catch (err) {
        await Promise.all([fs.rm(tmp, { force: true }), fs.rm(`${tmp}.md5`, { force: true })]);
        if (isMissing(err)) throw this.gone(uploadId);
        throw err;
      }
    });
    return { etag: `"${etag}"`, size };
  }

  /** The bucket's folder was removed (DeleteBucket), with its uploads: nothing remembered of them holds. */
  forgetAll(): void {
    this.verified.clear();
    this.knownParts.clear();
    this.forgets++;
  }

  /** NoSuchUpload for an upload found missing on disk (removed with its bucket, say): not verified any more. */
  private gone(uploadId: string): Error {
    this.verified.delete(uploadId);
    return noSuchUpload(uploadId);
  }

  /** A part changed behind this class (s3rver's own UploadPartCopy): read the parts from disk next time. */
  forgetParts(uploadId: string): void {
    this.knownParts.delete(uploadId);
  }

  private known(uploadId: string): { fromDisk: boolean; parts: Map<number, PartInfo> } {
    let entry = this.knownParts.get(uploadId);
    if (!entry) this.knownParts.set(uploadId, (entry = { fromDisk: false, parts: new Map() }));
    return entry;
  }

  /** The upload's parts, sorted; call with the upload's lock held. */
  private async partsOf(uploadId: string, dir: string): Promise<PartInfo[]> {
    const entry = this.known(uploadId);
    if (!entry.fromDisk) {
      // Parts written before this process started (or before it first looked) are only on disk.
      for (const part of await this.readParts(dir)) if (!entry.parts.has(part.partNumber)) entry.parts.set(part.partNumber, part);
      entry.fromDisk = true;
    }
    return [...entry.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
  }

  private async readParts(dir: string): Promise<PartInfo[]> {
    const names = (await fs.readdir(dir)).filter((name) => /^\d+$/.test(name));
    const parts = await Promise.all(
      names.map(async (name): Promise<PartInfo | undefined> => {
        try {
          const [stat, md5] = await Promise.all([
            fs.stat(path.join(dir, name)),
            fs.readFile(path.join(dir, `${name}.md5`), 'utf8'),
          ]);
          return { partNumber: Number(name), etag: `"${md5.trim()}"`, size: stat.size, lastModified: stat.mtime };
        } catch (err) {
          if (isMissing(err)) return undefined;
          throw err;
        }
      }),
    );
    return parts.filter((p): p is PartInfo => p !== undefined).sort((a, b) => a.partNumber - b.partNumber);
  }

  async listParts(
    bucket: string,
    key: string,
    uploadId: string,
    options: { maxParts: number; partNumberMarker: number },
  ): Promise<{ parts: PartInfo[]; isTruncated: boolean; nextPartNumberMarker: number }> {
    const dir = await this.uploadDir(bucket, key, uploadId);
    const listed = await withUploadLock(uploadId, () => this.partsOf(uploadId, dir));
    const all = listed.filter((p) => p.partNumber > options.partNumberMarker);
    const parts = all.slice(0, options.maxParts);
    return {
      parts,
      isTruncated: all.length > parts.length,
      nextPartNumberMarker: parts.at(-1)?.partNumber ?? 0,
    };
  }

  async abort(bucket: string, key: string, uploadId: string): Promise<void> {
    await withUploadLock(uploadId, async () => {
      const dir = await this.uploadDir(bucket, key, uploadId);
      await fs.rm(dir, { recursive: true, force: true });
      this.forgetUpload(uploadId);
    });
  }

  async listUploads(bucket: string): Promise<UploadInfo[]> {
    const root = this.uploadsDir(bucket);
    const ids = await fs.readdir(root).catch((err) => {
      if (isMissing(err)) return [] as string[];
      throw err;
    });
    const uploads = await Promise.all(
      ids
        .filter((id) => UPLOAD_ID.test(id))
        .map(async (uploadId): Promise<UploadInfo | undefined> => {
          const keyFile = path.join(root, uploadId, 'key');
          try {
            const [key, stat] = await Promise.all([fs.readFile(keyFile, 'utf8'), fs.stat(keyFile)]);
            return { key, uploadId, initiated: stat.mtime };
          } catch (err) {
            if (isMissing(err)) return undefined; // completed or aborted meanwhile
            throw err;
          }
        }),
    );
    return uploads
      .filter((u): u is UploadInfo => u !== undefined)
      .sort((a, b) =>
        a.key !== b.key ? (a.key < b.key ? -1 : 1) : a.initiated.getTime() - b.initiated.getTime(),
      );
  }

  /**
   * Validates the requested part list like S3 (complete-rules.ts), then makes the parts the
   * object without copying them (ObjectFiles.completeUpload: O(number of parts), crash-safe).
   */
  async complete(
    bucket: string,
    key: string,
    uploadId: string,
    requested: Array<{ partNumber: number; etag: string }>,
  ): Promise<{ etag: string }> {
    return withUploadLock(uploadId, async () => {
      if (!UPLOAD_ID.test(uploadId)) throw noSuchUpload(uploadId);
      // Three independent reads side by side; their results are used in the order they were
      // read in one after the other (a repeated complete first, then NoSuchUpload).
      const [repeated, dir, metadataJson] = await Promise.allSettled([
        this.completed.lookup(bucket, key, uploadId),
        this.uploadDir(bucket, key, uploadId),
        fs.readFile(path.join(this.uploadsDir(bucket), uploadId, 'metadata'), 'utf8'),
      ]);
      if (repeated.status === 'rejected') throw repeated.reason;
      if (repeated.value) return repeated.value;
      if (dir.status === 'rejected') throw dir.reason;
      const stored = new Map((await this.partsOf(uploadId, dir.value)).map((p) => [p.partNumber, p]));
      const chosen = chooseParts(uploadId, requested, stored);
      const etag = multipartEtag(chosen);
      if (metadataJson.status === 'rejected') throw isMissing(metadataJson.reason) ? this.gone(uploadId) : metadataJson.reason;
      const metadata = JSON.parse(metadataJson.value) as Record<string, unknown>;
      const named = new Set(chosen.map((part) => part.partNumber));
      try {
        await completeUpload(
          this.files,
          bucket,
          key,
          { id: uploadId, dir: dir.value, unlistedParts: [...stored.keys()].filter((n) => !named.has(n)).map(String) },
          {
            size: chosen.reduce((sum, part) => sum + part.size, 0),
            etag,
            metadata: pickMetadata(metadata),
            parts: chosen.map((part) => ({ file: String(part.partNumber), size: part.size })),
          },
          // Remembered before the commit (completeUpload waits for it): if the response (or this
          // process) is lost after the commit, a retried complete is answered from it; if the
          // commit never happens, the record is ignored. It writes only `completed/<uploadId>`.
          () => this.completed.remember(bucket, key, uploadId, etag),
        );
      } finally {
        this.forgetUpload(uploadId); // completed, or undone (then read again from disk)
      }
      return { etag: `"${etag}"` };
    });
  }
}
