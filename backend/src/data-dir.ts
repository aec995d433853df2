/**
 * Secrets generated once and kept in DATA_DIR (API token, embedded store credentials),
 * so a restart keeps the extension's settings and the store's data valid; and DATA_DIR kept
 * private to the user running Reelay (directories 0700, files 0600).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from './config';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Reads DATA_DIR/<name>, or creates it (mode 0600) with `generate()`.
 * `wx` makes concurrent first starts agree on one value.
 */
export async function readOrCreateSecret(dataDir: string, name: string, generate: () => string): Promise<string> {
  const path = join(dataDir, name);
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new ConfigError(`Invalid DATA_DIR (${dataDir}): cannot create it: ${(err as Error).message}`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const value = (await readFile(path, 'utf8')).trim();
      if (value) return value;
      throw new ConfigError(`${path} is empty: delete it to generate a new one`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        if (err instanceof ConfigError) throw err;
        throw new ConfigError(`Cannot read ${path}: ${(err as Error).message}`);
      }
    }
    try {
      const value = generate();
      await writeFile(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
      return value;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ConfigError(`Cannot write ${path}: ${(err as Error).message}`);
      }
      // Another process created it first: read theirs.
    }
  }
  throw new ConfigError(`Cannot read or create ${path}`);
}

/** What every file and directory this process creates from now on may grant: nothing to group or others. */
export const PRIVATE_UMASK = 0o077;

/**
 * Makes DATA_DIR private: created 0700 (or tightened to 0700 if it exists, which also closes
 * what earlier versions left 0644 beneath it), and this process's umask set to 0077 so that
 * whatever is written under it later (the embedded database's files, which PGlite creates
 * world-readable otherwise) is 0600 / 0700. The embedded store's child process does the same
 * for the objects (embedded-s3/src/child.ts).
 */
export async function makeDataDirPrivate(dataDir: string): Promise<void> {
  try {
    // process.umask() cannot be set from a worker thread; the main thread's umask applies there.
    process.umask(PRIVATE_UMASK);
  } catch {
    // e.g. ERR_WORKER_UNSUPPORTED_OPERATION: modes below are still explicit.
  }
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chmod(dataDir, 0o700);
  } catch (err) {
    throw new ConfigError(`Invalid DATA_DIR (${dataDir}): cannot create it or make it private: ${(err as Error).message}`);
  }
}

export interface StoreCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Embedded store credentials, kept as DATA_DIR/s3-credentials ("<id>:<secret>"). */
export async function readOrCreateStoreCredentials(dataDir: string): Promise<StoreCredentials> {
  const line = await readOrCreateSecret(
    dataDir,
    's3-credentials',
    () => `REELAY${randomBytes(7).toString('hex').toUpperCase()}:${randomToken(30)}`,
  );
  const [accessKeyId, secretAccessKey] = line.split(':');
  if (!accessKeyId || !secretAccessKey) {
    throw new ConfigError(`${join(dataDir, 's3-credentials')} is malformed: delete it to generate new credentials`);
  }
  return { accessKeyId, secretAccessKey };
}
