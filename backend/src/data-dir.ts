/**
 * Secrets generated once and kept in DATA_DIR (API token, embedded store credentials),
 * so a restart keeps the extension's settings and the store's data valid.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
    await mkdir(dataDir, { recursive: true });
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
