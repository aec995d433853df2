/**
 * How the embedded store keeps objects on disk. Two kinds share s3rver's naming
 * (`<bucket>/<key>._S3rver_object`, which is also what s3rver's listing looks for):
 * - plain objects: that file holds the bytes, with s3rver's `.md5` and `metadata.json` sidecars;
 * - manifest objects (completed multipart uploads, see manifest.ts): that file is the manifest,
 *   the parts live in a data folder `<bucket>/._S3rver_objects/<dataId>/` next to a `key` file
 *   naming the object (used by recovery, manifest-recovery.ts). What is done with those data
 *   folders (complete, clone, stream) is in manifest-data.ts.
 *
 * Every change of an object file is one rename (write a temp file, then rename) under a per-key
 * lock, so a reader sees the old object or the new one and a crash leaves one of them. A data
 * folder that is no longer referenced is "retired" (data-folders.ts): removed once no GET streams from it
 * (a GET started before a delete or an overwrite reads to the end, like on S3).
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataFolders } from './data-folders';
import { KeyedLock } from './keyed-lock';
import { KnownFolders } from './known-folders';
import { settleAll } from './settle-all';
import {
  MANIFEST_MAGIC_BYTES,
  MAX_MANIFEST_BYTES,
  decodeManifest,
  encodeManifest,
  startsWithMagic,
  type Manifest,
} from './manifest';
import { pickMetadata, type FilesystemStore } from './s3rver-internals';

/** In a data folder: the object key it belongs to. */
export const DATA_KEY_FILE = 'key';
/** In a data folder: present (holding the upload id) while a complete is not yet committed. */
export const COMPLETING_FILE = 'completing';

export const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';
export const newDataId = () => randomBytes(16).toString('hex');

export interface OpenedObject {
  /** Open on the object file: plain objects are streamed from it (immune to a later rename). */
  handle: FileHandle;
  stat: Stats;
  manifest?: Manifest;
}

export type ObjectMetadata = Record<string, string | number>;

