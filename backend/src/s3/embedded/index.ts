/**
 * Embedded S3-compatible store used when no S3_ENDPOINT is configured.
 * INITIAL VERSION (in-process @20minutes/s3rver, no shims yet): the store helper
 * replaces the internals; the exported signature below is the contract.
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface EmbeddedS3Options {
  /** Folder that holds the store's objects (created if missing). */
  directory: string;
  /** 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Origins allowed by the bucket CORS, e.g. ["chrome-extension://*", "http://localhost:8787"]. */
  corsOrigins: string[];
}

export interface EmbeddedS3 {
  /** e.g. http://127.0.0.1:8788 */
  endpoint: string;
  region: string;
  stop(): Promise<void>;
}

export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  const { default: S3rver } = { default: require('@20minutes/s3rver') } as { default: any };
  const { DUMMY_ACCOUNT } = require('@20minutes/s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
  };
  DUMMY_ACCOUNT.createKeyPair(options.accessKeyId, options.secretAccessKey);
  await mkdir(options.directory, { recursive: true });
  const cors = `<CORSConfiguration><CORSRule>${options.corsOrigins
    .map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`)
    .join('')}<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
  const server = new S3rver({
    address: options.host ?? '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    configureBuckets: [{ name: options.bucket, configs: [cors] }],
  });
  const address = (await server.run()) as { address: string; port: number };
  return {
    endpoint: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    region: 'us-east-1',
    stop: () => server.close(),
  };
}
