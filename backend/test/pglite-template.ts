/**
 * Creating an embedded database (PGlite's initdb) takes 5–15 s on a busy 2-core machine, and every
 * API test starts servers with a fresh DATA_DIR. So a template database, migrated, is made once
 * per PGlite version and schema (globalSetup of the Vitest projects that start servers), and
 * `seedDataDir` copies it into a fresh DATA_DIR (≈ 0.1 s). The product code path is unchanged:
 * the server opens DATA_DIR/db as it would after any restart.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/open';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

function templateDir(): string {
  const pglite = JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version as string;
  const schema = createHash('sha256').update(readFileSync(join(ROOT, 'backend/src/db/migrations.ts'))).digest('hex').slice(0, 12);
  return join(tmpdir(), `reelay-pglite-template-${pglite}-${schema}`);
}

/** Makes the template if it is missing (atomically: concurrent runs agree on one). */
export async function ensurePGliteTemplate(): Promise<string> {
  const dir = templateDir();
  if (existsSync(join(dir, 'db', 'PG_VERSION'))) return dir;
  const building = await mkdtemp(`${dir}.building-`);
  const db = await openDatabase({ databaseUrl: undefined, dataDir: building, log: () => undefined });
  await db.close();
  try {
    await rename(building, dir);
  } catch {
    await rm(building, { recursive: true, force: true }); // another run made it first
  }
  return dir;
}

/** Copies the template's database (made first if missing) into DATA_DIR/db. */
export async function seedDataDir(dataDir: string): Promise<void> {
  const dir = await ensurePGliteTemplate();
  await cp(join(dir, 'db'), join(dataDir, 'db'), { recursive: true });
}

/** Vitest globalSetup. */
export default async function setup(): Promise<void> {
  await ensurePGliteTemplate();
}
