/**
 * startReelay: configuration → (embedded store) → bucket setup → HTTP server → sweeper.
 * Used by main.ts (`npm start`) and by tests (PORT=0, EMBEDDED_S3_PORT=0, temp DATA_DIR).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { startAccounts, type Accounts } from './accounts';
import { createApp } from './app';
import { ConfigError, parseConfig, type Config, type S3Settings } from './config';
import { makeDataDirPrivate, randomToken, readOrCreateSecret, readOrCreateStoreCredentials } from './data-dir';
import { openDatabase, type Db } from './db/open';
import { errorBody } from './http/errors';
import { Catalog } from './library/catalog';
import { importBucketOnce } from './library/bucket-import';
import { startEmbeddedS3, type EmbeddedS3 } from '../../embedded-s3';
import { RECORDINGS_PREFIX } from './recordings/keys';
import { RecordingService } from './recordings/service';
import { RecordingStore } from './recordings/store';
import { Sweeper } from './recordings/sweeper';
import { UploadTokens } from './recordings/tokens';
import { setUpBucket } from './s3/bucket-setup';
import { createS3Clients, type S3Clients } from './s3/client';

/** The configuration after start: every default and generated value filled in. */
export interface ResolvedConfig extends Config {
  publicUrl: string;
  apiToken: string;
  s3: S3Settings & { endpoint: string; publicEndpoint: string };
}

export interface ReelayServer {
  /** PUBLIC_URL (default http://localhost:<port>): what the extension and share links use. */
  url: string;
  /** A loopback URL of the HTTP server, e.g. http://127.0.0.1:41234. */
  localUrl: string;
  port: number;
  apiToken: string;
  config: ResolvedConfig;
  /** Set when the embedded store runs (no S3_ENDPOINT). */
  embeddedS3: { endpoint: string; directory: string } | undefined;
  s3: S3Clients;
  recordings: RecordingService;
  sweeper: Sweeper;
  db: Db;
  accounts: Accounts;
  catalog: Catalog;
  /** The first admin (API_TOKEN is their personal token). */
  admin: { id: string; email: string };
  /** While the first admin has no password: the link that sets it (printed by `npm start`). */
  firstSignInUrl: string | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: (line: string) => void;
}