async function readAt(handle: FileHandle, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let at = 0;
  while (at < length) {
    const { bytesRead } = await handle.read(buffer, at, length - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return buffer.subarray(0, at);
}

export class ObjectFiles {
  private readonly keyLock = new KeyedLock();
  /** Who reads which data folder (manifest-data.ts streams and clones from them). */
  readonly folders: DataFolders;
  /** Folders known to exist: no `mkdir -p` per write. */
  readonly dirs = new KnownFolders();

  constructor(
    private readonly store: FilesystemStore,
    readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    this.folders = new DataFolders(log);
  }

  objectPath(bucket: string, key: string): string {
    return this.store.getResourcePath(bucket, key, 'object');
  }

  dataRoot(bucket: string): string {
    return this.store.getResourcePath(bucket, undefined, 'objects');
  }

  dataDir(bucket: string, dataId: string): string {
    return path.join(this.dataRoot(bucket), dataId);
  }

  /** Temp files live in the bucket folder (same file system, so a rename moves them in place). */
  tempRoot(bucket: string): string {
    return this.store.getResourcePath(bucket, undefined, 'tmp');
  }

  /** A new temp file's path (nothing created yet: see openTemp). */
  private newTempPath(bucket: string): string {
    return path.join(this.tempRoot(bucket), randomBytes(8).toString('hex'));
  }

  private openTemp(bucket: string, temp: string): Promise<FileHandle> {
    return this.dirs.within(this.tempRoot(bucket), () => fs.open(temp, 'wx'));
  }

  /** Opens the object's file and tells its kind; null if there is no such object. The caller closes the handle. */
  async open(bucket: string, key: string): Promise<OpenedObject | null> {
    let handle: FileHandle;
    try {
      handle = await fs.open(this.objectPath(bucket, key), 'r');
    } catch (err) {
      if (isMissing(err) || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw err;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        return null;
      }
      if (stat.size < MANIFEST_MAGIC_BYTES.length || stat.size > MAX_MANIFEST_BYTES) return { handle, stat };
      if (!startsWithMagic(await readAt(handle, MANIFEST_MAGIC_BYTES.length))) return { handle, stat };
      const manifest = decodeManifest(await readAt(handle, stat.size));
      return { handle, stat, manifest };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** What s3rver's getMetadata returns: stored metadata plus quoted etag, last-modified, content-length. */
  async metadataOf(bucket: string, key: string, opened: OpenedObject): Promise<ObjectMetadata> {
    const intrinsic = (etag: string, size: number) => ({
      etag: JSON.stringify(etag),
      'last-modified': opened.stat.mtime.toUTCString(),
      'content-length': size,
    });
    if (opened.manifest) return { ...opened.manifest.metadata, ...intrinsic(opened.manifest.etag, opened.manifest.size) };
    const md5Path = this.store.getResourcePath(bucket, key, 'object.md5');
    const [stored, md5] = await Promise.all([
      fs
        .readFile(this.store.getResourcePath(bucket, key, 'metadata.json'), 'utf8')
        .then((json) => JSON.parse(json) as Record<string, string>)
        .catch((err) => {
          if (isMissing(err)) return {};
          throw err;
        }),
      fs.readFile(md5Path, 'utf8').catch(async (err) => {
        if (!isMissing(err)) throw err;
        // As s3rver does for objects placed in its folder by hand: compute and keep the MD5.
        const hash = createHash('md5');
        for await (const chunk of opened.handle.createReadStream({ start: 0, autoClose: false })) hash.update(chunk as Buffer);
        const hex = hash.digest('hex');
        await fs.writeFile(md5Path, hex);
        return hex;
      }),
    ]);
    return { ...stored, ...intrinsic(md5.trim(), opened.stat.size) };
  }

  /** The data id of the manifest at `key`, if it is one (a damaged manifest counts as none). */
  private async currentDataId(bucket: string, key: string): Promise<string | undefined> {
    const opened = await this.open(bucket, key).catch(() => null);
    await opened?.handle.close();
    return opened?.manifest?.dataId;
  }

  private async removeSidecars(bucket: string, key: string): Promise<void> {
    await Promise.all(
      ['object.md5', 'metadata.json', 'tagging.xml'].map((resource) =>
        fs.unlink(this.store.getResourcePath(bucket, key, resource)).catch((err) => {
          if (!isMissing(err)) throw err;
        }),
      ),
    );
  }

  /**
   * Puts `tempFile` in place as the object's file (one rename), under the key's lock.
   * `beforeRename` writes what must precede it (a plain object's sidecars; for a manifest, its
   * temp file and data folder). After a manifest takes the place of a plain object, the plain
   * object's sidecars are removed; the data folder of a replaced manifest is retired.
   */
  async replace(
    bucket: string,
    key: string,
    tempFile: string,
    options: { manifest?: Manifest; beforeRename?: () => Promise<unknown> },
  ): Promise<void> {
    const objectPath = this.objectPath(bucket, key);
    const dir = path.dirname(objectPath);
    await this.keyLock.run(`${bucket}/${key}`, async () => {
      // Side by side: reading which data folder the key references now, and beforeRename. Safe:
      // beforeRename never touches the object file (sidecars, temp files, data folders only),
      // and both end before the rename below, so `previous` is the object being replaced.
      const [previous] = await settleAll([this.currentDataId(bucket, key), this.dirs.within(dir, async () => options.beforeRename?.())]);
      await this.dirs.within(dir, () => fs.rename(tempFile, objectPath));
      // Committed. What follows is cleanup: a failure is logged, it must not undo the commit.
      try {
        if (options.manifest) await this.removeSidecars(bucket, key);
        if (previous !== undefined && previous !== options.manifest?.dataId) await this.folders.retire(this.dataDir(bucket, previous));
      } catch (err) {
        this.log(`[embedded-s3] cleanup after replacing ${bucket}/${key} failed: ${(err as Error).message}`);
      }
    });
  }

  /** s3rver's putMetadata (same files, same content), its two files written side by side: both only have to precede the object's rename. */
  async putSidecars(bucket: string, key: string, metadata: Record<string, unknown>, md5: string): Promise<void> {
    await settleAll([
      fs.writeFile(this.store.getResourcePath(bucket, key, 'object.md5'), md5),
      fs.writeFile(this.store.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(pickMetadata(metadata), null, 2)),
    ]);
  }

  /** DeleteObject: the object file and its sidecars, then its data folder if it is a manifest. */
  async remove(bucket: string, key: string): Promise<void> {
    await this.keyLock.run(`${bucket}/${key}`, async () => {
      const previous = await this.currentDataId(bucket, key);
      await fs.unlink(this.objectPath(bucket, key)).catch((err) => {
        if (!isMissing(err)) throw err;
      });
      await this.removeSidecars(bucket, key);
      if (previous !== undefined) await this.folders.retire(this.dataDir(bucket, previous));
    });
  }

  /** Writes the manifest to a temp file, synced, so the rename that commits it never exposes a partial one. */
  private async writeManifestTemp(bucket: string, temp: string, manifest: Manifest): Promise<void> {
    const handle = await this.openTemp(bucket, temp);
    try {
      await handle.writeFile(encodeManifest(manifest));
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /**
   * Makes `manifest` the object at `key`. Its data folder must be complete by the commit:
   * `beforeCommit` may finish it (and anything else the commit must follow).
   */
  async commitManifest(bucket: string, key: string, manifest: Manifest, beforeCommit?: () => Promise<unknown>): Promise<void> {
    const temp = this.newTempPath(bucket);
    // The temp manifest is written and synced while beforeCommit runs: it is not the object
    // until the rename in replace(), which waits for both (a crash before it leaves a temp
    // file, removed by recovery).
    const ready = settleAll([this.writeManifestTemp(bucket, temp, manifest), (async () => beforeCommit?.())()]);
    ready.catch(() => undefined); // handled below or in replace(); not an unhandled rejection meanwhile
    try {
      await this.replace(bucket, key, temp, { manifest, beforeRename: () => ready });
    } catch (err) {
      await ready.catch(() => undefined); // nothing is still writing the temp file when it is removed
      await fs.rm(temp, { force: true });
      throw err;
    }
  }

  /** Writes an uploaded body to a temp file; returns its size and MD5. */
  async writeTemp(bucket: string, content: Readable | Buffer): Promise<{ temp: string; size: number; md5: string; looksLikeManifest: boolean }> {
    const temp = this.newTempPath(bucket);
    const hash = createHash('md5');
    let size = 0;
    let head = Buffer.alloc(0);
    const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
    try {
      const handle = await this.openTemp(bucket, temp);
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
            if (head.length < MANIFEST_MAGIC_BYTES.length) head = Buffer.concat([head, chunk.subarray(0, MANIFEST_MAGIC_BYTES.length)]);
            yield chunk;
          }
        },
        handle.createWriteStream(), // closes the handle when done or failed
      );
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    return { temp, size, md5: hash.digest('hex'), looksLikeManifest: startsWithMagic(head) };
  }
}
