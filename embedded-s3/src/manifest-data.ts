/**
 * The data folders of manifest objects (see object-files.ts for the layout, manifest.ts for the
 * format): completing a multipart upload by moving its part files, storing one upload as a
 * one-part manifest, cloning a manifest's data for CopyObject, and streaming a byte range.
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { settleAll } from './settle-all';
import { segmentsFor, type Manifest } from './manifest';
import { COMPLETING_FILE, DATA_KEY_FILE, newDataId, type ObjectFiles } from './object-files';

const READ_CHUNK = 256 * 1024;

/**
 * CompleteMultipartUpload in O(number of parts): the upload folder, already holding the part
 * files, is renamed into a data folder and the manifest is committed. Until the commit the
 * folder is marked `completing`: a crash in between leaves it for recovery, which gives the
 * upload back so that the complete can be retried; the previous object stays intact.
 * `beforeCommit` is whatever else must be done (and durable) before the commit.
 * Parts uploaded but not named in the complete are removed after the commit; the parts'
 * `.md5` files and s3rver's `metadata` file stay (a few bytes; not worth an unlink per part).
 */
export async function completeUpload(
  files: ObjectFiles,
  bucket: string,
  key: string,
  upload: { id: string; dir: string; unlistedParts: string[] },
  object: Omit<Manifest, 'dataId'>,
  beforeCommit: () => Promise<unknown>,
): Promise<void> {
  const manifest: Manifest = { dataId: newDataId(), ...object };
  const dir = files.dataDir(bucket, manifest.dataId);
  const marker = path.join(upload.dir, COMPLETING_FILE);
  let moved = false;
  const move = async () => {
    // The marker strictly before the rename: recovery gives a marked, unreferenced data folder
    // back as the upload, and removes an unmarked one.
    await fs.writeFile(marker, upload.id);
    await files.dirs.within(files.dataRoot(bucket), () => fs.rename(upload.dir, dir));
    moved = true;
  };
  try {
    // The move, beforeCommit and the manifest's temp file (commitManifest) run side by side:
    // each writes its own files (upload/data folder, `completed/`, the temp folder), and the
    // commit, the one step that makes the object visible, is issued only once all three are
    // done, as before: marker → folder rename → commit, synced manifest → commit, record → commit.
    // A crash before the commit leaves a marked folder (given back) and a temp file (removed).
    await files.commitManifest(bucket, key, manifest, () => settleAll([move(), beforeCommit()]));
  } catch (err) {
    // Not committed: the upload stays an upload.
    if (moved) await fs.rename(dir, upload.dir).catch(() => undefined);
    await fs.rm(marker, { force: true });
    throw err;
  }
  // Committed: tidying up must not fail the complete (recovery removes a stale marker).
  // Side by side: all are removals of distinct files of the committed folder.
  try {
    const names = [COMPLETING_FILE, ...upload.unlistedParts.flatMap((file) => [file, `${file}.md5`])];
    await settleAll(names.map((name) => fs.rm(path.join(dir, name), { force: true })));
  } catch (err) {
    files.log(`[embedded-s3] tidying ${dir} after a complete failed: ${(err as Error).message}`);
  }
}

/** Stores an uploaded temp file as a one-part manifest object (for bytes that start like a manifest). */
export async function commitSinglePart(
  files: ObjectFiles,
  bucket: string,
  key: string,
  tempFile: string,
  object: { size: number; etag: string; metadata: Record<string, string> },
): Promise<void> {
  const dataId = newDataId();
  const dir = files.dataDir(bucket, dataId);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, DATA_KEY_FILE), key);
    await fs.rename(tempFile, path.join(dir, '1'));
    await files.commitManifest(bucket, key, { dataId, ...object, parts: [{ file: '1', size: object.size }] });
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * CopyObject of a manifest object: a new data folder for `destKey` whose parts are hard links
 * to the source's (O(number of parts); copied where the file system refuses links).
 * undefined if the source's data is being removed (deleted or replaced meanwhile).
 */
export async function cloneData(files: ObjectFiles, srcBucket: string, source: Manifest, destBucket: string, destKey: string): Promise<string | undefined> {
  const srcDir = files.dataDir(srcBucket, source.dataId);
  if (!(await files.folders.acquire(srcDir))) return undefined;
  const dataId = newDataId();
  const dir = files.dataDir(destBucket, dataId);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, DATA_KEY_FILE), destKey);
    for (const part of source.parts) {
      const from = path.join(srcDir, part.file);
      const to = path.join(dir, part.file);
      await fs.link(from, to).catch(() => fs.copyFile(from, to));
    }
    return dataId;
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  } finally {
    files.folders.release(srcDir);
  }
}

/**
 * Bytes start..end (inclusive) of a manifest object, part after part. undefined if its data
 * folder is being or has been removed (the object was deleted or replaced since its manifest
 * was read): the caller reads the object again.
 */
export async function streamParts(files: ObjectFiles, bucket: string, manifest: Manifest, start: number, end: number): Promise<Readable | undefined> {
  const dir = files.dataDir(bucket, manifest.dataId);
  if (!(await files.folders.acquire(dir))) return undefined;
  const segments = manifest.size === 0 ? [] : segmentsFor(manifest, start, end);
  async function* read(): AsyncGenerator<Buffer> {
    for (const segment of segments) {
      const stream = createReadStream(path.join(dir, segment.file), {
        start: segment.start,
        end: segment.end,
        highWaterMark: READ_CHUNK,
      });
      for await (const chunk of stream) yield chunk as Buffer;
    }
  }
  const stream = Readable.from(read(), { objectMode: false, highWaterMark: READ_CHUNK });
  // 'close' follows both the end and a destroy (HEAD, a client that hangs up).
  stream.once('close', () => files.folders.release(dir));
  return stream;
}
