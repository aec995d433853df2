/**
 * THE one place where @20minutes/s3rver is changed at run time (node_modules stays untouched;
 * typed access to its internals is in s3rver-internals.ts). Why patch instead of fork or
 * proxy: s3rver 4.0.4 (pinned) serves most of S3 well in-process, but lacks several multipart
 * operations and has data races; two small, contained changes to OUR instance fix that:
 *
 * 1. Our request layer (request-layer.ts) goes into its Koa middleware, just before its router.
 * 2. Methods of its FilesystemStore instance are replaced, each with the same contract.
 *    s3rver's controllers (GET, HEAD, PUT, COPY, DELETE, listing, UploadPartCopy) reach objects
 *    only through these methods, so teaching them manifest objects (object-files.ts) makes every
 *    operation work on both kinds. Also fixed on the way: `bytes=0-0` served as the whole
 *    object, PutObject writing in place (a concurrent GET saw half an object), delete/listing
 *    races (see below).
 *
 * Upgrading s3rver means re-reading its store and app against both.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { cloneData, commitSinglePart, streamParts } from './manifest-data';
import { ObjectFiles, isMissing } from './object-files';
import {
  S3Object,
  pickMetadata,
  type FilesystemStore,
  type KoaMiddleware,
  type S3rverApp,
  type StoredObject,
} from './s3rver-internals';

/** Re-reads after finding a manifest's data retired (deleted/replaced meanwhile); more means a bug. */
const MAX_READ_ATTEMPTS = 5;

const noSuchObject = (key: string) => Object.assign(new Error(`ENOENT: no such object ${key}`), { code: 'ENOENT' });

/** The object streams getObject handed out during the current request (see releasingUnusedStreams). */
const requestStreams = new AsyncLocalStorage<Readable[]>();

/**
 * Runs s3rver's handling of a request, then destroys the object streams it obtained but did
 * not make the response body: s3rver answers a conditional GET with 304 and drops the stream,
 * which would keep a file open (and a deleted manifest object's parts on disk) for good.
 */
export async function releasingUnusedStreams(ctx: { body: unknown }, next: () => Promise<unknown>): Promise<unknown> {
  const streams: Readable[] = [];
  try {
    return await requestStreams.run(streams, next);
  } finally {
    for (const stream of streams) if (stream !== ctx.body) stream.destroy();
  }
}

function fixReads(store: FilesystemStore, files: ObjectFiles): void {
  store.getMetadata = async (bucket, key) => {
    const opened = await files.open(bucket, key);
    if (!opened) throw noSuchObject(key);
    try {
      return (await files.metadataOf(bucket, key, opened)) as Record<string, string>;
    } finally {
      await opened.handle.close();
    }
  };

  // Also serves `bytes=0-0` as one byte (s3rver read an end of 0 as "no end").
  store.getObject = async (bucket, key, options) => {
    for (let attempt = 1; ; attempt++) {
      const opened = await files.open(bucket, key);
      if (!opened) return null;
      let handedOver = false;
      try {
        const metadata = await files.metadataOf(bucket, key, opened);
        const size = Number(metadata['content-length']);
        const hasRange = options !== undefined && (options.start !== undefined || options.end !== undefined);
        const start = options?.start ?? 0;
        const end = Math.min(options?.end ?? Infinity, size - 1);
        const object: StoredObject = new S3Object(bucket, key, null, metadata);
        if (hasRange) object.range = { start, end };
        if (hasRange && (start < 0 || start > end)) return object; // unsatisfiable: no content → 416
        if (!opened.manifest) {
          // From the handle opened above: a rename meanwhile cannot mix two objects' bytes.
          object.content = opened.handle.createReadStream(size === 0 ? {} : { start, end });
          handedOver = true;
          requestStreams.getStore()?.push(object.content);
          return object;
        }
        const content = await streamParts(files, bucket, opened.manifest, start, end);
        if (content) {
          object.content = content;
          requestStreams.getStore()?.push(content);
          return object;
        }
        if (attempt >= MAX_READ_ATTEMPTS) throw new Error(`the data of ${bucket}/${key} keeps disappearing`);
      } finally {
        if (!handedOver) await opened.handle.close();
      }
    }
  };
}

