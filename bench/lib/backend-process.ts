/** Starts a Reelay backend in its own process (embedded store, temp DATA_DIR, port 0). */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export interface BackendProcess {
  url: string;
  apiToken: string;
  /** Every line the backend logged so far (startup, store restarts, storage errors, ...). */
  logs: string[];
  stop(): Promise<void>;
}

export async function startBackendProcess(env: Record<string, string> = {}): Promise<BackendProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'reelay-bench-'));
  const child = fork(fileURLToPath(new URL('./server-child.ts', import.meta.url)), [], {
    execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href],
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', EMBEDDED_S3_PORT: '0', SWEEP_INTERVAL_SECONDS: '0', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const logs: string[] = [];
  const ready = await new Promise<{ url: string; apiToken: string }>((resolve, reject) => {
    child.on('message', (m: { type?: string; line?: string; url?: string; apiToken?: string }) => {
      if (m.type === 'log' && m.line !== undefined) logs.push(m.line);
      if (m.type === 'ready') resolve({ url: m.url!, apiToken: m.apiToken! });
    });
    child.once('exit', (code) => reject(new Error(`backend process exited during startup (code ${code})`)));
  });
  return {
    ...ready,
    logs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
