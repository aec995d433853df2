/**
 * The database: PostgreSQL when DATABASE_URL is set (any number of processes may share it),
 * else PGlite embedded in this process with its files under DATA_DIR/db. Both are reached through
 * one Kysely instance with the Postgres dialect, so every query (Reelay's and better-auth's) is
 * the same SQL on both. Migrations run here, before anything else touches the database.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../config';
import { migrate } from './migrations';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './schema';

export interface Db {
  kysely: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** Where the data lives: DATA_DIR/db, or the URL without its password. */
  location: string;
  /**
   * Runs `fn` while no other Reelay process is inside its own withStartupLock (a session advisory
   * lock on PostgreSQL; PGlite has one process). Used for first-start work such as the first admin.
   */
  withStartupLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const STARTUP_LOCK = 0x7265656c; // "reel"

export async function openDatabase(opts: { databaseUrl: string | undefined; dataDir: string; log: (line: string) => void }): Promise<Db> {
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPGlite(join(opts.dataDir, 'db'), opts.log);
  try {
    await migrate(db.kysely);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}

async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const location = redact(url);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new ConfigError(`Invalid DATABASE_URL (${location}): cannot connect: ${(err as Error).message}`);
  }
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    kind: 'postgres',
    location,
    async withStartupLock(fn) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
        return await fn();
      } finally {
        await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    close: () => kysely.destroy(),
  };
}

async function openPGlite(dir: string, log: (line: string) => void): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    // Created beside and renamed into place, so a first start cut short leaves no half-made database.
    if (existsSync(dir) && (await readdir(dir)).length > 0) {
      throw new ConfigError(`${dir} is not a database (no PG_VERSION): move it away, or set DATA_DIR to another directory`);
    }
    log(`Creating the embedded database in ${dir} (first start only, a few seconds)`);
    const building = `${dir}.creating-${process.pid}`;
    await rm(building, { recursive: true, force: true });
    await mkdir(building, { recursive: true, mode: 0o700 });
    await (await PGlite.create(building)).close();
    await rm(dir, { recursive: true, force: true }); // an empty directory at most (checked above)
    await rename(building, dir);
  }
  await chmod(dir, 0o700);
  const pglite = await PGlite.create(dir);
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  // PGlite creates its files world-readable; the directory is 0700 and we tighten what it wrote.
  await restrictTree(dir);
  return {
    kysely,
    kind: 'pglite',
    location: dir,
    withStartupLock: (fn) => fn(),
    async close() {
      await kysely.destroy();
      await restrictTree(dir).catch(() => undefined);
    },
  };
}

/** Directories 0700, files 0600, under `dir`. */
async function restrictTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await chmod(path, 0o700);
      await restrictTree(path);
    } else if (entry.isFile()) {
      await chmod(path, 0o600);
    }
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
