/**
 * A real Reelay backend (with its embedded S3 store) in a fresh temp dir, on
 * ephemeral ports, for one test worker. REELAY_E2E_BACKEND_LOG=1 prints its log lines.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Clients } from '../../backend/src/s3/client';
import { startReelay } from '../../backend/src/server';

export interface TestBackend {
  url: string;
  apiToken: string;
  dataDir: string;
  /** The backend's own S3 clients (`s3.api`, `s3.bucket`): tests inspect the store directly. */
  s3: S3Clients;
  close(): Promise<void>;
}

export async function startTestBackend(): Promise<TestBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reelay-e2e-data-'));
  try {
    const server = await startReelay({ DATA_DIR: dataDir, PORT: '0', EMBEDDED_S3_PORT: '0' }, { log: process.env.REELAY_E2E_BACKEND_LOG ? (line) => console.log(`[backend] ${line}`) : () => {} });
    return {
      url: server.url,
      apiToken: server.apiToken,
      dataDir,
      s3: server.s3,
      close: async () => {
        await server.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}
