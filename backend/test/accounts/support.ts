/**
 * Support for the accounts suite: a server on the wanted database (PGlite, or a fresh database on
 * the suite's PostgreSQL), and a client that signs in with cookies like a browser page would.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { startBackendProcess, type BackendProcess } from '../../../bench/lib/backend-process';
import { startTestServer, type TestServer } from '../helpers';

export type DbTarget = 'pglite' | 'postgres';

export function dbTargets(): DbTarget[] {
  return (process.env.REELAY_DB_TARGETS ?? 'pglite,postgres').split(',').filter((t): t is DbTarget => t === 'pglite' || t === 'postgres');
}

/** DATABASE_URL of the suite's PostgreSQL; throws (the test fails) with the reason when there is none. */
export function postgresUrl(): string {
  const info = inject('postgres');
  if (!info) throw new Error('PostgreSQL was not started (REELAY_DB_TARGETS excludes it)');
  if (!info.ok) throw new Error(info.error);
  return info.url;
}

/** A new, empty database on the suite's PostgreSQL; returns its URL. */
export async function freshDatabase(): Promise<string> {
  const url = postgresUrl();
  const name = `reelay_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export const API_TOKEN = 'test-api-token-' + randomBytes(12).toString('hex');

export async function startOn(target: DbTarget, env: Record<string, string> = {}): Promise<TestServer> {
  const database: Record<string, string> = target === 'postgres' ? { DATABASE_URL: await freshDatabase() } : {};
  return startTestServer({ API_TOKEN, ...database, ...env });
}

export interface Call {
  status: number;
  json: any;
  headers: Headers;
}

/** One HTTP call to `base`; `cookie` (a jar) is sent and filled like a browser's. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; jar?: Map<string, string>; origin?: string } = {},
): Promise<Call> {
  const headers: Record<string, string> = {};
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.jar?.size) headers.cookie = [...opts.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  if (opts.origin) headers.origin = opts.origin;
  const res = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), redirect: 'manual' });
  for (const cookie of res.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const eq = pair!.indexOf('=');
    opts.jar?.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

export interface TwoProcesses {
  one: BackendProcess;
  two: BackendProcess;
  /** The server whose embedded store is the shared bucket. */
  storeHost: TestServer;
  stop(): Promise<void>;
}

/**
 * Two backend processes (each its own event loop and memory) started at the same moment on one
 * fresh PostgreSQL database, sharing one bucket: the embedded store of a third server, used only
 * as the S3 store. `env` is added to both.
 */
export async function twoProcessesOnOnePostgres(env: Record<string, string> = {}): Promise<TwoProcesses> {
  const storeHost = await startOn('pglite');
  const s3 = storeHost.reelay.config.s3;
  const shared = {
    DATABASE_URL: await freshDatabase(),
    API_TOKEN,
    S3_ENDPOINT: s3.endpoint!,
    S3_REGION: s3.region,
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId!,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey!,
    ...env,
  };
  const [one, two] = await Promise.all([startBackendProcess(shared), startBackendProcess(shared)]);
  return {
    one,
    two,
    storeHost,
    async stop() {
      await Promise.all([one.stop(), two.stop()]);
      await storeHost.stop();
    },
  };
}
