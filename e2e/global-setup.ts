/**
 * Builds the extension once per run into a fresh temp dir and hands its path to the
 * workers through REELAY_DIST (environment set here reaches the worker processes).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export default async function globalSetup(): Promise<(() => Promise<void>) | void> {
  if (process.env.REELAY_DIST) return; // reuse a build the caller made
  const outDir = await mkdtemp(join(tmpdir(), 'reelay-e2e-dist-'));
  await build({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  process.env.REELAY_DIST = outDir;
  return async () => {
    await rm(outDir, { recursive: true, force: true });
  };
}
