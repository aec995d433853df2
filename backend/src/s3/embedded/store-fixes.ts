/**
 * Fixes to s3rver's FilesystemStore, applied to the store instance of our app (node_modules
 * untouched). Each replaces one method with the same contract.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import type { FilesystemStore, StoredObject } from './s3rver-internals';

const require = createRequire(import.meta.url);
const S3Object = require('@20minutes/s3rver/lib/models/object.js') as new (
  bucket: string,
  key: string,
  content: unknown,
  metadata: Record<string, string>,
) => StoredObject;

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';

/** s3rver serves `bytes=0-0` as the whole object (it reads an end of 0 as "no end"). */
function fixRangeReads(store: FilesystemStore): void {
  store.getObject = async (bucket, key, options) => {
    let metadata: Record<string, string>;
    try {
      metadata = await store.getMetadata(bucket, key);
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    const size = Number(metadata['content-length']);
    const hasRange = options !== undefined && (options.start !== undefined || options.end !== undefined);
    const start = options?.start ?? 0;
    const end = Math.min(options?.end ?? Infinity, size - 1);
    const object = new S3Object(bucket, key, null, metadata);
    if (hasRange) object.range = { start, end };
    if (hasRange && (start < 0 || start > end)) return object; // unsatisfiable: no content → 416
    object.content = await new Promise((resolve, reject) => {
      const stream = createReadStream(store.getResourcePath(bucket, key, 'object'), size === 0 ? {} : { start, end })
        .on('error', reject)
        .on('open', () => resolve(stream));
    });
    return object;
  };
}

/**
 * s3rver's deleteObject then removes "empty" parent directories with a recursive rm after a
 * readdir check: concurrent deletes in one folder fail (ENOENT → 500, e.g. DeleteObjects), and a
 * PutObject landing in between is silently deleted with the folder. Empty folders are harmless
 * (listing is by object files), so they are left in place.
 */
function fixDeletes(store: FilesystemStore): void {
  store.deleteObject = async (bucket, key) => {
    await Promise.all(
      ['object', 'object.md5', 'metadata.json', 'tagging.xml'].map((resource) =>
        fs.unlink(store.getResourcePath(bucket, key, resource)).catch((err) => {
          if (!isMissing(err)) throw err;
        }),
      ),
    );
  };
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

export function applyStoreFixes(store: FilesystemStore): void {
  fixRangeReads(store);
  fixDeletes(store);
  fixListingRaces(store);
}