export async function startReelay(
  env: Record<string, string | undefined>,
  opts: StartOptions = {},
): Promise<ReelayServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const config = parseConfig(env);
  // Only when something lives there (an API token, the embedded database or store).
  if (!config.apiToken || !config.databaseUrl || !config.s3.endpoint) await makeDataDirPrivate(config.dataDir);
  const apiToken = config.apiToken ?? (await readOrCreateSecret(config.dataDir, 'api-token', () => randomToken(32)));

  // Listen first: with PORT=0 the public URL (and so the bucket CORS) depends on the port.
  // `env` is @hono/node-server's { incoming, outgoing }: per-address limits read the socket's address.
  let handler: ((req: Request, env: unknown) => Response | Promise<Response>) | undefined;
  const server = createAdaptorServer({
    fetch: (req: Request, env: unknown) =>
      handler ? handler(req, env) : Response.json(errorBody('starting', 'The server is starting'), { status: 503 }),
  }) as Server;
  const port = await listen(server, config.port, config.host);
  const cleanups: Array<() => Promise<void> | void> = [() => closeServer(server)];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => undefined);
  };

  try {
    const publicUrl = config.publicUrl ?? `http://localhost:${port}`;
    const corsOrigins = [...config.extensionOrigins, new URL(publicUrl).origin];

    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
    cleanups.push(() => db.close());
    const { accounts, admin, firstSignInUrl } = await startAccounts({
      db,
      publicUrl,
      trustedOrigins: corsOrigins,
      adminEmail: config.adminEmail,
      authSecret: config.authSecret,
      apiToken,
      log,
    });
    const catalog = new Catalog(db.kysely, publicUrl);

    let embedded: EmbeddedS3 | undefined;
    let s3: ResolvedConfig['s3'];
    if (config.s3.endpoint) {
      s3 = { ...config.s3, endpoint: config.s3.endpoint, publicEndpoint: config.s3.publicEndpoint ?? config.s3.endpoint };
    } else {
      const credentials =
        config.s3.accessKeyId && config.s3.secretAccessKey
          ? { accessKeyId: config.s3.accessKeyId, secretAccessKey: config.s3.secretAccessKey }
          : await readOrCreateStoreCredentials(config.dataDir);
      const directory = join(config.dataDir, 's3');
      embedded = await startEmbeddedS3({
        directory,
        host: '127.0.0.1',
        port: config.embeddedS3Port,
        bucket: config.s3.bucket,
        ...credentials,
        corsOrigins,
        log,
      }).catch((err: NodeJS.ErrnoException) => {
        if (err?.code === 'EADDRINUSE' || /EADDRINUSE|already in use/i.test(String(err?.message))) {
          throw new ConfigError(`Invalid EMBEDDED_S3_PORT (${config.embeddedS3Port}): the port is already in use`);
        }
        throw err;
      });
      const running = embedded;
      cleanups.push(() => running.stop());
      s3 = {
        ...config.s3,
        ...credentials,
        endpoint: embedded.endpoint,
        publicEndpoint: config.s3.publicEndpoint ?? embedded.endpoint,
        region: embedded.region,
        forcePathStyle: true,
      };
      log(`Embedded S3 store: ${embedded.endpoint} (bucket "${s3.bucket}", data in ${directory})`);
    }

    const clients = createS3Clients(s3);
    cleanups.push(() => clients.destroy());
    await setUpBucket({
      client: clients.api,
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      region: s3.region,
      corsOrigins,
      createAndCors: !embedded,
      lifecyclePrefix: RECORDINGS_PREFIX,
      log,
    });

    const tokens = new UploadTokens(apiToken, config.uploadTokenSecret);
    const recordings = new RecordingService({
      store: new RecordingStore(clients),
      tokens,
      publicUrl,
      partUrlTtlSeconds: config.partUrlTtlSeconds,
      videoUrlTtlSeconds: config.videoUrlTtlSeconds,
    });
    // Before the store and the database stop: complete's cleanup runs after its answer.
    cleanups.push(() => recordings.settled());
    await db.withStartupLock(() => importBucketOnce({ db: db.kysely, catalog, recordings, ownerId: admin.id, log }));
    const sweeper = new Sweeper({
      store: recordings.store,
      maxAgeSeconds: config.sweepMaxAgeSeconds,
      intervalSeconds: config.sweepIntervalSeconds,
      log,
      onPendingRemoved: (id) => recordings.forgetPending(id),
    });
    const app = createApp({
      tokens,
      accounts,
      catalog,
      db: db.kysely,
      firstAdminId: admin.id,
      recordings,
      publicUrl,
      extensionOrigins: config.extensionOrigins,
      uploadMaxBytes: config.uploadMaxBytes,
      accountLimits: config.accountLimits,
      commentsPerMinute: config.commentsPerMinute,
      viewReportsPerMinute: config.viewReportsPerMinute,
      signInAttempts: { perAddressPerMinute: config.signInAttemptsPerMinute, perAccountPer15Minutes: config.signInAttemptsPerAccount },
      checkStore: () => recordings.store.isReachable(),
      log,
    });
    handler = (req, env) => app.fetch(req, env as object);
    sweeper.start();
    cleanups.push(() => sweeper.stop());

    let closing: Promise<void> | undefined;
    return {
      url: publicUrl,
      localUrl: `http://${loopbackHost(config.host)}:${port}`,
      port,
      apiToken,
      config: { ...config, publicUrl, apiToken, s3 },
      embeddedS3: embedded ? { endpoint: embedded.endpoint, directory: join(config.dataDir, 's3') } : undefined,
      s3: clients,
      recordings,
      sweeper,
      db,
      accounts,
      catalog,
      admin: { id: admin.id, email: admin.email },
      firstSignInUrl,
      close: () => (closing ??= cleanup()),
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new ConfigError(`Invalid PORT (${port}): the port is already in use`)
          : err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND'
            ? new ConfigError(`Invalid HOST (${host}): cannot listen on this address`)
            : err,
      );
    };
    server.once('error', onError);
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    if (host) server.listen(port, host, onListening);
    else server.listen(port, onListening);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function loopbackHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
