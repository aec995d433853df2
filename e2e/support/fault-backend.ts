/**
 * A Reelay backend for the fault tests, which e2e/support/backend.ts cannot give:
 * - optionally behind the fault proxy (backend/test/faults/fault-proxy.ts): S3_PUBLIC_ENDPOINT is
 *   the proxy, so the extension's part PUTs go browser → proxy → embedded store;
 * - stoppable and startable again on the SAME ports and DATA_DIR (a server restart): the API
 *   token, the store credentials and everything in the bucket survive, presigned URLs stay valid.
 * It satisfies TestBackend, so the shared checks (checkStoredRecording, store-inspect) work on it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultProxy } from '../../backend/test/faults/fault-proxy';
import type { S3Clients } from '../../backend/src/s3/client';
import { startReelay, type ReelayServer } from '../../backend/src/server';
import type { TestBackend } from './backend';
import { unusedPort } from './static-server';

export interface FaultBackend extends TestBackend {
  /** The proxy in front of the store (only with `proxy: true`). */
  proxy: FaultProxy | undefined;
  readonly running: boolean;
  readonly server: ReelayServer;
  /** The backend (API + its embedded store) goes away: connections refused. */
  stop(): Promise<void>;
  /** Back on the same ports and data. */
  start(): Promise<void>;
}

export interface FaultBackendOptions {
  /** Put the fault proxy between browsers and the store. */
  proxy?: boolean;
  /** Fixed ports (needed to restart): the API port, and the store's when there is no proxy. */
  fixedPorts?: boolean;
  /** More backend settings (e.g. PART_URL_TTL_SECONDS). */
  env?: Record<string, string>;
  log?: boolean;
}

export async function startFaultBackend(options: FaultBackendOptions = {}): Promise<FaultBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reelay-e2e-faults-data-'));
  const proxy = options.proxy ? await FaultProxy.start(options.log ? { log: (l) => console.log(`[proxy] ${l}`) } : {}) : undefined;
  const port = options.fixedPorts ? String(await unusedPort()) : '0';
  // Behind the proxy the store's own port may change between starts: the proxy follows it.
  const storePort = options.fixedPorts && !proxy ? String(await unusedPort()) : '0';
  const env = {
    DATA_DIR: dataDir,
    PORT: port,
    EMBEDDED_S3_PORT: storePort,
    SWEEP_INTERVAL_SECONDS: '0',
    ...(proxy ? { S3_PUBLIC_ENDPOINT: proxy.url } : {}),
    ...options.env,
  };
  const log = options.log ? (line: string) => console.log(`[backend] ${line}`) : () => {};

  let server: ReelayServer | undefined;
  let lastServer: ReelayServer;
  const start = async () => {
    if (server) return;
    server = await startReelay(env, { log });
    lastServer = server;
    if (port === '0') env.PORT = String(server.port); // a restart comes back on the same port
    proxy?.setUpstream(server.embeddedS3!.endpoint);
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