function fixWrites(store: FilesystemStore, files: ObjectFiles): void {
  /**
   * Puts a body written by files.writeTemp in place as a plain object, with its sidecars.
   * Bytes that start like a manifest are kept as a one-part manifest instead, so that a file
   * starting with the magic is always a real manifest (manifest.ts).
   */
  const storeWritten = async (
    bucket: string,
    key: string,
    written: Awaited<ReturnType<ObjectFiles['writeTemp']>>,
    metadata: Record<string, unknown>,
  ) => {
    const { temp, size, md5 } = written;
    try {
      if (written.looksLikeManifest) {
        await commitSinglePart(files, bucket, key, temp, { size, etag: md5, metadata: pickMetadata(metadata) });
      } else {
        await files.replace(bucket, key, temp, { beforeRename: () => files.putSidecars(bucket, key, metadata, md5) });
      }
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
  };

  // Written to a temp file and renamed into place (s3rver wrote the object file in place).
  store.putObject = async (object) => {
    const written = await files.writeTemp(object.bucket, object.content);
    await storeWritten(object.bucket, object.key, written, object.metadata);
    return { size: written.size, md5: written.md5 };
  };

  store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacementMetadata) => {
    const samePlace = files.objectPath(srcBucket, srcKey) === files.objectPath(destBucket, destKey);
    for (let attempt = 1; ; attempt++) {
      const source = await files.open(srcBucket, srcKey);
      if (!source) throw noSuchObject(srcKey);
      let handedOver = false;
      try {
        const metadata = replacementMetadata ? pickMetadata(replacementMetadata) : undefined;
        if (source.manifest) {
          if (samePlace) {
            // Only the metadata changes (s3rver refuses a self-copy without REPLACE).
            await files.commitManifest(destBucket, destKey, { ...source.manifest, metadata: metadata ?? source.manifest.metadata });
            break;
          }
          const dataId = await cloneData(files, srcBucket, source.manifest, destBucket, destKey);
          if (dataId !== undefined) {
            const copy = { ...source.manifest, dataId, metadata: metadata ?? source.manifest.metadata };
            await files.commitManifest(destBucket, destKey, copy).catch(async (err: unknown) => {
              await fs.rm(files.dataDir(destBucket, dataId), { recursive: true, force: true });
              throw err;
            });
            break;
          }
          if (attempt >= MAX_READ_ATTEMPTS) throw new Error(`the data of ${srcBucket}/${srcKey} keeps disappearing`);
          continue;
        }
        const sourceMetadata = await files.metadataOf(srcBucket, srcKey, source);
        const md5 = JSON.parse(String(sourceMetadata.etag)) as string;
        if (samePlace) {
          if (metadata) await store.putMetadata(destBucket, destKey, metadata, md5);
          break;
        }
        handedOver = true; // the stream closes the handle
        const written = await files.writeTemp(destBucket, source.handle.createReadStream({ start: 0 }));
        await storeWritten(destBucket, destKey, written, metadata ?? sourceMetadata);
        break;
      } finally {
        if (!handedOver) await source.handle.close();
      }
    }
    return store.getMetadata(destBucket, destKey);
  };

  /**
   * s3rver's deleteObject then removed "empty" parent folders with a recursive rm after a
   * readdir check: concurrent deletes in one folder failed (ENOENT → 500, e.g. DeleteObjects),
   * and a PutObject landing in between was silently deleted with the folder. Empty folders are
   * harmless (listing is by object files), so they are left in place.
   */
  store.deleteObject = (bucket, key) => files.remove(bucket, key);
}

/** s3rver lists by walking folders with statSync: a file deleted meanwhile throws ENOENT → 500. */
function fixListingRaces(store: FilesystemStore): void {
  const list = store.listObjects.bind(store);
  store.listObjects = async (bucket, options) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await list(bucket, options);
      } catch (err) {
        if (!isMissing(err) || attempt >= 5) throw err;
      }
    }
  };
}

/** Applies both changes to one s3rver app (before it serves any request). */
export function patchS3rver(app: S3rverApp, files: ObjectFiles, requestLayer: KoaMiddleware): void {
  fixReads(app.store, files);
  fixWrites(app.store, files);
  fixListingRaces(app.store);
  // s3rver's app is [logger, xml-body, mount, vhost, router]: run just before the router.
  app.middleware.splice(app.middleware.length - 1, 0, requestLayer);
}
