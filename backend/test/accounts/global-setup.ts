/**
 * globalSetup of the "accounts" Vitest project: starts a real PostgreSQL (postgres.ts) for the
 * suite's PostgreSQL half and stops it afterwards; the PGlite half needs nothing. PostgreSQL is
 * never skipped silently: if it is not installed or does not start, the PostgreSQL tests FAIL with
 * the reason, unless REELAY_DB_TARGETS=pglite is set.
 */
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startPostgres, type RunningPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DATABASE_URL of the suite's PostgreSQL, or why there is none; null: not wanted. */
    postgres: { ok: true; url: string } | { ok: false; error: string } | null;
  }
}

export default async function setup(project: TestProject) {
  const targets = (process.env.REELAY_DB_TARGETS ?? 'pglite,postgres').split(',');
  if (!targets.includes('postgres')) {
    project.provide('postgres', null);
    return;
  }
  const bin = findPostgresBin();
  if (!bin) {
    project.provide('postgres', {
      ok: false,
      error: 'PostgreSQL is not installed (no initdb): install it with `sudo scripts/install-system-deps.sh`, or set REELAY_DB_TARGETS=pglite',
    });
    return;
  }
  let pg: RunningPostgres | undefined;
  try {
    pg = await startPostgres(bin);
    project.provide('postgres', { ok: true, url: pg.url });
  } catch (err) {
    project.provide('postgres', { ok: false, error: (err as Error).message });
  }
  return async () => {
    await pg?.stop();
  };
}
