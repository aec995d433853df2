/**
 * A real Reelay backend (with its embedded S3 store) in a fresh temp dir, on
 * ephemeral ports, for one test worker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReelay } from '../../backend/src/server';

export interface TestBackend {
  url: string;
  apiToken: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestBackend(): Promise<TestBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reelay-e2e-data-'));
  try {
    const server = await startReelay({ DATA_DIR: dataDir, PORT: '0', EMBEDDED_S3_PORT: '0' }, { log: () => {} });
    return {
      url: server.url,
      apiToken: server.apiToken,
      dataDir,
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
