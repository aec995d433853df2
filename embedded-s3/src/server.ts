/**
 * Builds and runs the embedded S3 server (in the store's child process, see child.ts):
 * s3rver + our request layer in front of its router + fixes to its store (s3rver-patches.ts),
 * which keeps completed multipart uploads as manifests of their parts (object-files.ts).
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recoverObjectFiles } from './manifest-recovery';
import { ObjectFiles } from './object-files';
import { createRequestLayer } from './request-layer';
import { patchS3rver } from './s3rver-patches';
import { DUMMY_ACCOUNT, S3rver } from './s3rver-internals';

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

export async function runStoreServer(config: StoreServerConfig): Promise<{ port: number; close(): Promise<void> }> {
  await mkdir(config.directory, { recursive: true, mode: 0o700 });
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
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const files = new ObjectFiles(app.store, log);
  const layer = createRequestLayer({
    store: app.store,
    files,
    lookupSecret: (id) => (id === config.accessKeyId ? config.secretAccessKey : undefined),
  });
  patchS3rver(app, files, layer as never);
  // Listen ourselves rather than app.run(): s3rver leaves listen errors (EADDRINUSE) as an
  // unhandled 'error' event, which would kill the process instead of reporting the cause.
  await app.configureBuckets();
  // Before listening: recovery must not race with requests (see manifest-recovery.ts).
  await recoverObjectFiles(app.store, files, log);
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
