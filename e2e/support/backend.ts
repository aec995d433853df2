/**
 * A real Reelay backend (API + its embedded S3 store) in a fresh temp dir, on ephemeral ports.
 * The fault tests ask for more:
 * - `proxy`: the fault proxy (backend/test/faults/fault-proxy.ts) between browsers and the store:
 *   S3_PUBLIC_ENDPOINT is the proxy, so the extension's part PUTs go browser → proxy → store;
 * - stop() and start() again on the SAME ports and DATA_DIR (a server restart): the API token,
 *   the store credentials and everything in the bucket survive, presigned URLs stay valid.
 * REELAY_E2E_BACKEND_LOG=1 prints the backend's (and the proxy's) log lines.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultProxy } from '../../backend/test/faults/fault-proxy';
import type { S3Clients } from '../../backend/src/s3/client';
import { startReelay, type ReelayServer } from '../../backend/src/server';
import { seedDataDir } from '../../backend/test/pglite-template';

export interface TestBackend {
  url: string;
  apiToken: string;
  dataDir: string;
  /** The backend's own S3 clients (`s3.api`, `s3.bucket`): tests inspect the store directly. */
  s3: S3Clients;
  close(): Promise<void>;
}

export interface ControllableBackend extends TestBackend {
  /** The proxy in front of the store (only with `proxy: true`). */
  proxy: FaultProxy | undefined;
  readonly running: boolean;
  /** The server started last. */
  readonly server: ReelayServer;
  /** The backend (API + its embedded store) goes away: connections refused. */
  stop(): Promise<void>;
  /** Back on the same ports and data. */
  start(): Promise<void>;
}

export interface TestBackendOptions {
  /** Put the fault proxy between browsers and the store. */
  proxy?: boolean;
  /** More backend settings (e.g. PART_URL_TTL_SECONDS). */
  env?: Record<string, string>;
}

const logTo = (prefix: string) => (process.env.REELAY_E2E_BACKEND_LOG ? (line: string) => console.log(`[${prefix}] ${line}`) : undefined);

export async function startTestBackend(options: TestBackendOptions = {}): Promise<ControllableBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reelay-e2e-data-'));
  await seedDataDir(dataDir); // a migrated embedded database, copied: initdb once, not per test
  const proxyLog = logTo('proxy');
  const proxy = options.proxy ? await FaultProxy.start(proxyLog ? { log: proxyLog } : {}) : undefined;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PORT: '0',
    EMBEDDED_S3_PORT: '0',
    // The sweeper would abort uploads the tests leave unfinished on purpose (outages, crashes).
    SWEEP_INTERVAL_SECONDS: '0',
    ...(proxy ? { S3_PUBLIC_ENDPOINT: proxy.url } : {}),
    ...options.env,
  };
  const log = logTo('backend') ?? (() => {});

  let server: ReelayServer | undefined;
  let lastServer: ReelayServer;
  const start = async () => {
    if (server) return;
    server = await startReelay(env, { log });
    lastServer = server;
    // A restart comes back on the same ports. Behind the proxy the store's own port may change
    // (the proxy follows it); without one, presigned URLs name the store's port: keep it.
    env.PORT = String(server.port);
    if (proxy) proxy.setUpstream(server.embeddedS3!.endpoint);
    else env.EMBEDDED_S3_PORT = new URL(server.embeddedS3!.endpoint).port;
  };
  try {
    await start();
  } catch (error) {
    await proxy?.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    proxy,
    dataDir,
    get running() {
      return server !== undefined;
    },
    get server() {
      return lastServer;
    },
    get url() {
      return lastServer.url;
    },
    get apiToken() {
      return lastServer.apiToken;
    },
    get s3(): S3Clients {
      if (!server) throw new Error('the backend is stopped: its store cannot be inspected');
      return server.s3;
    },
    stop: async () => {
      const s = server;
      server = undefined;
      await s?.close();
    },
    start,
    close: async () => {
      await server?.close();
      server = undefined;
      await proxy?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A backend of its own for one test, closed afterwards whatever happens. */
export async function withTestBackend<T>(options: TestBackendOptions, body: (backend: ControllableBackend) => Promise<T>): Promise<T> {
  const backend = await startTestBackend(options);
  try {
    return await body(backend);
  } finally {
    await backend.close();
  }
}
