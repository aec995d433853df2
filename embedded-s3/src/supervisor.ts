/**
 * Starts and supervises the embedded store's CHILD PROCESS (child.ts), so that no request can
 * bring the backend down. If the child dies it is restarted on the same port (presigned URLs
 * stay valid); startup errors (e.g. port in use) reject startEmbeddedS3 with one clear message.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { chmod, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChildMessage, ParentMessage } from './child';
import type { StoreServerConfig } from './server';

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
  /** Where restarts and store-process output are reported (default: stderr). */
  log?: (line: string) => void;
  /** Give up on a start attempt after this long (default 20 s). */
  startTimeoutMs?: number;
}

export interface EmbeddedS3 {
  /** e.g. http://127.0.0.1:8788 */
  endpoint: string;
  region: string;
  /** Process id of the current store process (changes after a restart). */
  readonly pid: number | undefined;
  /** How many times the store process was restarted after dying. */
  readonly restarts: number;
  stop(): Promise<void>;
}

const CHILD_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));
/** tsx's loader, by absolute URL so that it resolves whatever the cwd is. */
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const REGION = 'us-east-1';

/** Store processes must not outlive the backend, even when it exits without stop(). */
const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

interface Running {
  child: ChildProcess;
  port: number;
}

/** Forks one store process and waits for it to listen. */
function launch(config: StoreServerConfig, log: (line: string) => void, timeoutMs: number): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD_ENTRY, [], {
      execArgv: ['--import', TSX_LOADER],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    liveChildren.add(child);
    child.once('exit', () => liveChildren.delete(child));
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log(`[embedded-s3] ${line}`);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(new Error(`embedded S3 store did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    let settled = false;
    const settle = (result: Error | Running) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onEarlyExit);
      if (result instanceof Error) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        reject(result);
      } else resolve(result);
    };
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready') settle({ child, port: message.port });
      else settle(new Error(message.message));
    };
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) => {
      // A 'failed' message may still be queued behind the exit: give it a moment.
      setTimeout(() => {
        const detail = output.trim().split('\n').slice(-5).join(' | ');
        settle(
          new Error(
            `embedded S3 store process exited during startup (${signal ?? `code ${code}`})${detail ? `: ${detail}` : ''}`,
          ),
        );
      }, 50);
    };
    child.on('message', onMessage);
    child.on('exit', onEarlyExit);
    child.on('error', (err) => settle(new Error(`embedded S3 store could not be started: ${err.message}`)));
    child.send({ type: 'start', config } satisfies ParentMessage);
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  // Private to this user (the child's umask keeps what it writes 0600; see child.ts).
  await mkdir(options.directory, { recursive: true, mode: 0o700 });
  await chmod(options.directory, 0o700);
  const config: StoreServerConfig = {
    directory: options.directory,
    host,
    port: options.port,
    bucket: options.bucket,
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    corsOrigins: options.corsOrigins,
  };

  let current = await launch(config, log, timeoutMs);
  // Restarts reuse the port actually obtained, so URLs presigned before a crash keep working.
  config.port = current.port;
  let stopped = false;
  let restarts = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let backoffMs = 100;

  const supervise = (running: Running) => {
    const startedAt = Date.now();
    running.child.once('exit', (code, signal) => {
      if (stopped) return;
      if (Date.now() - startedAt > 10_000) backoffMs = 100;
      log(`[embedded-s3] store process exited (${signal ?? `code ${code}`}); restarting in ${backoffMs} ms`);
      scheduleRestart();
    });
  };
  const scheduleRestart = () => {
    restartTimer = setTimeout(async () => {
      restartTimer = undefined;
      if (stopped) return;
      try {
        const next = await launch(config, log, timeoutMs);
        if (stopped) {
          next.child.kill('SIGTERM');
          return;
        }
        current = next;
        restarts++;
        supervise(current);
        log(`[embedded-s3] store process restarted (pid ${current.child.pid})`);
      } catch (err) {
        log(`[embedded-s3] restart failed: ${(err as Error).message}`);
        backoffMs = Math.min(backoffMs * 2, 5000);
        scheduleRestart();
      }
    }, backoffMs);
    backoffMs = Math.min(backoffMs * 2, 5000);
  };
  supervise(current);

  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${current.port}`,
    region: REGION,
    get pid() {
      return current.child.pid;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      current.child.kill('SIGTERM');
      await waitForExit(current.child, 3000);
    },
  };
}
