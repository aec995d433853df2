/**
 * CompleteMultipartUpload as S3 defines it, apart from the upload folders (multipart.ts):
 * the checks on the requested part list, S3's multipart ETag, and the record that lets a
 * repeated complete of a finished upload succeed (as S3 and radosgw do).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PART_SIZE } from '../../api/limits';
import type { KnownFolders } from './known-folders';
import { s3Error, type FilesystemStore } from './s3rver-internals';

export interface PartInfo {
  partNumber: number;
  etag: string; // quoted, like S3
  size: number;
  lastModified: Date;
}

const COMPLETED_MEMORY_MS = 24 * 3600 * 1000;

const unquote = (etag: string) => etag.replace(/"/g, '').trim().toLowerCase();

/**
 * The stored parts a complete names, checked like S3: ascending part numbers, every part
 * uploaded with that ETag, every part but the last at least S3's minimum part size (5 MiB,
 * which is Reelay's PART_SIZE).
 */
export function chooseParts(
  uploadId: string,
  requested: Array<{ partNumber: number; etag: string }>,
  stored: Map<number, PartInfo>,
): PartInfo[] {
  for (let i = 1; i < requested.length; i++) {
    if (requested[i]!.partNumber <= requested[i - 1]!.partNumber) {
      throw s3Error(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
        { UploadId: uploadId },
      );
    }
  }
  const chosen: PartInfo[] = [];
  for (const want of requested) {
    const part = stored.get(want.partNumber);
    if (!part || unquote(part.etag) !== unquote(want.etag)) {
      throw s3Error(
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        { UploadId: uploadId, PartNumber: want.partNumber, ETag: want.etag },
      );
    }
    chosen.push(part);
  }
  chosen.slice(0, -1).forEach((part) => {
    if (part.size < PART_SIZE) {
      throw s3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
        ProposedSize: part.size,
        MinSizeAllowed: PART_SIZE,
        PartNumber: part.partNumber,
        ETag: part.etag,
      });
    }
  });
  return chosen;
}

/** S3's multipart ETag (unquoted): MD5 of the concatenated binary part MD5s, then "-<count>". */
export function multipartEtag(parts: PartInfo[]): string {
  const etagHash = createHash('md5');
  for (const part of parts) etagHash.update(Buffer.from(unquote(part.etag), 'hex'));
  return `${etagHash.digest('hex')}-${parts.length}`;
}

/**
 * S3 (and radosgw) answer a repeated CompleteMultipartUpload of a finished upload with
 * success, so a client retrying after a lost response is not told NoSuchUpload. We keep a
 * small record per completed upload for a day, in `<uploads>/completed/<uploadId>`.
 */
export class CompletedUploads {
  private lastPrune = 0;

  constructor(
    private readonly store: FilesystemStore,
    private readonly uploadsDir: (bucket: string) => string,
    private readonly dirs: KnownFolders,
  ) {}

  private dir(bucket: string): string {
    return path.join(this.uploadsDir(bucket), 'completed');
  }

  async remember(bucket: string, key: string, uploadId: string, etag: string): Promise<void> {
    const dir = this.dir(bucket);
    await this.dirs.within(dir, () => fs.writeFile(path.join(dir, uploadId), JSON.stringify({ key, etag })));
    // Forgetting old records costs a scan of all of them: at most once an hour, not per complete.
    if (Date.now() - this.lastPrune < 3600_000) return;
    this.lastPrune = Date.now();
    const dayAgo = Date.now() - COMPLETED_MEMORY_MS;
    for (const name of await fs.readdir(dir)) {
      const stat = await fs.stat(path.join(dir, name)).catch(() => undefined);
      if (stat && stat.mtimeMs < dayAgo) await fs.rm(path.join(dir, name), { force: true });
    }
  }

  /** The answer to a repeated complete of `uploadId` (a well-formed id), if it completed `key`. */
  async lookup(bucket: string, key: string, uploadId: string): Promise<{ etag: string } | undefined> {
    const raw = await fs.readFile(path.join(this.dir(bucket), uploadId), 'utf8').catch(() => undefined);
    if (raw === undefined) return undefined;
    const record = parseRecord(raw);
    // A record cut short (the process killed while writing it) was never followed by a commit:
    // remember() finishes before the commit is issued. So it says nothing, like no record.
    if (record?.key !== key) return undefined;
    // Only while the object it produced is still there, unchanged.
    const current = await this.store.getMetadata(bucket, key).catch(() => undefined);
    return current?.etag === `"${record.etag}"` ? { etag: current.etag } : undefined;
  }
}

function parseRecord(raw: string): { key: string; etag: string } | undefined {
  try {
    const record = JSON.parse(raw) as { key?: unknown; etag?: unknown };
    return typeof record.key === 'string' && typeof record.etag === 'string' ? { key: record.key, etag: record.etag } : undefined;
  } catch {
    return undefined;
  }
}
