/**
 * Startup recovery of the embedded store's manifest objects (object-files.ts), run before the
 * store accepts requests, after a crash or a kill:
 * - temp files (unfinished PutObject bodies, manifests never committed) are removed;
 * - a data folder still marked `completing` and not referenced by its key's manifest is a
 *   CompleteMultipartUpload that never committed: it goes back to being the upload, so that
 *   the client's retried complete succeeds (the object at the key was never touched);
 * - a data folder whose key no longer references it (an object deleted or replaced while a
 *   GET still read it, or an interrupted CopyObject) is removed.
 * Cost: one small read per multipart object.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isDataId } from './manifest';
import { UPLOAD_ID } from './multipart';
import { COMPLETING_FILE, DATA_KEY_FILE, isMissing, type ObjectFiles } from './object-files';
import type { FilesystemStore } from './s3rver-internals';

const readIfPresent = (file: string) =>
  fs.readFile(file, 'utf8').catch((err) => {
    if (isMissing(err)) return undefined;
    throw err;
  });

async function recoverBucket(store: FilesystemStore, files: ObjectFiles, bucket: string, log: (line: string) => void) {
  await fs.rm(files.tempRoot(bucket), { recursive: true, force: true });
  const ids = await fs.readdir(files.dataRoot(bucket)).catch((err) => {
    if (isMissing(err)) return [] as string[];
    throw err;
  });
  for (const id of ids.filter(isDataId)) {
    const dir = files.dataDir(bucket, id);
    // Only folders we made have a file named exactly `key` (object files all end in ._S3rver_*).
    const key = await readIfPresent(path.join(dir, DATA_KEY_FILE));
    if (key === undefined) continue;
    let referenced: boolean;
    try {
      const opened = await files.open(bucket, key);
      await opened?.handle.close();
      referenced = opened?.manifest?.dataId === id;
    } catch (err) {
      log(`[embedded-s3] recovery: leaving ${dir} alone, ${bucket}/${key} is unreadable: ${(err as Error).message}`);
      continue;
    }
    const uploadId = (await readIfPresent(path.join(dir, COMPLETING_FILE)))?.trim();
    if (referenced) {
      if (uploadId !== undefined) await fs.rm(path.join(dir, COMPLETING_FILE), { force: true });
    } else if (uploadId !== undefined && UPLOAD_ID.test(uploadId)) {
      const uploads = store.getResourcePath(bucket, undefined, 'uploads');
      await fs.mkdir(uploads, { recursive: true });
      await fs.rename(dir, path.join(uploads, uploadId));
      await fs.rm(path.join(uploads, uploadId, COMPLETING_FILE), { force: true });
      log(`[embedded-s3] recovery: the interrupted complete of upload ${uploadId} (${bucket}/${key}) can be retried`);
    } else {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}

export async function recoverObjectFiles(store: FilesystemStore, files: ObjectFiles, log: (line: string) => void): Promise<void> {
  const entries = await fs.readdir(store.rootDirectory, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.isDirectory()) await recoverBucket(store, files, entry.name, log);
  }
}
