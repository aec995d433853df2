/**
 * The embedded store's own tests start stores on temporary directories; everything a test starts
 * (directories, stores, clients) is undone after it, in reverse order, whatever happened.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterEach } from 'vitest';
import type { EmbeddedS3 } from '../index';
import { makeClient } from '../../backend/contract/helpers';
import { startEmbeddedTarget, type StoreTarget } from '../../backend/contract/targets';

export const BUCKET = 'reelay';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Runs `fn` after the current test. */
export function afterThisTest(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

/** A new empty directory, removed after the test. */
export async function freshDirectory(prefix = 'reelay-embedded-'): Promise<string> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  afterThisTest(() => fs.rm(directory, { recursive: true, force: true }));
  return directory;
}

/** Starts a store on `directory` with an S3 client; both stopped after the test (stopping twice is harmless). */
export async function startStore(
  directory: string,
  opts: { corsOrigins?: string[]; log?: (line: string) => void } = {},
): Promise<{ store: EmbeddedS3; s3: S3Client; target: StoreTarget }> {
  const { store, target } = await startEmbeddedTarget(directory, { bucket: BUCKET, corsOrigins: opts.corsOrigins ?? [], ...(opts.log ? { log: opts.log } : {}) });
  const s3 = makeClient(target);
  afterThisTest(async () => {
    s3.destroy();
    await store.stop();
  });
  return { store, s3, target };
}
