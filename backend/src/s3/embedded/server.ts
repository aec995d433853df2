/**
 * Builds and runs the embedded S3 server (in the store's child process, see child.ts):
 * s3rver + our request layer in front of its router + a Range fix in its store.
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { createRequestLayer } from './request-layer';
import { DUMMY_ACCOUNT, S3rver, type FilesystemStore, type StoredObject } from './s3rver-internals';

const require = createRequire(import.meta.url);
const S3Object = require('@20minutes/s3rver/lib/models/object.js') as new (
  bucket: string,
  key: string,
  content: unknown,
  metadata: Record<string, string>,
) => StoredObject;

export interface StoreServerConfig {
  directory: string;
  host: string;
  port: number;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  corsOrigins: string[];
}

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

export function corsXml(origins: string[]): string {
  return (
    '<CORSConfiguration><CORSRule>' +
    origins.map((o) => `<AllowedOrigin>${escapeXml(o)}</AllowedOrigin>`).join('') +
    '<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>' +
    '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>' +
    '</CORSRule></CORSConfiguration>'
  );
}

/**
 * s3rver's store serves `bytes=0-0` as the whole object (it treats end 0 as "no end").
 * Same contract as FilesystemStore#getObject, with an explicit end honoured.
 */
function fixRangeReads(store: FilesystemStore): void {
  const { createReadStream } = require('node:fs') as typeof import('node:fs');
  store.getObject = async (bucket, key, options) => {
    let metadata: Record<string, string>;
    try {
      metadata = await store.getMetadata(bucket, key);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const size = Number(metadata['content-length']);
    const hasRange = options !== undefined && (options.start !== undefined || options.end !== undefined);
    const start = options?.start ?? 0;
    const end = Math.min(options?.end ?? Infinity, size - 1);
    const object = new S3Object(bucket, key, null, metadata);
    if (hasRange) object.range = { start, end };
    if (hasRange && (start < 0 || start > end)) return object; // unsatisfiable: no content
    object.content = await new Promise((resolve, reject) => {
      const path = store.getResourcePath(bucket, key, 'object');
      const stream = createReadStream(path, size === 0 ? {} : { start, end })
        .on('error', reject)
        .on('open', () => resolve(stream));
    });
    return object;
  };
}

export async function runStoreServer(config: StoreServerConfig): Promise<{ port: number; close(): Promise<void> }> {
  await mkdir(config.directory, { recursive: true });
  DUMMY_ACCOUNT.createKeyPair(config.accessKeyId, config.secretAccessKey);
  const app = new S3rver({
    address: config.host,
    port: config.port,
    directory: config.directory,
    silent: true,
    // Path-style only: with vhost buckets on, any non-IP host name would be read as a bucket.
    vhostBuckets: false,
    // Signatures are verified by our request layer (sigv4.ts) before s3rver sees the request;
    // s3rver's own check mis-canonicalises `/bucket/` and must not veto bucket-level calls.
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: config.bucket, configs: config.corsOrigins.length ? [corsXml(config.corsOrigins)] : [] }],
  });
  fixRangeReads(app.store);
  const layer = createRequestLayer({
    store: app.store,
    lookupSecret: (id) => (id === config.accessKeyId ? config.secretAccessKey : undefined),
  });
  // s3rver's app is [logger, xml-body, mount, vhost, router]: run just before the router.
  app.middleware.splice(app.middleware.length - 1, 0, layer as never);
  // Listen ourselves rather than app.run(): s3rver leaves listen errors (EADDRINUSE) as an
  // unhandled 'error' event, which would kill the process instead of reporting the cause.
  await app.configureBuckets();
  const server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
